using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Stories;
using SummaryBot.Testing.Stories;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// Cost of the story index at scale. In memory: 1,000,000 synthetic stories (100,000 with --quick),
/// each a 32-term fingerprint drawn from a skewed (Zipf-like) vocabulary of 2^21 terms, all inside
/// the time window (the worst case: no report is skipped as too old); then µs per lookup for
/// near-duplicates of stored stories and for unrelated fingerprints, and managed bytes per story
/// (GC.GetTotalMemory before and after). Store-backed: storage calls for one more article with 10
/// and with 10,000 stories already indexed (1,000 with --quick), over a counting in-memory store.
/// </summary>
public sealed class StoryIndexEvaluation : IEvaluation
{
    private const string Group = "story-index";
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "story-index";

    public int Order => 31;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var figures = new List<Figure>();
        MeasureInMemory(context, figures);
        await MeasureStorageCallsAsync(context, figures, cancellationToken);
        return figures;
    }

    private static void MeasureInMemory(EvaluationContext context, List<Figure> figures)
    {
        var stories = context.Quick ? 100_000 : 1_000_000;
        var options = new StoryOptions();
        var random = new Random(11);
        var vocabulary = new Zipf(1 << 21, random);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new InMemoryStoryIndex(options, TimeProvider.System);
        var samples = new List<StoryFingerprint>();
        for (var i = 0; i < stories; i++)
        {
            var fingerprint = Synthetic(vocabulary, random, options.FingerprintTerms);
            index.AddReport(fingerprint, (ulong)i, Now.AddMinutes(random.Next(0, 60 * 24)), (ulong)random.NextInt64());
            if (i % (stories / 1000) == 0)
            {
                samples.Add(fingerprint);
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var bytesPerStory = (after - before) / (double)stories;
        figures.Add(new Figure(Group, $"in-memory bytes per story ({stories:N0})", bytesPerStory.ToString("F0", CultureInfo.InvariantCulture), "< 300 B",
            context.Quick ? null : bytesPerStory < 300, "GC.GetTotalMemory after minus before filling; includes array growth slack and the per-article idempotency map"));

        // Near-duplicates: a stored story with 6 of its 32 terms replaced by others drawn alike; they must be found.
        var nearDuplicates = samples.Select(s => Perturb(s, vocabulary, random, replace: 6)).ToList();
        var unrelated = Enumerable.Range(0, 1000).Select(_ => Synthetic(vocabulary, random, options.FingerprintTerms)).ToList();
        var found = 0;
        foreach (var query in nearDuplicates.Take(50).Concat(unrelated.Take(50)))
        {
            _ = index.Find(query, Now); // warm up
        }

        var comparisons = index.Comparisons;
        foreach (var query in nearDuplicates)
        {
            found += index.Find(query, Now) is null ? 0 : 1;
        }

        var perHit = (index.Comparisons - comparisons) / (double)nearDuplicates.Count;
        comparisons = index.Comparisons;
        foreach (var query in unrelated)
        {
            index.Find(query, Now);
        }

        var perMiss = (index.Comparisons - comparisons) / (double)unrelated.Count;
        figures.Add(new Figure(Group, "in-memory fingerprints compared per lookup", string.Create(CultureInfo.InvariantCulture, $"{perHit:F0} / {perMiss:F0}"),
            $"≤ {options.LookupKeys * options.MaxBucketEntries}", null, "near-duplicate / unrelated; bounded by LookupKeys × MaxBucketEntries whatever the number of stories"));

        // Best of 5 passes: the build machine is shared, and the minimum is the least disturbed run.
        var hitTime = Enumerable.Range(0, 5).Min(_ => Time(nearDuplicates, q => index.Find(q, Now)));
        var missTime = Enumerable.Range(0, 5).Min(_ => Time(unrelated, q => index.Find(q, Now)));
        figures.Add(new Figure(Group, $"in-memory µs per lookup, near-duplicate ({stories:N0})", hitTime.ToString("F1", CultureInfo.InvariantCulture), "< 100 µs",
            context.Quick ? null : hitTime < 100, $"{found}/{nearDuplicates.Count} found; at most {options.LookupKeys} keys × {options.MaxBucketEntries} reports compared"));
        figures.Add(new Figure(Group, $"in-memory µs per lookup, unrelated ({stories:N0})", missTime.ToString("F1", CultureInfo.InvariantCulture), "< 100 µs",
            context.Quick ? null : missTime < 100));
        GC.KeepAlive(index);
    }

    private static double Time(List<StoryFingerprint> queries, Action<StoryFingerprint> lookup)
    {
        var watch = Stopwatch.StartNew();
        foreach (var query in queries)
        {
            lookup(query);
        }

        return watch.Elapsed.TotalMicroseconds / queries.Count;
    }

    private static async Task MeasureStorageCallsAsync(EvaluationContext context, List<Figure> figures, CancellationToken cancellationToken)
    {
        var options = new StoryOptions();
        var bound = 5 + (2 * options.LookupKeys) + options.FullTextCandidates;
        var large = context.Quick ? 1_000 : 10_000;
        foreach (var count in new[] { 10, large })
        {
            var store = new CountingStore();
            var index = new StoreStoryIndex(store, Options.Create(options), TimeProvider.System, NullLogger<StoreStoryIndex>.Instance);
            var random = new Random(5);
            var first = SyntheticArticle(random, "s0.txt");
            await index.AssignAsync(first, cancellationToken);
            for (var i = 1; i < count; i++)
            {
                await index.AssignAsync(SyntheticArticle(random, $"s{i}.txt"), cancellationToken);
            }

            store.Calls = 0;
            await index.AssignAsync(SyntheticArticle(random, "one-more.txt"), cancellationToken);
            figures.Add(new Figure(Group, $"store calls per article, new story ({count:N0} stories)", store.Calls.ToString(CultureInfo.InvariantCulture),
                $"≤ {bound}", store.Calls <= bound, count == 10 ? null : $"{store.Objects:N0} objects in the store"));

            // Another report of the first story (its paragraphs in another order: same words, other text):
            // candidates are found, so their full-text vectors are read.
            store.Calls = 0;
            await index.AssignAsync(first with { Name = "report-of-s0.txt", Paragraphs = [.. first.Paragraphs.Reverse()] }, cancellationToken);
            figures.Add(new Figure(Group, $"store calls per article, known story ({count:N0} stories)", store.Calls.ToString(CultureInfo.InvariantCulture),
                $"≤ {bound}", store.Calls <= bound));

            store.Calls = 0;
            await index.AssignAsync(first with { Name = "copy-of-s0.txt" }, cancellationToken);
            figures.Add(new Figure(Group, $"store calls per article, copy of a report ({count:N0} stories)", store.Calls.ToString(CultureInfo.InvariantCulture),
                "≤ 3", store.Calls <= 3, "same cleaned text under another name: record read, content-hash read, record create"));
        }
    }

    private static StoryFingerprint Synthetic(Zipf vocabulary, Random random, int terms)
    {
        var weights = new List<(uint, float)>(terms);
        while (weights.Count < terms)
        {
            // IDF-like: the rarer a term, the heavier (as the real weighting does).
            var (term, rank) = vocabulary.Next();
            weights.Add((term, (float)(Math.Log(rank + 2) * (0.5 + random.NextDouble()))));
        }

        return StoryFingerprint.FromWeights(weights, terms);
    }

    private static StoryFingerprint Perturb(StoryFingerprint fingerprint, Zipf vocabulary, Random random, int replace)
    {
        var weights = new List<(uint, float)>();
        for (var i = 0; i < fingerprint.Count; i++)
        {
            weights.Add((fingerprint.Terms[i], fingerprint.Weights[i]));
        }

        for (var r = 0; r < replace; r++)
        {
            var (term, rank) = vocabulary.Next();
            weights[random.Next(weights.Count)] = (term, (float)(Math.Log(rank + 2) * (0.5 + random.NextDouble())));
        }

        return StoryFingerprint.FromWeights(weights, fingerprint.Count);
    }

    private static Article SyntheticArticle(Random random, string name)
    {
        string Word() => new([.. Enumerable.Range(0, random.Next(5, 9)).Select(_ => (char)('a' + random.Next(26)))]);
        var paragraphs = Enumerable.Range(0, 3).Select(_ => string.Join(' ', Enumerable.Range(0, 40).Select(_ => Word())) + ".").ToList();
        return new Article(name, string.Join(' ', Enumerable.Range(0, 6).Select(_ => Word())), paragraphs, null, null, Now);
    }

    /// <summary>Term ids with a Zipf-like skew (exponent 1), by inverse transform on a log scale.</summary>
    private sealed class Zipf(int size, Random random)
    {
        public (uint Term, int Rank) Next()
        {
            var rank = (int)Math.Exp(random.NextDouble() * Math.Log(size));
            return ((uint)rank * 2654435761u, rank);
        }
    }

    /// <summary>An in-memory object store that counts calls (this program has no other).</summary>
    internal sealed class CountingStore : IObjectStore
    {
        private readonly ConcurrentDictionary<string, (byte[] Content, long Version)> _objects = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private long _version;

        public int Calls { get; set; }

        public long BytesRead { get; set; }

        public int Objects => _objects.Count;

        public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default)
        {
            Calls++;
            BytesRead += _objects.TryGetValue(path, out var read) ? read.Content.Length : 0;
            return Task.FromResult(_objects.TryGetValue(path, out var o)
                ? new StoredObject(path, BinaryData.FromBytes(o.Content), o.Version.ToString(CultureInfo.InvariantCulture))
                : null);
        }

        public Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
        {
            Calls++;
            var version = Interlocked.Increment(ref _version);
            return Task.FromResult(_objects.TryAdd(path, (content.ToArray(), version)) ? version.ToString(CultureInfo.InvariantCulture) : null);
        }

        public Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
        {
            Calls++;
            lock (_lock)
            {
                if (!_objects.TryGetValue(path, out var current) || current.Version.ToString(CultureInfo.InvariantCulture) != etag)
                {
                    return Task.FromResult<string?>(null);
                }

                var version = Interlocked.Increment(ref _version);
                _objects[path] = (content.ToArray(), version);
                return Task.FromResult<string?>(version.ToString(CultureInfo.InvariantCulture));
            }
        }

        public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(_objects.TryRemove(path, out _));
        }

        public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Calls++;
            foreach (var path in _objects.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList())
            {
                yield return path;
            }

            await Task.CompletedTask;
        }
    }
}
