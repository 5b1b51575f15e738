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
        Assert.Equal(1.0, fingerprint.Cosine(copy), 6);
        Assert.Equal(fingerprint.Similarity(fingerprint), fingerprint.Similarity(copy), 6);
    }

    [Fact]
    public void Similarity_OnlyOneHeavyTermShared_IsCappedAtMaxTermShare()
    {
        // One shared name that dominates both fingerprints: a high cosine, but not one event.
        var a = StoryFingerprint.FromWeights([(1u, 10f), (2u, 1f), (3u, 1f)], 32);
        var b = StoryFingerprint.FromWeights([(1u, 10f), (4u, 1f), (5u, 1f)], 32);

        Assert.True(a.Cosine(b) > 0.9, $"cosine was {a.Cosine(b)}");
        Assert.Equal(StoryFingerprint.MaxTermShare, a.Similarity(b), 6);
    }

    [Fact]
    public void Similarity_ManyEvenTermsShared_IsTheCosineWithEachTermCapped()
    {
        // 32 terms of equal weight, 20 shared: the cosine is 20/32 and each term's part, 1/32, is capped.
        var a = StoryFingerprint.FromWeights(Enumerable.Range(0, 32).Select(i => ((uint)i, 1f)), 32);
        var b = StoryFingerprint.FromWeights(Enumerable.Range(12, 32).Select(i => ((uint)i, 1f)), 32);

        Assert.Equal(20.0 / 32, a.Cosine(b), 6);
        Assert.Equal(20 * StoryFingerprint.MaxTermShare, a.Similarity(b), 6);
        Assert.Equal(a.Similarity(b), b.Similarity(a), 12);
    }

    [Fact]
    public void Similarity_NothingShared_IsZero()
    {
        var a = StoryFingerprint.FromWeights([(1u, 1f), (2u, 1f)], 32);
        var b = StoryFingerprint.FromWeights([(3u, 1f), (4u, 1f)], 32);
        var empty = StoryFingerprint.FromWeights([], 32);

        Assert.Equal(0, a.Similarity(b));
        Assert.Equal(0, a.Similarity(empty));
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

        var cosine = StoryFingerprint.Create(a, 32).Cosine(StoryFingerprint.Create(b, 32));

        Assert.True(cosine > 0.95, $"cosine was {cosine}");
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
