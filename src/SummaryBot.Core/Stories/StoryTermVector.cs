using System.Buffers.Binary;

namespace SummaryBot.Core.Stories;

/// <summary>
/// The full text of one report as the same-story decision compares it: every distinct term
/// (content words, names, numbers, dates, quoted pairs; at most <see cref="MaxTerms"/>), hashed
/// to 32 bits and sorted by hash, with how often it occurs (the title counted twice, capped at
/// 255). Two reports are compared by the cosine of their TF-IDF vectors: sublinear term frequency
/// times the inverse document frequency learned online (<see cref="StoryTermStatistics"/>), so a
/// word every report uses weighs nothing and a name or number only this event has weighs most.
/// The 32-term fingerprint finds the candidates; this vector decides, because the fingerprint's
/// cut drops much of what tells two events about one subject apart (see Stories/README.md).
/// </summary>
public sealed class StoryTermVector
{
    /// <summary>The most terms kept (the heaviest by term frequency times the built-in prior): 2.5 KB at most.</summary>
    public const int MaxTerms = 512;

    private readonly uint[] _terms;
    private readonly byte[] _counts;

    private StoryTermVector(uint[] terms, byte[] counts, int contentWords)
    {
        _terms = terms;
        _counts = counts;
        ContentWords = contentWords;
    }

    public int Count => _terms.Length;

    /// <summary>Distinct content words of the report (see <see cref="StoryFingerprint.ContentWords"/>): kept so a thin report is never joined.</summary>
    public int ContentWords { get; }

    /// <param name="priorWeights">Term hash to sublinear frequency times the prior (decides which terms are kept when there are too many).</param>
    /// <param name="counts">Term hash to occurrences.</param>
    internal static StoryTermVector Create(IReadOnlyDictionary<uint, float> priorWeights, IReadOnlyDictionary<uint, float> counts, int contentWords)
    {
        var kept = counts.Keys
            .OrderByDescending(h => priorWeights.GetValueOrDefault(h))
            .ThenBy(h => h)
            .Take(MaxTerms)
            .Order()
            .ToArray();
        var quantized = new byte[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            quantized[i] = (byte)Math.Clamp((int)MathF.Round(counts[kept[i]]), 1, 255);
        }

        return new StoryTermVector(kept, quantized, contentWords);
    }

    /// <summary>
    /// The TF-IDF cosine in [0, 1] of two reports, each term weighted (1 + ln count) × the
    /// statistics' IDF factor (the same factor on both sides, so the score is symmetric).
    /// </summary>
    public double Cosine(StoryTermVector other, StoryTermStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(statistics);
        double dot = 0, a = 0, b = 0;
        int i = 0, j = 0;
        while (i < _terms.Length || j < other._terms.Length)
        {
            if (j >= other._terms.Length || (i < _terms.Length && _terms[i] < other._terms[j]))
            {
                var x = Weight(_counts[i], _terms[i], statistics);
                a += x * x;
                i++;
            }
            else if (i >= _terms.Length || other._terms[j] < _terms[i])
            {
                var y = Weight(other._counts[j], other._terms[j], statistics);
                b += y * y;
                j++;
            }
            else
            {
                var x = Weight(_counts[i], _terms[i], statistics);
                var y = Weight(other._counts[j], other._terms[j], statistics);
                a += x * x;
                b += y * y;
                dot += x * y;
                i++;
                j++;
            }
        }

        return a == 0 || b == 0 ? 0 : dot / Math.Sqrt(a * b);
    }

    private static double Weight(byte count, uint term, StoryTermStatistics statistics) =>
        (1.0 + Math.Log(count)) * statistics.Factor(term);

    /// <summary>Compact binary form: content words (2 bytes), term count (2 bytes), the hashes, the counts.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[4 + (_terms.Length * 5)];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)Math.Min(ContentWords, ushort.MaxValue));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), (ushort)_terms.Length);
        for (var i = 0; i < _terms.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 + (i * 4)), _terms[i]);
        }

        _counts.CopyTo(bytes, 4 + (_terms.Length * 4));
        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>; null when the bytes are not a valid vector.</summary>
    public static StoryTermVector? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            return null;
        }

        var contentWords = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        if (count > MaxTerms || bytes.Length != 4 + (count * 5))
        {
            return null;
        }

        var terms = new uint[count];
        for (var i = 0; i < count; i++)
        {
            terms[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 + (i * 4))..]);
            if (i > 0 && terms[i] <= terms[i - 1])
            {
                return null;
            }
        }

        var counts = bytes[(4 + (count * 4))..].ToArray();
        return Array.IndexOf(counts, (byte)0) >= 0 ? null : new StoryTermVector(terms, counts, contentWords);
    }
}
