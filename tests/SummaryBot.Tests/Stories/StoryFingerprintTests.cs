using SummaryBot.Core.Articles;
using SummaryBot.Core.Stories;

namespace SummaryBot.Tests.Stories;

public sealed class StoryFingerprintTests
{
    [Fact]
    public void ToBytes_RoundTrip_KeepsTermsWeightsAndSimilarity()
    {
        var fingerprint = StoryFingerprint.Create(StoryTestArticles.CarGift(), 32);

        var copy = StoryFingerprint.FromBytes(fingerprint.ToBytes());

        Assert.NotNull(copy);
        Assert.Equal(fingerprint.Terms.ToArray(), copy.Terms.ToArray());
        Assert.Equal(fingerprint.Weights.ToArray(), copy.Weights.ToArray());
        Assert.Equal(1.0, fingerprint.Similarity(copy), 6);
    }

    [Fact]
    public void ToBytes_ThirtyTwoTerms_IsUnder300Bytes()
    {
        var bytes = StoryFingerprint.Create(StoryTestArticles.DefencePact(), 32).ToBytes();

        Assert.Equal(1 + (32 * 5), bytes.Length);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 1, 0, 0, 0 })]
    [InlineData(new byte[] { 2, 5, 0, 0, 0, 1, 0, 0, 0, 9, 9 })]
    public void FromBytes_Malformed_ReturnsNull(byte[] bytes)
    {
        Assert.Null(StoryFingerprint.FromBytes(bytes));
    }

    [Fact]
    public void Create_WordingVariants_NormalizeToTheSameTerms()
    {
        var a = new Article("a", "Kim Jong-un's car", ["Kim Jong-un's cars arrived in Pyongyang on February 18."], null, null, null);
        var b = new Article("b", "Kim Jong Un car", ["Kim Jong Un’s car arrived in Pyongyang on 18 February."], null, null, null);

        var similarity = StoryFingerprint.Create(a, 32).Similarity(StoryFingerprint.Create(b, 32));

        Assert.True(similarity > 0.95, $"similarity was {similarity}");
    }

    [Fact]
    public void Keys_AreTheHeaviestTermsAndStable()
    {
        var fingerprint = StoryFingerprint.Create(StoryTestArticles.Bridge(), 32);

        var keys = fingerprint.Keys(8);

        Assert.Equal(8, keys.Length);
        Assert.Equal(keys, StoryFingerprint.Create(StoryTestArticles.Bridge(), 32).Keys(8));
        Assert.All(keys, k => Assert.Contains(k, fingerprint.Terms.ToArray()));
    }
}
