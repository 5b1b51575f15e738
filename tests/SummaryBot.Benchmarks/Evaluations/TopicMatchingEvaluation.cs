using System.Diagnostics;
using System.Globalization;
using SummaryBot.Benchmarks.Topics;
using SummaryBot.Core.Topics;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// Topic matching speed: one ~5 KB article against 100, 10,000 and 100,000 compiled subscriptions (median
/// µs per article after warm-up), and a naive one-Regex-per-topic matcher at 10,000 subscriptions beside it.
/// </summary>
public sealed class TopicMatchingEvaluation : IEvaluation
{
    private const string Group = "topics";
    private static readonly int[] Sizes = [100, 10_000, 100_000];

    public string Name => "topics";

    public int Order => 40;

    public Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var compiler = new TopicCompiler();
        var article = TopicWorkload.Article;
        var articleBytes = System.Text.Encoding.UTF8.GetByteCount(article.Title + "\n\n" + article.Body);
        var iterations = context.Quick ? 300 : 5_000;
        var figures = new List<Figure>();
        var medians = new Dictionary<int, double>();

        // Run every code path (parse, compile, match, fan-out) for a while first, so that the first size measured
        // is not timed on code the tiered JIT has not optimised yet.
        var warmUpMatcher = compiler.Compile(TopicWorkload.Subscriptions(10_000, seed: 7));
        MedianMicroseconds(() => ReadAll(warmUpMatcher.Match(article)), 10, warmUp: 10, minimumWarmUpMs: context.Quick ? 500 : 2_000);

        foreach (var size in Sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var subscriptions = TopicWorkload.Subscriptions(size);
            var compileWatch = Stopwatch.StartNew();
            var matcher = compiler.Compile(subscriptions);
            compileWatch.Stop();

            var matches = matcher.Match(article).Count;
            var median = MedianMicroseconds(() => matcher.Match(article), iterations, warmUp: iterations / 5);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                matcher.Match(article);
            }

            var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 100;
            medians[size] = median;

            // The matcher decides which distinct topics hold; per-chat records are built when the caller reads them.
            var withFanOut = MedianMicroseconds(() => ReadAll(matcher.Match(article)), iterations / 5, warmUp: iterations / 20);
            context.Log.WriteLine($"topics: {size:N0} subscriptions compiled in {compileWatch.ElapsedMilliseconds} ms; {matches} matches; median {median:F1} µs per article");

            figures.Add(new Figure(
                Group,
                $"compiled, {size:N0} topics, µs/article",
                Format(median),
                size == 100_000 ? "< 50 µs" : "-",
                size == 100_000 ? median < 50 : null,
                $"{size:N0} subscriptions: compile {compileWatch.ElapsedMilliseconds} ms, {matches} matches, ~{allocated:N0} B allocated per article, article {articleBytes:N0} B"));
            figures.Add(new Figure(Group, $"compiled, {size:N0} topics, incl. reading all matches", Format(withFanOut), "-", null));
        }

        var ratio = medians[100_000] / medians[100];
        figures.Add(new Figure(Group, "100,000 vs 100 topics, time ratio", ratio.ToString("F2", CultureInfo.InvariantCulture) + "x", "≤ 2x", ratio <= 2));

        var naiveSubscriptions = TopicWorkload.Subscriptions(10_000);
        var naive = new NaiveTopicMatcher(naiveSubscriptions, compiler);
        var naiveMedian = MedianMicroseconds(() => naive.Match(article), context.Quick ? 3 : 15, warmUp: 1);
        figures.Add(new Figure(Group, "naive Regex per topic, 10,000 topics, µs/article", Format(naiveMedian), "-", null));
        var speedup = naiveMedian / medians[10_000];
        figures.Add(new Figure(
            Group,
            "naive / compiled at 10,000 topics",
            speedup.ToString("F0", CultureInfo.InvariantCulture) + "x",
            "≥ 100x",
            speedup >= 100,
            context.Quick ? "quick run: few iterations, figures are indicative" : null));

        return Task.FromResult<IReadOnlyList<Figure>>(figures);
    }

    /// <summary>Median of <paramref name="iterations"/> timed calls, after at least <paramref name="warmUp"/> calls and
    /// <paramref name="minimumWarmUpMs"/> of calls, so that tiered JIT has produced optimised code before timing starts.</summary>
    private static double MedianMicroseconds(Action action, int iterations, int warmUp, int minimumWarmUpMs = 500)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < warmUp || warming.ElapsedMilliseconds < minimumWarmUpMs; i++)
        {
            action();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        return samples[iterations / 2];
    }

    private static int ReadAll(IReadOnlyList<TopicMatch> matches)
    {
        var evidence = 0;
        foreach (var match in matches)
        {
            evidence += match.Evidence.Count;
        }

        return evidence;
    }

    private static string Format(double microseconds) => microseconds.ToString("F1", CultureInfo.InvariantCulture) + " µs";
}
