using System.Globalization;
using System.Runtime.InteropServices;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Stories;

namespace SummaryBot.Testing.Stories;

/// <summary>
/// The same detection as <see cref="StoreStoryIndex"/>, held in process memory, for benchmarks,
/// evaluations and single-process tools. Each report is one slot: a record of
/// <c>5 + LookupKeys + FingerprintTerms × 1.25</c> 32-bit words (212 bytes with the defaults) in one
/// flat array, holding its time, squared norm, story, visit stamp, one chain link per lookup key, then its
/// term hashes and weight bytes, so that comparing one report reads one contiguous stretch of
/// memory. Each lookup key is the head of a chain through the slots that carry it, newest first.
/// A lookup walks at most <see cref="StoryOptions.MaxBucketEntries"/> slots per key, so its cost
/// does not grow with the number of stories; it walks its chains round-robin, so the processor
/// fetches several slots at once instead of waiting for each in turn, and it scores a slot by
/// probing the slot's terms in a small hash table of the query's terms (no branchy merge).
/// Thread-safe (one lock). Nothing is evicted: memory is 16 MB of chain heads plus about 250
/// bytes per report.
/// </summary>
public sealed class InMemoryStoryIndex(StoryOptions options, TimeProvider timeProvider) : IStoryIndex
{
    private const int NoSlot = -1;
    private const int HeadBits = 22;

    // Slot record layout (32-bit words): time in minutes, squared norm, story (two words),
    // visit stamp, chain links (one per key), term hashes, weight bytes (four per word).
    private const int MinutesField = 0;
    private const int SquaredNormField = 1;
    private const int StoryField = 2;
    private const int StampField = 4;
    private const int LinksField = 5;

    // The query's terms in an open-addressing table of 128 entries (a quarter full with 32 terms).
    private const int ProbeBits = 7;
    private const int ProbeMask = (1 << ProbeBits) - 1;

    private readonly Lock _lock = new();
    private readonly int _termCount = options.FingerprintTerms;
    private readonly int _keyCount = options.LookupKeys;
    private readonly int _termsField = LinksField + options.LookupKeys;
    private readonly int _weightsField = LinksField + options.LookupKeys + options.FingerprintTerms;
    private readonly int _stride = LinksField + options.LookupKeys + options.FingerprintTerms + ((options.FingerprintTerms + 3) / 4);

    // Bucket heads: a fixed table of 4M chains (16 MB) indexed by the key's hash. Keys that share
    // a head share a chain; that only adds comparisons, and the walk is capped anyway.
    private readonly int[] _heads = CreateHeads();
    private readonly Dictionary<ulong, int> _slotOfArticle = [];

    // Full-text vectors of the reports assigned from an article (not of those added by fingerprint alone).
    private readonly Dictionary<int, (ulong ArticleKey, StoryTermVector Vector)> _vectors = [];
    private readonly Dictionary<string, (ulong Story, DateTimeOffset Time)> _storyOfContent = new(StringComparer.Ordinal);
    private uint[] _slots = [];
    private int _capacity;
    private uint _stamp;
    private int _count;
    private int _stories;

    /// <summary>Document frequencies learned from the articles assigned so far.</summary>
    public StoryTermStatistics Statistics { get; } = new();

    public int ReportCount => _count;

    public int StoryCount => _stories;

    /// <summary>Fingerprints compared by all lookups so far (a load-independent measure of lookup cost).</summary>
    public long Comparisons { get; private set; }

