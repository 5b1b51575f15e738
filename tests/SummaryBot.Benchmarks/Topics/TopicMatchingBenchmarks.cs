using BenchmarkDotNet.Attributes;
using SummaryBot.Core.Topics;

namespace SummaryBot.Benchmarks.Topics;

/// <summary>BenchmarkDotNet view of the topics evaluation: <c>bench --filter *TopicMatching*</c>.</summary>
[MemoryDiagnoser]
public class TopicMatchingBenchmarks
{
    private ITopicMatcher _matcher = null!;

    [Params(100, 10_000, 100_000)]
    public int Topics { get; set; }

    [GlobalSetup]
    public void Setup() => _matcher = new TopicCompiler().Compile(TopicWorkload.Subscriptions(Topics));

    [Benchmark]
    public int MatchOneArticle() => _matcher.Match(TopicWorkload.Article).Count;
}
