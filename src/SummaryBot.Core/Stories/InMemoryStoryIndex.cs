using System.Globalization;
using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Stories;

/// <summary>
/// The same detection as <see cref="StoreStoryIndex"/>, held in process memory in flat arrays, for
/// benchmarks, evaluations and single-process tools. Each report is one slot (its fingerprint,
/// story, time and one chain link per lookup key); each lookup key is the head of a chain through
/// the slots that carry it, newest first. A lookup walks at most <see cref="StoryOptions.MaxBucketEntries"/>
/// slots per key, so its cost does not grow with the number of stories. Thread-safe (one lock).
/// Nothing is evicted: memory is 16 MB of chain heads plus about 250 bytes per report.
/// </summary>
public sealed class InMemoryStoryIndex(StoryOptions options, TimeProvider timeProvider) : IStoryIndex
{
    private const int NoSlot = -1;

    private readonly Lock _lock = new();
    private readonly int _termCount = options.FingerprintTerms;
    private readonly int _keyCount = options.LookupKeys;
    private const int HeadBits = 22;

    // Bucket heads: a fixed table of 4M chains (16 MB) indexed by the key's hash. Keys that share
    // a head share a chain; that only adds comparisons, and the walk is capped anyway.
    private readonly int[] _heads = CreateHeads();
    private readonly Dictionary<ulong, int> _slotOfArticle = [];
    private uint[] _terms = [];
    private byte[] _weights = [];
    private ulong[] _story = [];
    private int[] _minutes = [];
    private float[] _norms = [];
    private readonly HashSet<int> _visited = [];
    private int[] _next = [];
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
        var fingerprint = StoryFingerprint.Create(article, _termCount, Statistics, out var allTerms);
        Statistics.Add(allTerms);
        return Task.FromResult(Assign(article.Name, article.Title, fingerprint, StoryTime.Of(article, timeProvider.GetUtcNow())));
    }

    /// <summary>Assigns a report whose fingerprint is already computed. Idempotent per article name.</summary>
    public StoryAssignment Assign(string articleName, string title, StoryFingerprint fingerprint, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(articleName);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var articleKey = StoryHash.ArticleKey(articleName);
        var newStory = ulong.Parse(StoryHash.NewStoryId(articleName, title ?? string.Empty), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        lock (_lock)
        {
            if (_slotOfArticle.TryGetValue(articleKey, out var existing))
            {
                return ToAssignment(_story[existing], newStory);
            }

            var minutes = ToMinutes(time);
            var (match, _) = fingerprint.ContentWords >= options.MinContentWords ? FindLocked(fingerprint, minutes) : (null, 0);
            var story = match ?? newStory;
            var slot = AddLocked(fingerprint, story, minutes);
            _slotOfArticle[articleKey] = slot;
            _stories += match is null ? 1 : 0;
            return ToAssignment(story, newStory);
        }
    }

    /// <summary>Lookup only: the story this fingerprint would join, or null for a new story.</summary>
    public string? Find(StoryFingerprint fingerprint, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        lock (_lock)
        {
            var (match, _) = FindLocked(fingerprint, ToMinutes(time));
            return match is { } story ? FormatId(story) : null;
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

    private (ulong? Story, double Similarity) FindLocked(StoryFingerprint fingerprint, int minutes)
    {
        var windowMinutes = (long)options.Window.TotalMinutes;
        var queryTerms = fingerprint.Terms;
        var queryWeights = fingerprint.Weights;
        var queryNorm = Math.Sqrt(StoryFingerprint.SquaredNorm(queryWeights));
        _visited.Clear();
        ulong? best = null;
        var bestSimilarity = 0.0;
        foreach (var key in fingerprint.Keys(_keyCount))
        {
            var link = _heads[Head(key)];
            for (var visited = 0; link != NoSlot && visited < options.MaxBucketEntries; visited++)
            {
                var slot = link >>> 4;
                var keyIndex = link & 0xF;
                link = _next[(slot * _keyCount) + keyIndex];
                if (Math.Abs((long)_minutes[slot] - minutes) > windowMinutes || !_visited.Add(slot))
                {
                    continue;
                }

                Comparisons++;
                var dot = StoryFingerprint.Dot(queryTerms, queryWeights, _terms.AsSpan(slot * _termCount, _termCount), _weights.AsSpan(slot * _termCount, _termCount));
                var similarity = dot == 0 ? 0 : dot / (queryNorm * _norms[slot]);
                if (similarity > bestSimilarity || (similarity == bestSimilarity && best is { } b && _story[slot] < b))
                {
                    bestSimilarity = similarity;
                    best = _story[slot];
                }
            }
        }

        return bestSimilarity >= options.SimilarityThreshold ? (best, bestSimilarity) : (null, bestSimilarity);
    }

    private int AddLocked(StoryFingerprint fingerprint, ulong story, int minutes)
    {
        EnsureCapacity(_count + 1);
        var slot = _count++;
        var termOffset = slot * _termCount;
        // Unused term positions stay at weight 0 with hash uint.MaxValue so the slot stays sorted.
        _terms.AsSpan(termOffset, _termCount).Fill(uint.MaxValue);
        _weights.AsSpan(termOffset, _termCount).Clear();
        var count = Math.Min(fingerprint.Count, _termCount);
        fingerprint.Terms[..count].CopyTo(_terms.AsSpan(termOffset));
        fingerprint.Weights[..count].CopyTo(_weights.AsSpan(termOffset));
        _story[slot] = story;
        _minutes[slot] = minutes;
        _norms[slot] = (float)Math.Sqrt(StoryFingerprint.SquaredNorm(fingerprint.Weights));
        var keys = fingerprint.Keys(_keyCount);
        _next.AsSpan(slot * _keyCount, _keyCount).Fill(NoSlot);
        for (var k = 0; k < keys.Length; k++)
        {
            ref var head = ref _heads[Head(keys[k])];
            _next[(slot * _keyCount) + k] = head;
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
        if (needed <= _story.Length)
        {
            return;
        }

        // Slots are addressed as (slot << 4 | key) in an int: at most 2^27 reports.
        if (needed > 1 << 27)
        {
            throw new InvalidOperationException("The in-memory story index is full (134,217,728 reports).");
        }

        var capacity = Math.Min(Math.Max(1024, _story.Length * 2), 1 << 27);
        Array.Resize(ref _terms, capacity * _termCount);
        Array.Resize(ref _weights, capacity * _termCount);
        Array.Resize(ref _story, capacity);
        Array.Resize(ref _minutes, capacity);
        Array.Resize(ref _norms, capacity);
        Array.Resize(ref _next, capacity * _keyCount);
    }
}