    public Task<StoryAssignment> AssignAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        cancellationToken.ThrowIfCancellationRequested();
        var content = StoryHash.Content(article.Title ?? string.Empty, article.Paragraphs ?? []);
        var time = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_storyOfContent.TryGetValue(content, out var copyOf) && (time - copyOf.Time).Duration() <= options.Window)
            {
                // The same cleaned text as an earlier report: its story, as StoreStoryIndex decides.
                var newStory = ulong.Parse(StoryHash.NewStoryId(article.Name, article.Title ?? string.Empty), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                return Task.FromResult(ToAssignment(copyOf.Story, newStory));
            }
        }

        var fingerprint = StoryFingerprint.Create(article, _termCount, Statistics, out var allTerms, out var vector);
        Statistics.Add(allTerms);
        var assignment = Assign(article.Name, article.Title ?? string.Empty, fingerprint, vector, time);
        lock (_lock)
        {
            if (!_storyOfContent.TryGetValue(content, out var first) || (time - first.Time).Duration() > options.Window)
            {
                _storyOfContent[content] = (ulong.Parse(assignment.StoryId, NumberStyles.HexNumber, CultureInfo.InvariantCulture), time);
            }
        }

        return Task.FromResult(assignment);
    }

    /// <summary>
    /// Assigns a report whose fingerprint is already computed and whose full text is not at hand:
    /// it joins the most similar report by fingerprint at <see cref="FingerprintThreshold"/>.
    /// Idempotent per article name.
    /// </summary>
    public StoryAssignment Assign(string articleName, string title, StoryFingerprint fingerprint, DateTimeOffset time) =>
        Assign(articleName, title, fingerprint, null, time);

    /// <summary>
    /// With a full-text vector, the decision of <see cref="StoreStoryIndex"/>: the
    /// <see cref="StoryOptions.FullTextCandidates"/> reports most similar by fingerprint are
    /// compared by full text, and the best joins at <see cref="StoryOptions.SimilarityThreshold"/>.
    /// </summary>
    internal StoryAssignment Assign(string articleName, string title, StoryFingerprint fingerprint, StoryTermVector? vector, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(articleName);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var articleKey = StoryHash.ArticleKey(articleName);
        var newStory = ulong.Parse(StoryHash.NewStoryId(articleName, title ?? string.Empty), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        lock (_lock)
        {
            if (_slotOfArticle.TryGetValue(articleKey, out var existing))
            {
                return ToAssignment(StoryOf(existing), newStory);
            }

            var minutes = ToMinutes(time);
            var match = fingerprint.ContentWords >= options.MinContentWords ? MatchLocked(fingerprint, vector, minutes) : null;
            var story = match ?? newStory;
            var slot = AddLocked(fingerprint, story, minutes);
            _slotOfArticle[articleKey] = slot;
            if (vector is not null && fingerprint.ContentWords >= options.MinContentWords)
            {
                _vectors[slot] = (articleKey, vector);
            }

            _stories += match is null ? 1 : 0;
            return ToAssignment(story, newStory);
        }
    }

    /// <summary>
    /// The fingerprint similarity at which a report joins when no full text is at hand (the
    /// product's decision before full-text comparison; <see cref="Find"/> and the fingerprint-only
    /// <see cref="Assign(string, string, StoryFingerprint, DateTimeOffset)"/>).
    /// </summary>
    public const double FingerprintThreshold = 0.10;

    private ulong? MatchLocked(StoryFingerprint fingerprint, StoryTermVector? vector, int minutes)
    {
        if (vector is null)
        {
            var (story, similarity) = FindLocked(fingerprint, minutes, null);
            return similarity >= FingerprintThreshold ? story : null;
        }

        var ranked = new List<(int Slot, double Similarity, ulong Story, ulong ArticleKey)>();
        FindLocked(fingerprint, minutes, ranked);
        ulong? best = null;
        var bestSimilarity = 0.0;
        foreach (var (slot, _, story, _) in ranked
            .OrderByDescending(r => r.Similarity).ThenBy(r => r.Story).ThenBy(r => r.ArticleKey).Take(options.FullTextCandidates))
        {
            var similarity = _vectors.TryGetValue(slot, out var other) && other.Vector.ContentWords >= options.MinContentWords
                ? vector.Cosine(other.Vector, Statistics)
                : 0;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && best is { } b && story < b))
            {
                best = story;
                bestSimilarity = similarity;
            }
        }

        return bestSimilarity >= options.SimilarityThreshold ? best : null;
    }

    /// <summary>Lookup only: the story this fingerprint would join, or null for a new story.</summary>
    public string? Find(StoryFingerprint fingerprint, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        lock (_lock)
        {
            var (match, similarity) = FindLocked(fingerprint, ToMinutes(time), null);
            return match is { } story && similarity >= FingerprintThreshold ? FormatId(story) : null;
        }
    }

    /// <summary>Adds a report to a given story without lookup (benchmarks fill the index this way).</summary>
    internal void AddReport(StoryFingerprint fingerprint, ulong story, DateTimeOffset time, ulong articleKey)
    {
        lock (_lock)
        {
            _slotOfArticle[articleKey] = AddLocked(fingerprint, story, ToMinutes(time));
            _stories++;
        }
    }

    internal static string FormatId(ulong story) => story.ToString("x16", CultureInfo.InvariantCulture);

    private static StoryAssignment ToAssignment(ulong story, ulong newStory) => new(FormatId(story), story == newStory);

    private static int ToMinutes(DateTimeOffset time) =>
        (int)Math.Clamp((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMinute, int.MinValue, int.MaxValue);

    private ulong StoryOf(int slot)
    {
        var record = slot * _stride;
        return _slots[record + StoryField] | ((ulong)_slots[record + StoryField + 1] << 32);
    }

    /// <summary>The best report by fingerprint; with <paramref name="ranked"/>, also every report compared (the candidates).</summary>
    private (ulong? Story, double Similarity) FindLocked(StoryFingerprint fingerprint, int minutes, List<(int Slot, double Similarity, ulong Story, ulong ArticleKey)>? ranked)
    {
        var windowMinutes = (long)options.Window.TotalMinutes;
        // The same arithmetic, in the same order, as StoryFingerprint.Similarity: both indexes decide alike.
        var queryNorm = Math.Sqrt(StoryFingerprint.SquaredNorm(fingerprint.Weights));
        if (++_stamp == 0)
        {
            // The stamp wrapped (after 4 billion lookups): forget every mark.
            for (var slot = 0; slot < _count; slot++)
            {
                _slots[(slot * _stride) + StampField] = 0;
            }

            _stamp = 1;
        }

        Span<uint> probeTerms = stackalloc uint[1 << ProbeBits];
        Span<byte> probeWeights = stackalloc byte[1 << ProbeBits];
        probeWeights.Clear();
        var queryTerms = fingerprint.Terms;
        var queryWeights = fingerprint.Weights;
        for (var i = 0; i < queryTerms.Length; i++)
        {
            var p = Probe(queryTerms[i]);
            while (probeWeights[p] != 0)
            {
                p = (p + 1) & ProbeMask;
            }

            probeTerms[p] = queryTerms[i];
            probeWeights[p] = queryWeights[i];
        }

        // Walk the key chains round-robin rather than one after the other: the next link of one
        // chain does not depend on the comparison under way in another.
        var keys = fingerprint.Keys(_keyCount);
        Span<int> links = stackalloc int[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            links[k] = _heads[Head(keys[k])];
        }

        var slots = _slots.AsSpan();
        ulong? best = null;
        var bestSimilarity = 0.0;
        for (var step = 0; step < options.MaxBucketEntries; step++)
        {
            var active = false;
            for (var k = 0; k < links.Length; k++)
            {
                var link = links[k];
                if (link == NoSlot)
                {
                    continue;
                }

                active = true;
                var record = slots.Slice((link >>> 4) * _stride, _stride);
                links[k] = (int)record[LinksField + (link & 0xF)];
                if (Math.Abs((long)(int)record[MinutesField] - minutes) > windowMinutes || record[StampField] == _stamp)
                {
                    continue;
                }

                record[StampField] = _stamp;
                Comparisons++;
                var norms = queryNorm * Math.Sqrt(record[SquaredNormField]);
                var similarity = norms == 0 ? 0 : CappedDot(
                    probeTerms, probeWeights, record.Slice(_termsField, _termCount), MemoryMarshal.AsBytes(record[_weightsField..])[.._termCount],
                    StoryFingerprint.MaxTermShare * norms) / norms;
                var story = record[StoryField] | ((ulong)record[StoryField + 1] << 32);
                if (ranked is not null && similarity > 0)
                {
                    var slot = link >>> 4;
                    ranked.Add((slot, similarity, story, _vectors.TryGetValue(slot, out var known) ? known.ArticleKey : 0));
                }

                if (similarity > bestSimilarity || (similarity == bestSimilarity && best is { } b && story < b))
                {
                    bestSimilarity = similarity;
                    best = story;
                }
            }

            if (!active)
            {
                break;
            }
        }

        return (best, bestSimilarity);
    }

    /// <summary>The dot product of the query (as a probe table) and one slot's terms, each term's product capped at <paramref name="cap"/>.</summary>
    private static double CappedDot(ReadOnlySpan<uint> probeTerms, ReadOnlySpan<byte> probeWeights, ReadOnlySpan<uint> terms, ReadOnlySpan<byte> weights, double cap)
    {
        var dot = 0.0;
        for (var i = 0; i < terms.Length; i++)
        {
            var term = terms[i];
            var p = Probe(term);
            while (probeWeights[p] != 0)
            {
                if (probeTerms[p] == term)
                {
                    dot += Math.Min(probeWeights[p] * weights[i], cap);
                    break;
                }

                p = (p + 1) & ProbeMask;
            }
        }

        return dot;
    }

    private static int Probe(uint term) => (int)((term * 2654435769u) >> (32 - ProbeBits));

    private int AddLocked(StoryFingerprint fingerprint, ulong story, int minutes)
    {
        EnsureCapacity(_count + 1);
        var slot = _count++;
        var record = _slots.AsSpan(slot * _stride, _stride);
        record.Clear();
        record[MinutesField] = (uint)minutes;
        record[SquaredNormField] = (uint)StoryFingerprint.SquaredNorm(fingerprint.Weights[..Math.Min(fingerprint.Count, _termCount)]);
        record[StoryField] = (uint)story;
        record[StoryField + 1] = (uint)(story >> 32);

        // Unused term positions keep weight 0, so they add nothing to a dot product.
        var count = Math.Min(fingerprint.Count, _termCount);
        fingerprint.Terms[..count].CopyTo(record.Slice(_termsField, _termCount));
        fingerprint.Weights[..count].CopyTo(MemoryMarshal.AsBytes(record[_weightsField..]));
        var keys = fingerprint.Keys(_keyCount);
        record.Slice(LinksField, _keyCount).Fill(unchecked((uint)NoSlot));
        for (var k = 0; k < keys.Length; k++)
        {
            ref var head = ref _heads[Head(keys[k])];
            record[LinksField + k] = (uint)head;
            head = (slot << 4) | k;
        }

        return slot;
    }

    private static int[] CreateHeads()
    {
        var heads = new int[1 << HeadBits];
        heads.AsSpan().Fill(NoSlot);
        return heads;
    }

    private static int Head(uint key) => (int)((key * 2654435769u) >> (32 - HeadBits));

    private void EnsureCapacity(int needed)
    {
        if (needed <= _capacity)
        {
            return;
        }

        // Slots are addressed as (slot << 4 | key) in an int: at most 2^27 reports; the records
        // live in one array, so at most Array.MaxLength / stride of them.
        var limit = Math.Min(1 << 27, Array.MaxLength / _stride);
        if (needed > limit)
        {
            throw new InvalidOperationException($"The in-memory story index is full ({limit:N0} reports).");
        }

        _capacity = (int)Math.Min(Math.Max(1024L, _capacity * 2L), limit);
        Array.Resize(ref _slots, _capacity * _stride);
    }
}
