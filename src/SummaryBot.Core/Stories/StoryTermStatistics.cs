namespace SummaryBot.Core.Stories;

/// <summary>
/// An online estimate of document frequency, kept compact: one 16-bit counter per hashed term slot
/// (2^18 slots, 512 KB whatever the number of articles), and a document count. When the count
/// reaches <see cref="HalvingPeriod"/> every counter is halved, so the estimate follows recent news.
/// A term's weight is scaled by its inverse document frequency relative to a pseudo-corpus of
/// <see cref="PriorDocuments"/> documents in which nothing occurs: with few articles seen, the
/// built-in <see cref="StoryLexicon"/> prior decides alone. Thread-safe.
/// </summary>
public sealed class StoryTermStatistics
{
    internal const int PriorDocuments = 20;
    internal const int HalvingPeriod = 100_000;
    private const int SlotBits = 18;

    private readonly Lock _lock = new();
    private readonly ushort[] _counts = new ushort[1 << SlotBits];
    private int _documents;

    public int Documents => _documents;

    /// <summary>The IDF factor in (0, 1]: 1 for a term never seen, near 0 for one in every document.</summary>
    public float Factor(uint term)
    {
        var n = Volatile.Read(ref _documents) + PriorDocuments;
        var df = _counts[Slot(term)];
        return MathF.Max(0.02f, MathF.Log(n / (df + 1f)) / MathF.Log(n));
    }

    /// <summary>Counts one document's distinct terms.</summary>
    public void Add(IEnumerable<uint> distinctTerms)
    {
        ArgumentNullException.ThrowIfNull(distinctTerms);
        lock (_lock)
        {
            foreach (var term in distinctTerms)
            {
                ref var count = ref _counts[Slot(term)];
                if (count < ushort.MaxValue)
                {
                    count++;
                }
            }

            if (++_documents >= HalvingPeriod)
            {
                for (var i = 0; i < _counts.Length; i++)
                {
                    _counts[i] >>= 1;
                }

                _documents /= 2;
            }
        }
    }

    private static int Slot(uint term) => (int)((term * 2654435769u) >> (32 - SlotBits));
}
