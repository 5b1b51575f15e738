using System.Text.RegularExpressions;

namespace SummaryBot.Testing.Evaluation;

/// <summary>Precision, recall and F1 of one ROUGE measure, each in [0, 1].</summary>
public readonly record struct RougeScore(double Precision, double Recall, double F1)
{
    public static RougeScore From(int overlap, int candidateCount, int referenceCount)
    {
        var precision = candidateCount == 0 ? 0 : (double)overlap / candidateCount;
        var recall = referenceCount == 0 ? 0 : (double)overlap / referenceCount;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new RougeScore(precision, recall, f1);
    }
}

/// <summary>
/// ROUGE as the project's evaluation data reports it: tokens are the lowercased alphanumeric runs
/// of the text (no stemming, no stop words removed); ROUGE-N counts clipped n-gram matches;
/// ROUGE-L is the longest common subsequence over the whole summary and reference (not the
/// sentence-level union LCS). Shared by the tests and the benchmark program (SummaryBot.Testing); production never scores itself.
/// </summary>
public static partial class RougeScorer
{
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TokenRegex().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
    }

    public static RougeScore RougeN(string candidate, string reference, int n) => RougeN(Tokenize(candidate), Tokenize(reference), n);

    public static RougeScore RougeN(IReadOnlyList<string> candidate, IReadOnlyList<string> reference, int n)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var candidateGrams = NGrams(candidate, n);
        var referenceGrams = NGrams(reference, n);
        var overlap = 0;
        foreach (var (gram, count) in candidateGrams)
        {
            if (referenceGrams.TryGetValue(gram, out var referenceCount))
            {
                overlap += Math.Min(count, referenceCount);
            }
        }

        return RougeScore.From(overlap, Math.Max(0, candidate.Count - n + 1), Math.Max(0, reference.Count - n + 1));
    }

    public static RougeScore RougeL(string candidate, string reference) => RougeL(Tokenize(candidate), Tokenize(reference));

    public static RougeScore RougeL(IReadOnlyList<string> candidate, IReadOnlyList<string> reference)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        return RougeScore.From(LongestCommonSubsequence(candidate, reference), candidate.Count, reference.Count);
    }

    public static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                current[j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Count];
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var gram = string.Join(' ', tokens.Skip(i).Take(n));
            grams[gram] = grams.GetValueOrDefault(gram) + 1;
        }

        return grams;
    }

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex TokenRegex();
}
