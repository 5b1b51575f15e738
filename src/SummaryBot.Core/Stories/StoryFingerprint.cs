using System.Buffers.Binary;
using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Stories;

/// <summary>
/// What the index remembers of one report: its strongest terms, hashed to 32 bits and sorted by
/// hash, with weights quantized to a byte (relative to the strongest term). With 32 terms that is
/// 160 bytes. Similarity is the cosine of the two quantized vectors with each shared term's part
/// capped (see <see cref="MaxTermShare"/>).
/// </summary>
public sealed class StoryFingerprint
{
    private readonly uint[] _terms;
    private readonly byte[] _weights;

    internal StoryFingerprint(uint[] terms, byte[] weights, int contentWords = 0)
    {
        _terms = terms;
        _weights = weights;
        ContentWords = contentWords;
    }

    public int Count => _terms.Length;

    /// <summary>
    /// How many distinct content words (not function words, not words common in all news) the
    /// article had; 0 when the fingerprint was read back from bytes (it is not stored).
    /// </summary>
    public int ContentWords { get; }

    public ReadOnlySpan<uint> Terms => _terms;

    public ReadOnlySpan<byte> Weights => _weights;

    /// <summary>Builds the fingerprint of an article from its title and paragraphs.</summary>
    /// <param name="statistics">Document frequencies learned so far; null for the built-in prior alone.</param>
    public static StoryFingerprint Create(Article article, int termCount, StoryTermStatistics? statistics = null) =>
        Create(article, termCount, statistics, out _);

    /// <param name="allTerms">Every distinct term hash of the article (to count it in the statistics).</param>
    internal static StoryFingerprint Create(Article article, int termCount, StoryTermStatistics? statistics, out uint[] allTerms) =>
        Create(article, termCount, statistics, out allTerms, out _);

    /// <param name="vector">The article's full-text vector, which decides among the candidates the fingerprint finds.</param>
    internal static StoryFingerprint Create(Article article, int termCount, StoryTermStatistics? statistics, out uint[] allTerms, out StoryTermVector vector)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentOutOfRangeException.ThrowIfLessThan(termCount, 1);
        var weights = StoryText.Terms(article.Title ?? string.Empty, article.Paragraphs ?? [], out var counts);
        var contentWords = weights.Keys.Count(term => !term.Contains(':', StringComparison.Ordinal) && StoryLexicon.PriorWeight(term) > StoryLexicon.CommonWeight);
        var hashed = weights.Select(pair => (Hash: StoryHash.Term(pair.Key), Weight: pair.Value)).ToList();
        allTerms = hashed.Select(t => t.Hash).Distinct().ToArray();
        var hashedCounts = new Dictionary<uint, float>(counts.Count);
        var hashedWeights = new Dictionary<uint, float>(counts.Count);
        foreach (var (term, count) in counts)
        {
            var hash = StoryHash.Term(term);
            hashedCounts[hash] = hashedCounts.GetValueOrDefault(hash) + count;
            hashedWeights[hash] = hashedWeights.GetValueOrDefault(hash) + weights[term];
        }

