using SummaryBot.Testing.Evaluation;

namespace SummaryBot.Tests.Summaries;

public sealed class RougeScorerTests
{
    [Fact]
    public void Tokenize_MixedText_LowercasedAlphanumericRuns()
    {
        Assert.Equal(["the", "u", "s", "said", "3", "5", "isn", "t"], RougeScorer.Tokenize("The U.S. said: 3.5 -- isn't"));
    }

    [Fact]
    public void RougeN_HandComputedUnigrams_ExpectedScores()
    {
        // candidate "the cat sat on the mat" (6), reference "the cat is on the mat" (6):
        // the x2, cat, on, mat match = 5 -> P = R = F = 5/6.
        var score = RougeScorer.RougeN("the cat sat on the mat", "the cat is on the mat", 1);

        Assert.Equal(5.0 / 6, score.Precision, 6);
        Assert.Equal(5.0 / 6, score.Recall, 6);
        Assert.Equal(5.0 / 6, score.F1, 6);
    }

    [Fact]
    public void RougeN_HandComputedBigrams_ClipsRepeatsAndUsesBothLengths()
    {
        // candidate bigrams: the-cat, cat-the, the-cat (3); reference: the-cat, cat-sat (2).
        // the-cat counted once (clipped to reference count 1): P = 1/3, R = 1/2, F = 0.4.
        var score = RougeScorer.RougeN("the cat the cat", "the cat sat", 2);

        Assert.Equal(1.0 / 3, score.Precision, 6);
        Assert.Equal(0.5, score.Recall, 6);
        Assert.Equal(0.4, score.F1, 6);
    }

    [Fact]
    public void RougeL_HandComputedLcs_ExpectedScores()
    {
        // LCS("a b c d e", "a c e f") = "a c e" = 3: P = 3/5, R = 3/4, F = 2PR/(P+R) = 2/3.
        var score = RougeScorer.RougeL("a b c d e", "a c e f");

        Assert.Equal(3, RougeScorer.LongestCommonSubsequence(["a", "b", "c", "d", "e"], ["a", "c", "e", "f"]));
        Assert.Equal(0.6, score.Precision, 6);
        Assert.Equal(0.75, score.Recall, 6);
        Assert.Equal(2.0 / 3, score.F1, 6);
    }

    [Fact]
    public void RougeN_EmptyCandidate_Zero()
    {
        Assert.Equal(0, RougeScorer.RougeN(string.Empty, "some reference", 1).F1);
        Assert.Equal(0, RougeScorer.RougeL("...", "some reference").F1);
    }
}
