using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Stories;

/// <summary>
/// Same-story detection over the object store, safe for many workers at once.
/// <para>
/// Layout under <c>story-index/</c>: <c>articles/{name}.json</c> holds the decision for an article;
/// <c>content/{xx}/{sha256}.json</c> the first report with a cleaned text (later copies join its
/// story without a lookup); <c>vectors/{name}.json</c> a report's full-text vector;
/// <c>buckets/{xx}/{key}.json</c> holds, for one lookup key (one of a fingerprint's heaviest terms),
/// the most recent reports carrying it. One assignment costs, without contention, at most
/// <c>5 + 2 × LookupKeys + FullTextCandidates</c> calls (25 with the defaults), however many
/// stories are indexed; a copy of a known text costs 3. With an <see cref="IStoryArbiter"/>, a
/// borderline decision reads the story document too (one call more).
/// </para>
/// <para>
/// Races. Bucket writes are conditional on the ETag read. When a report founds a new story and,
/// while appending, finds in a bucket a report of another story that matches it and was appended
/// there first, it defers (joins that story) provided this bucket is the lowest key the two
/// fingerprints share. Both sides agree on that bucket and on its order, so of two concurrent
/// founders of one story exactly one defers. (A third report that joined the deferring founder's
/// story in the short time before it deferred stays in that story.) Two workers on the same article
/// converge through the article record: the first create wins and the other rewrites its bucket
/// entries to agree and returns the same answer.
/// </para>
/// </summary>
public sealed partial class StoreStoryIndex(
    IObjectStore store, IOptions<StoryOptions> options, TimeProvider timeProvider, ILogger<StoreStoryIndex> logger, IStoryArbiter arbiter) : IStoryIndex
{
    /// <summary>Without an arbiter: the similarity threshold decides alone.</summary>
    public StoreStoryIndex(IObjectStore store, IOptions<StoryOptions> options, TimeProvider timeProvider, ILogger<StoreStoryIndex> logger)
        : this(store, options, timeProvider, logger, new NoStoryArbiter())
    {
    }

    private const string ArticlesPrefix = StoryPaths.IndexPrefix + "articles/";
    private const string BucketsPrefix = StoryPaths.IndexPrefix + "buckets/";
    private const string VectorsPrefix = StoryPaths.IndexPrefix + "vectors/";
    private const string ContentPrefix = StoryPaths.IndexPrefix + "content/";
    private const int MaxWriteAttempts = 32;
    private const int MaxSwitches = 4;

    private readonly StoryOptions _options = options.Value;

    // Learned from the articles this process assigns (see StoryTermStatistics); decisions are
    // recorded, so a retry on another process with other statistics still gets the same answer.
    private readonly StoryTermStatistics _statistics = new();

    public async Task<StoryAssignment> AssignAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentException.ThrowIfNullOrEmpty(article.Name);
        var recordPath = ArticlePath(article.Name);
        var existing = await store.GetJsonAsync<StoryArticleRecord>(recordPath, cancellationToken);
        if (existing is not null)
        {
            return new StoryAssignment(existing.Value.StoryId, existing.Value.IsNew);
        }

        var time = timeProvider.GetUtcNow();
        var newStory = StoryHash.NewStoryId(article.Name, article.Title ?? string.Empty);

        // The same cleaned text under another name (a copy, a re-upload) is the same story: it
        // joins the first report's story without a lookup and never founds one.
        var contentPath = ContentPath(StoryHash.Content(article.Title ?? string.Empty, article.Paragraphs ?? []));
        var copy = await store.GetJsonAsync<StoryContentEntry>(contentPath, cancellationToken);
        if (copy?.Value is { } copyOf && InWindow(copyOf, time))
        {
            LogCopy(article.Name, copyOf.Article, copyOf.Story);
            return await RecordAsync(article.Name, recordPath, new StoryArticleRecord(copyOf.Story, copyOf.Story == newStory, time), [], copyOf.Story, cancellationToken);
        }

        var report = await IndexReportAsync(article, newStory, time, cancellationToken);
        var lookup = await LookUpAsync(report, cancellationToken);
        var (story, turnedDown) = await ChooseStoryAsync(article, report, lookup, cancellationToken);
        var bucketStory = await AppendToBucketsAsync(report, lookup, story, turnedDown, cancellationToken);

        // The first report with this text settles the story of every copy; a copy processed at the
        // same time (it read no entry either) takes the winner's story.
        // An entry older than the window (the same text seen long ago) is replaced: that report's
        // story is closed, as it is for the similarity search.
        var first = await SettleContentAsync(contentPath, copy, new StoryContentEntry(article.Name, bucketStory, time), cancellationToken);
        var settled = bucketStory;
        if (!string.Equals(first.Story, bucketStory, StringComparison.Ordinal))
        {
            LogCopy(article.Name, first.Article, first.Story);
            settled = first.Story;
        }

        return await RecordAsync(article.Name, recordPath, new StoryArticleRecord(settled, settled == newStory, time), report.Keys, bucketStory, cancellationToken);
    }

    /// <summary>
    /// The report as the index sees it (fingerprint, lookup keys, full-text vector), with its
    /// vector stored when it is long enough to compare. The vector is written before the report
    /// enters any bucket, so whoever finds it there can read its text.
    /// </summary>
    private async Task<StoryReport> IndexReportAsync(Article article, string newStory, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var fingerprint = StoryFingerprint.Create(article, _options.FingerprintTerms, _statistics, out var allTerms, out var vector);
        _statistics.Add(allTerms);
        // The window runs on the time the bot first saw each report, not on published dates: one
        // report may carry a real date, another none, a third the date its page was rendered, and
        // comparing those with each other keeps reports of one event apart. Retries reuse the stored
        // decision, so "first seen" is stable.
        var report = new StoryReport(
            article.Name,
            newStory,
            fingerprint,
            vector,
            fingerprint.Keys(_options.LookupKeys).Order().ToArray(),
            time.ToUnixTimeSeconds(),
            fingerprint.ContentWords >= _options.MinContentWords);
        if (report.Comparable)
        {
            await store.TryCreateJsonAsync(VectorPath(article.Name), new StoryVectorDocument(Convert.ToBase64String(vector.ToBytes())), cancellationToken);
        }

        return report;
    }

    /// <summary>Reads the buckets of the report's lookup keys: the candidates, and the snapshots the writes are conditional on.</summary>
    private async Task<StoryLookup> LookUpAsync(StoryReport report, CancellationToken cancellationToken)
    {
        var snapshots = await Task.WhenAll(report.Keys.Select(key => store.GetJsonAsync<StoryBucket>(BucketPath(key), cancellationToken)));
        return new StoryLookup(snapshots, [.. snapshots.SelectMany(s => s?.Value.Entries ?? [])]);
    }

    /// <summary>
    /// The story the report joins (null: it founds its own) by similarity and, in the arbiter's
    /// band, by the arbiter; and the story the arbiter turned down, if any.
    /// </summary>
    private async Task<(string Story, string? TurnedDown)> ChooseStoryAsync(Article article, StoryReport report, StoryLookup lookup, CancellationToken cancellationToken)
    {
        var (best, similarity, earlier) = await DecideAsync(report, lookup.Candidates, lookup.Vectors, cancellationToken);
        var (joined, turnedDown) = earlier ? (best, null) : await JudgeAsync(article, best, similarity, cancellationToken);
        var story = joined ?? report.NewStory;
        LogDecision(article.Name, story, story == report.NewStory, similarity);
        return (story, turnedDown);
    }

    /// <summary>
    /// Appends the report to the bucket of each of its lookup keys, in key order, each write
    /// conditional on the bucket as read (re-read and retried on a conflict). Two founders of one
    /// story racing each other are settled on the way (see <see cref="FindSwitchAsync"/>).
    /// </summary>
    /// <returns>The story the report's bucket entries say, after any deferral.</returns>
    private async Task<string> AppendToBucketsAsync(StoryReport report, StoryLookup lookup, string story, string? turnedDown, CancellationToken cancellationToken)
    {
        var placement = new BucketPlacement(new StoryBucketEntry(report.Name, story, Convert.ToBase64String(report.Fingerprint.ToBytes()), report.Seconds));
        for (var k = 0; k < report.Keys.Length; k++)
        {
            await AppendToBucketAsync(report, report.Keys[k], lookup.Snapshots[k], lookup, turnedDown, placement, cancellationToken);
            placement.Written.Add(report.Keys[k]);
        }

        return placement.Entry.Story;
    }

    private async Task AppendToBucketAsync(
        StoryReport report, uint key, Versioned<StoryBucket>? snapshot, StoryLookup lookup, string? turnedDown, BucketPlacement placement, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entries = snapshot?.Value.Entries ?? [];
            if (placement.Switches < MaxSwitches && await FindSwitchAsync(report, key, placement.Entry, entries, lookup, turnedDown, cancellationToken) is { } other)
            {
                await DeferAsync(report.Name, placement, other, cancellationToken);
            }

            if (entries.Exists(e => string.Equals(e.Article, report.Name, StringComparison.Ordinal) && string.Equals(e.Story, placement.Entry.Story, StringComparison.Ordinal)))
            {
                // A retry of this article (a crash before its record) already put it in this
                // bucket with this story: nothing to change, no write.
                return;
            }

            var content = SummaryBotJson.SerializeCompact(new StoryBucket(Append(entries, placement.Entry, report.Seconds)));
            var etag = snapshot is null
                ? await store.TryCreateAsync(BucketPath(key), content, cancellationToken)
                : await store.TryReplaceAsync(BucketPath(key), content, snapshot.ETag, cancellationToken);
            if (etag is not null)
            {
                return;
            }

            if (attempt + 1 >= MaxWriteAttempts)
            {
                throw new InvalidOperationException($"Could not update story bucket '{BucketPath(key)}': it kept changing under {MaxWriteAttempts} attempts.");
            }

            await Task.Delay(Random.Shared.Next(1, 5 + (attempt * 3)), cancellationToken);
            snapshot = await store.GetJsonAsync<StoryBucket>(BucketPath(key), cancellationToken);
        }
    }

    /// <summary>Defers to a report that got here first (see the class remarks), then makes the buckets already written agree.</summary>
    private async Task DeferAsync(string articleName, BucketPlacement placement, string other, CancellationToken cancellationToken)
    {
        placement.Switches++;
        LogSwitch(articleName, placement.Entry.Story, other);
        placement.Entry = placement.Entry with { Story = other };
        foreach (var done in placement.Written)
        {
            await SetStoryAsync(done, articleName, other, cancellationToken);
        }
    }

    /// <summary>
    /// The first report with this text within the window: <paramref name="mine"/> when this call
    /// created (or renewed an expired) entry, otherwise the entry another worker put there first.
    /// </summary>
    private async Task<StoryContentEntry> SettleContentAsync(
        string contentPath, Versioned<StoryContentEntry>? expired, StoryContentEntry mine, CancellationToken cancellationToken)
    {
        var current = expired;
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var written = current is null
                ? await store.TryCreateJsonAsync(contentPath, mine, cancellationToken)
                : await store.TryReplaceAsync(contentPath, SummaryBotJson.SerializeCompact(mine), current.ETag, cancellationToken) is not null;
            if (written)
            {
                return mine;
            }

            current = await store.GetJsonAsync<StoryContentEntry>(contentPath, cancellationToken);
            if (current is not null && InWindow(current.Value, mine.Time))
            {
                return current.Value;
            }
        }

        throw new InvalidOperationException($"Could not settle the content entry '{contentPath}': it kept changing under {MaxWriteAttempts} attempts.");
    }

    private bool InWindow(StoryContentEntry entry, DateTimeOffset time) => (time - entry.Time).Duration() <= _options.Window;

    /// <summary>
    /// Creates the article record, or, when another worker assigned this same article first, takes
    /// its answer; the bucket entries under <paramref name="keys"/>, written with
    /// <paramref name="bucketStory"/>, are made to agree when the answer differs.
    /// </summary>
    private async Task<StoryAssignment> RecordAsync(
        string articleName, string recordPath, StoryArticleRecord record, uint[] keys, string bucketStory, CancellationToken cancellationToken)
    {
        var winner = await store.TryCreateJsonAsync(recordPath, record, cancellationToken)
            ? record
            : (await store.GetJsonAsync<StoryArticleRecord>(recordPath, cancellationToken))?.Value
              ?? throw new InvalidOperationException($"The story record '{recordPath}' vanished while it was being written.");
        if (!string.Equals(winner.StoryId, bucketStory, StringComparison.Ordinal))
        {
            foreach (var key in keys)
            {
                await SetStoryAsync(key, articleName, winner.StoryId, cancellationToken);
            }
        }

        return new StoryAssignment(winner.StoryId, winner.IsNew);
    }

    /// <summary>The escaped name, or for a name whose escaped form would not fit every backend (over
    /// 200 characters) the hashed key of <see cref="StatePaths.NameKey"/>: it holds a <c>/</c>, which
    /// no escaped name does, so the two kinds never meet.</summary>
    internal static string ArticlePath(string articleName)
    {
        var escaped = Uri.EscapeDataString(articleName);
        var key = escaped.Length <= 200 ? (escaped.StartsWith('.') ? "%2E" + escaped[1..] : escaped) : StatePaths.HashedKey(articleName);
        return ArticlesPrefix + key + ".json";
    }

    internal static string VectorPath(string articleName) => VectorsPrefix + ArticlePath(articleName)[ArticlesPrefix.Length..];

    internal static string ContentPath(string sha256) => $"{ContentPrefix}{sha256[..2]}/{sha256}.json";

    internal static string BucketPath(uint key)
    {
        var hex = key.ToString("x8", CultureInfo.InvariantCulture);
        return $"{BucketsPrefix}{hex[..2]}/{hex}.json";
    }

    /// <summary>
    /// The most similar story among bucket entries by full text (null when none is comparable), or
    /// the story an earlier attempt for this same article already chose (<c>Earlier</c>). The
    /// fingerprints rank the candidates; the <see cref="StoryOptions.FullTextCandidates"/> best of
    /// them are compared by full text (one read each), which decides.
    /// </summary>
    private async Task<(string? Story, double Similarity, bool Earlier)> DecideAsync(
        StoryReport report, List<StoryBucketEntry> entries, Dictionary<string, StoryTermVector?> vectors, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Article, report.Name, StringComparison.Ordinal))
            {
                // An earlier attempt for this article (a retry after a crash, or a concurrent
                // trigger) already decided: keep that decision (the arbiter is not asked again).
                return (entry.Story, 1.0, true);
            }
        }

        if (!report.Comparable)
        {
            return (null, 0, false);
        }

        var ranked = Rank(report.Fingerprint, report.Seconds, entries, _options.FullTextCandidates);
        await ReadVectorsAsync(ranked, vectors, cancellationToken);
        string? best = null;
        var bestSimilarity = 0.0;
        foreach (var entry in ranked)
        {
            var similarity = FullText(report.Vector, vectors[entry.Article]);
            if (similarity > bestSimilarity || (similarity == bestSimilarity && best is not null && string.CompareOrdinal(entry.Story, best) < 0))
            {
                best = entry.Story;
                bestSimilarity = similarity;
            }
        }

        return (bestSimilarity > 0 ? best : null, bestSimilarity, false);
    }

    /// <summary>
    /// The <paramref name="count"/> entries (one per article) most similar by fingerprint, most
    /// similar first; ties by story, then by article key, as the in-memory index of the benchmarks (SummaryBot.Testing) orders them.
    /// </summary>
    private List<StoryBucketEntry> Rank(StoryFingerprint fingerprint, long seconds, IEnumerable<StoryBucketEntry> entries, int count) =>
        entries
            .DistinctBy(e => e.Article, StringComparer.Ordinal)
            .Select(e => (Entry: e, Similarity: Similarity(fingerprint, seconds, e)))
            .Where(x => x.Similarity > 0)
            .OrderByDescending(x => x.Similarity)
            .ThenBy(x => x.Entry.Story, StringComparer.Ordinal)
            .ThenBy(x => StoryHash.ArticleKey(x.Entry.Article))
            .Take(count)
            .Select(x => x.Entry)
            .ToList();

    private async Task ReadVectorsAsync(IEnumerable<StoryBucketEntry> entries, Dictionary<string, StoryTermVector?> vectors, CancellationToken cancellationToken)
    {
        var missing = entries.Select(e => e.Article).Where(a => !vectors.ContainsKey(a)).ToArray();
        var read = await Task.WhenAll(missing.Select(a => store.GetJsonAsync<StoryVectorDocument>(VectorPath(a), cancellationToken)));
        for (var i = 0; i < missing.Length; i++)
        {
            vectors[missing[i]] = read[i]?.Value.Vector is { } base64 && TryDecodeBytes(base64) is { } bytes ? StoryTermVector.FromBytes(bytes) : null;
        }
    }

    /// <summary>The full-text similarity, 0 when the other report has no vector (too thin to compare, or not written).</summary>
    private double FullText(StoryTermVector vector, StoryTermVector? other) =>
        other is null || other.ContentWords < _options.MinContentWords ? 0 : vector.Cosine(other, _statistics);

    /// <summary>
    /// Whether the report joins <paramref name="best"/>: by the threshold, or, with an arbiter
    /// and a similarity in its band, by asking it about the story as stored (1 more read). When
    /// the story document is not there yet (its founder is still being summarized) or the arbiter
    /// cannot tell, the threshold decides. <c>TurnedDown</c> is the story the arbiter said is
    /// another event, which the report must not join later through a concurrent founder.
    /// </summary>
    private async Task<(string? Story, string? TurnedDown)> JudgeAsync(Article article, string? best, double similarity, CancellationToken cancellationToken)
    {
        if (best is null)
        {
            return (null, null);
        }

        if (!arbiter.IsAvailable)
        {
            return (similarity >= _options.SimilarityThreshold ? best : null, null);
        }

        if (similarity >= _options.ArbiterCeiling)
        {
            return (best, null);
        }

        if (similarity < _options.ArbiterFloor)
        {
            return (null, null);
        }

        var story = (await store.GetJsonAsync<StoryDocument>(StoryPaths.Story(best), cancellationToken))?.Value;
        var verdict = story is null ? null : await arbiter.IsSameEventAsync(article, story, cancellationToken);
        LogArbiter(article.Name, best, similarity, (story, verdict) switch
        {
            (null, _) => "not asked, the story is not stored yet",
            (_, true) => "same event",
            (_, false) => "another event",
            _ => "no answer",
        });
        return (verdict ?? similarity >= _options.SimilarityThreshold) ? (best, null) : (null, verdict == false ? best : null);
    }

    /// <summary>
    /// The racing-founders rule: the story to defer to while appending to bucket
    /// <paramref name="key"/>, if any. The reports the decision was made on (the lookup's
    /// candidates) are not judged again; an entry not among them arrived meanwhile.
    /// </summary>
    /// <param name="turnedDown">The story the arbiter said is another event, if it was asked.</param>
    private async Task<string?> FindSwitchAsync(
        StoryReport report, uint key, StoryBucketEntry mine, List<StoryBucketEntry> entries, StoryLookup lookup, string? turnedDown, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Article, report.Name, StringComparison.Ordinal))
            {
                // The same article, written by a concurrent worker: agree with it.
                return string.Equals(entry.Story, mine.Story, StringComparison.Ordinal) ? null : entry.Story;
            }
        }

        if (!string.Equals(mine.Story, report.NewStory, StringComparison.Ordinal) || !report.Comparable)
        {
            return null; // Only a founder that could have joined defers; a report joining an existing story stays.
        }

        // A report that arrived while this one was deciding (it was not among the candidates) is
        // judged as the decision would have judged it: by full text against the plain threshold,
        // since its story has no stored document yet (its founder is being summarized) and the
        // arbiter could not be asked. Only the one of two concurrent founders that appends second
        // to the lowest bucket both carry sees the other here, so exactly one defers. The reports
        // that were candidates were judged by the decision and are not judged again.
        var arrived = entries.Where(entry =>
            !lookup.Seen.Contains(entry.Article) &&
            !string.Equals(entry.Story, mine.Story, StringComparison.Ordinal) &&
            !string.Equals(entry.Story, turnedDown, StringComparison.Ordinal) &&
            StoryFingerprint.FromBytes(Convert.FromBase64String(entry.Fingerprint)) is { } theirs &&
            LowestSharedKey(report.Keys, theirs.Keys(_options.LookupKeys)) == key);
        var ranked = Rank(report.Fingerprint, mine.Time, arrived, _options.FullTextCandidates);
        await ReadVectorsAsync(ranked, lookup.Vectors, cancellationToken);
        string? best = null;
        var bestSimilarity = 0.0;
        foreach (var entry in ranked)
        {
            var similarity = FullText(report.Vector, lookup.Vectors[entry.Article]);
            if (similarity >= _options.SimilarityThreshold && similarity > bestSimilarity)
            {
                best = entry.Story;
                bestSimilarity = similarity;
            }
        }

        return best;
    }

    private static uint? LowestSharedKey(uint[] ours, uint[] theirs)
    {
        uint? lowest = null;
        foreach (var key in theirs)
        {
            if (Array.IndexOf(ours, key) >= 0 && (lowest is null || key < lowest))
            {
                lowest = key;
            }
        }

        return lowest;
    }

    private double Similarity(StoryFingerprint fingerprint, long seconds, StoryBucketEntry entry)
    {
        if (Math.Abs(entry.Time - seconds) > (long)_options.Window.TotalSeconds)
        {
            return 0;
        }

        var other = TryDecode(entry.Fingerprint);
        return other is null ? 0 : fingerprint.Similarity(other);
    }

    private static StoryFingerprint? TryDecode(string base64) =>
        TryDecodeBytes(base64) is { } bytes ? StoryFingerprint.FromBytes(bytes) : null;

    private static byte[]? TryDecodeBytes(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>The bucket after appending <paramref name="mine"/>: older reports pruned, at most MaxBucketEntries kept.</summary>
    private List<StoryBucketEntry> Append(List<StoryBucketEntry> entries, StoryBucketEntry mine, long seconds)
    {
        var horizon = Math.Min(seconds, timeProvider.GetUtcNow().ToUnixTimeSeconds()) - (2 * (long)_options.Window.TotalSeconds);
        var kept = entries
            .Where(e => e.Time >= horizon && !string.Equals(e.Article, mine.Article, StringComparison.Ordinal))
            .ToList();
        kept.Add(mine);
        return kept.Count > _options.MaxBucketEntries ? kept[^_options.MaxBucketEntries..] : kept;
    }

    /// <summary>Makes this article's entry in one bucket say <paramref name="story"/>.</summary>
    private async Task SetStoryAsync(uint key, string articleName, string story, CancellationToken cancellationToken) =>
        await store.UpdateJsonAsync<StoryBucket>(BucketPath(key), bucket =>
        {
            var index = bucket?.Entries.FindIndex(e => string.Equals(e.Article, articleName, StringComparison.Ordinal)) ?? -1;
            if (bucket is null || index < 0 || string.Equals(bucket.Entries[index].Story, story, StringComparison.Ordinal))
            {
                return null;
            }

            var entries = new List<StoryBucketEntry>(bucket.Entries);
            entries[index] = entries[index] with { Story = story };
            return new StoryBucket(entries);
        }, cancellationToken);

    /// <summary>One report as the index compares it; <c>Comparable</c> when it has enough content words to join by similarity.</summary>
    private sealed record StoryReport(
        string Name, string NewStory, StoryFingerprint Fingerprint, StoryTermVector Vector, uint[] Keys, long Seconds, bool Comparable);

    /// <summary>The buckets as one assignment read them, and the full-text vectors it has read so far.</summary>
    private sealed class StoryLookup(Versioned<StoryBucket>?[] snapshots, List<StoryBucketEntry> candidates)
    {
        public Versioned<StoryBucket>?[] Snapshots { get; } = snapshots;

        public List<StoryBucketEntry> Candidates { get; } = candidates;

        /// <summary>The reports the decision was made on.</summary>
        public HashSet<string> Seen { get; } = candidates.Select(e => e.Article).ToHashSet(StringComparer.Ordinal);

        public Dictionary<string, StoryTermVector?> Vectors { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The report's bucket entry while it is being appended: its story changes when it defers.</summary>
    private sealed class BucketPlacement(StoryBucketEntry entry)
    {
        public StoryBucketEntry Entry { get; set; } = entry;

        public int Switches { get; set; }

        public List<uint> Written { get; } = [];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Story index: {ArticleName} -> story {StoryId} (new: {IsNew}, best similarity {Similarity:F3})")]
    private partial void LogDecision(string articleName, string storyId, bool isNew, double similarity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Story index: asked the arbiter whether {ArticleName} joins story {StoryId} (similarity {Similarity:F3}): {Verdict}")]
    private partial void LogArbiter(string articleName, string storyId, double similarity, string verdict);

    [LoggerMessage(Level = LogLevel.Information, Message = "Story index: {ArticleName} has the same text as {FirstArticleName}: story {StoryId}")]
    private partial void LogCopy(string articleName, string firstArticleName, string storyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Story index: {ArticleName} defers from story {FromStoryId} to concurrent story {ToStoryId}")]
    private partial void LogSwitch(string articleName, string fromStoryId, string toStoryId);
}