        vector = StoryTermVector.Create(hashedWeights, hashedCounts, contentWords);
        var fingerprint = FromWeights(
            statistics is null ? hashed : hashed.Select(t => (t.Hash, t.Weight * statistics.Factor(t.Hash))), termCount);
        return new StoryFingerprint(fingerprint._terms, fingerprint._weights, contentWords);
    }

    /// <summary>Keeps the <paramref name="termCount"/> heaviest terms (ties broken by hash) and quantizes them.</summary>
    internal static StoryFingerprint FromWeights(IEnumerable<(uint Hash, float Weight)> weights, int termCount)
    {
        // Two terms can share a 32-bit hash: add them up rather than keep two entries.
        var merged = new Dictionary<uint, float>();
        foreach (var (hash, weight) in weights)
        {
            if (weight > 0)
            {
                merged[hash] = merged.GetValueOrDefault(hash) + weight;
            }
        }

        var top = merged.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(termCount).ToList();
        if (top.Count == 0)
        {
            return new StoryFingerprint([], []);
        }

        var max = top[0].Value;
        top.Sort((a, b) => a.Key.CompareTo(b.Key));
        var terms = new uint[top.Count];
        var quantized = new byte[top.Count];
        for (var i = 0; i < top.Count; i++)
        {
            terms[i] = top[i].Key;
            quantized[i] = (byte)Math.Clamp((int)MathF.Round(top[i].Value / max * 255f), 1, 255);
        }

        return new StoryFingerprint(terms, quantized);
    }

    /// <summary>
    /// The most one shared term can add to <see cref="Similarity"/>. Reports about the same person
    /// or place share its name, and the name is their heaviest term: with plain cosine that one
    /// name (counted as "Snoop Dogg", "Snoop" and "Dogg") can carry two different events over the
    /// threshold. Capped, a report must share several terms to join a story.
    /// </summary>
    internal const double MaxTermShare = 0.03;

    /// <summary>
    /// The same-story score in [0, 1]: the cosine of the two fingerprints, with each shared term's
    /// part of it capped at <see cref="MaxTermShare"/> (so identical fingerprints score below 1).
    /// This is what <see cref="StoryOptions.SimilarityThreshold"/> applies to.
    /// </summary>
    public double Similarity(StoryFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Similarity(_terms, _weights, other._terms, other._weights);
    }

    /// <summary>The plain cosine similarity in [0, 1] (1 for identical fingerprints).</summary>
    public double Cosine(StoryFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Cosine(_terms, _weights, other._terms, other._weights, double.PositiveInfinity);
    }

    /// <summary>The capped cosine (see <see cref="Similarity(StoryFingerprint)"/>) of two sparse vectors given as hash-sorted terms and byte weights.</summary>
    internal static double Similarity(ReadOnlySpan<uint> aTerms, ReadOnlySpan<byte> aWeights, ReadOnlySpan<uint> bTerms, ReadOnlySpan<byte> bWeights) =>
        Cosine(aTerms, aWeights, bTerms, bWeights, MaxTermShare);

    /// <summary>
    /// The cosine of two sparse vectors by a merge over their hash-sorted terms, each shared
    /// term's product capped at <paramref name="maxTermShare"/> of the norm product.
    /// </summary>
    private static double Cosine(ReadOnlySpan<uint> aTerms, ReadOnlySpan<byte> aWeights, ReadOnlySpan<uint> bTerms, ReadOnlySpan<byte> bWeights, double maxTermShare)
    {
        var norms = Math.Sqrt(SquaredNorm(aWeights)) * Math.Sqrt(SquaredNorm(bWeights));
        if (norms == 0)
        {
            return 0;
        }

        var cap = maxTermShare * norms;
        var sum = 0.0;
        int i = 0, j = 0;
        while (i < aTerms.Length && j < bTerms.Length)
        {
            var a = aTerms[i];
            var b = bTerms[j];
            if (a == b)
            {
                sum += Math.Min(aWeights[i++] * bWeights[j++], cap);
            }
            else if (a < b)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum / norms;
    }

    internal static long SquaredNorm(ReadOnlySpan<byte> weights)
    {
        long sum = 0;
        foreach (var w in weights)
        {
            sum += w * w;
        }

        return sum;
    }

    /// <summary>
    /// The lookup keys: the hashes of the <paramref name="keyCount"/> heaviest terms. Two reports
    /// are compared only when they share at least one key, so lookup reads a fixed number of buckets.
    /// </summary>
    public uint[] Keys(int keyCount) => TopKeys(_terms, _weights, keyCount);

    internal static uint[] TopKeys(ReadOnlySpan<uint> terms, ReadOnlySpan<byte> weights, int keyCount)
    {
        var order = new (byte Weight, uint Term)[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            order[i] = (weights[i], terms[i]);
        }

        // Heaviest first, ties by hash: every worker derives the same keys from the same fingerprint.
        Array.Sort(order, (x, y) => x.Weight != y.Weight ? y.Weight.CompareTo(x.Weight) : x.Term.CompareTo(y.Term));
        var count = Math.Min(keyCount, order.Length);
        var keys = new uint[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = order[i].Term;
        }

        return keys;
    }

    /// <summary>Compact binary form: count, then the hashes (little-endian), then the weights.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[1 + (_terms.Length * 5)];
        bytes[0] = (byte)_terms.Length;
        for (var i = 0; i < _terms.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1 + (i * 4)), _terms[i]);
        }

        _weights.CopyTo(bytes, 1 + (_terms.Length * 4));
        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>; null when the bytes are not a valid fingerprint.</summary>
    public static StoryFingerprint? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 1 || bytes.Length != 1 + (bytes[0] * 5))
        {
            return null;
        }

        var count = bytes[0];
        var terms = new uint[count];
        for (var i = 0; i < count; i++)
        {
            terms[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(1 + (i * 4))..]);
            if (i > 0 && terms[i] <= terms[i - 1])
            {
                return null;
            }
        }

        return new StoryFingerprint(terms, bytes[(1 + (count * 4))..].ToArray());
    }
}
