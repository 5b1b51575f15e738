namespace SummaryBot.Core.Stories;

/// <summary>
/// <c>story-index/articles/{name}.json</c>: the decision for one article, written last, so that a
/// retry or a second trigger returns the same answer without looking anything up.
/// </summary>
internal sealed record StoryArticleRecord(string StoryId, bool IsNew, DateTimeOffset Time);

/// <summary>
/// <c>story-index/buckets/{xx}/{key}.json</c>: the most recent reports whose fingerprint has this
/// lookup key, oldest first (append order decides races; see <see cref="StoreStoryIndex"/>).
/// </summary>
internal sealed record StoryBucket(List<StoryBucketEntry> Entries);

/// <param name="Article">The report's article name (one entry per article per bucket).</param>
/// <param name="Story">The story the report belongs to.</param>
/// <param name="Fingerprint">The report's <see cref="StoryFingerprint"/>, base64 of its compact bytes.</param>
/// <param name="Time">Unix seconds at which the report was first seen.</param>
internal sealed record StoryBucketEntry(string Article, string Story, string Fingerprint, long Time);

/// <summary>
/// <c>story-index/vectors/{name}.json</c>: the full-text vector of one report
/// (<see cref="StoryTermVector"/>, base64 of its compact bytes), read when the report is among the
/// best candidates of a later one. Written before the report enters any bucket.
/// </summary>
internal sealed record StoryVectorDocument(string Vector);

/// <summary>
/// <c>story-index/content/{sha256}.json</c>: the first report with this cleaned text and its story;
/// created if absent once that report's story is settled, so later copies join it without a lookup.
/// </summary>
internal sealed record StoryContentEntry(string Article, string Story, DateTimeOffset Time);
