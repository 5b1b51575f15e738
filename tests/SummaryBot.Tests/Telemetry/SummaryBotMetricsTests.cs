using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.AzureOpenAI;
using SummaryBot.Core.Telemetry;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.AzureOpenAI;
using SummaryBot.Tests.AzureOpenAI;

namespace SummaryBot.Tests.Telemetry;

/// <summary>The SummaryBot meter as both hosts emit it, read with MetricCollector.</summary>
public sealed class SummaryBotMetricsTests
{
    [Fact]
    public async Task Pipeline_SeedsAnEmptyFileAndARepeat_CountsArticlesByStatusAndAlertsByOutcome()
    {
        using var harness = new PipelineHarness();
        var meters = harness.Get<IMeterFactory>();
        using var articles = new MetricCollector<long>(meters, SummaryBotMetrics.MeterName, SummaryBotMetrics.ArticlesName);
        using var alerts = new MetricCollector<long>(meters, SummaryBotMetrics.MeterName, SummaryBotMetrics.AlertsName);
        using var latency = new MetricCollector<double>(meters, SummaryBotMetrics.MeterName, SummaryBotMetrics.ArrivalToAlertName);
        await harness.Subscriptions.SubscribeAsync(1, "Russia–North Korea", ChatKind.Console);
        harness.Outbox.BeforeSend = () => harness.Clock.Advance(TimeSpan.FromSeconds(3));

        await harness.ProcessFileAsync(SharedData.SeedFiles[0]);
        await harness.ProcessFileAsync(SharedData.SeedFiles[1]);
        await harness.ProcessTextAsync("empty.txt", "");
        await harness.ProcessFileAsync(SharedData.SeedFiles[0]); // Already processed: not counted again.

        Assert.Equal(
            ["processed", "duplicate", "rejected"],
            articles.GetMeasurementSnapshot().Select(m => (string)m.Tags["status"]!));
        Assert.All(articles.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
        Assert.Equal(["sent", "edited"], alerts.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
        var measured = Assert.Single(latency.GetMeasurementSnapshot());
        Assert.Equal(3.0, measured.Value, precision: 6);
    }

    [Fact]
    public async Task Pipeline_ChatBlockedTheBot_CountsAFailedAlertAndNoLatency()
    {
        using var harness = new PipelineHarness();
        var meters = harness.Get<IMeterFactory>();
        using var alerts = new MetricCollector<long>(meters, SummaryBotMetrics.MeterName, SummaryBotMetrics.AlertsName);
        using var latency = new MetricCollector<double>(meters, SummaryBotMetrics.MeterName, SummaryBotMetrics.ArrivalToAlertName);
        await harness.Subscriptions.SubscribeAsync(1, "Russia–North Korea", ChatKind.Console);
        harness.Outbox.Unavailable[1] = "Forbidden: bot was blocked by the user";

        await harness.ProcessFileAsync(SharedData.SeedFiles[0]);

        var failed = Assert.Single(alerts.GetMeasurementSnapshot());
        Assert.Equal("failed", failed.Tags["outcome"]);
        Assert.Empty(latency.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task AzureOpenAISummarizer_ServerErrorsThenSuccess_CountsCallsAndOneFallback()
    {
        using var server = new FakeAzureOpenAIServer();
        // A factory of its own: other tests' summarizers report to the shared one in parallel.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var metrics = new SummaryBotMetrics(meters);
        using var calls = new MetricCollector<long>(meters, SummaryBotMetrics.MeterName, SummaryBotMetrics.ModelCallsName);
        using var fallbacks = new MetricCollector<long>(meters, SummaryBotMetrics.MeterName, SummaryBotMetrics.ModelFallbacksName);
        var summarizer = AzureOpenAITestSummarizers.Create(server, new FallbackSummarizerStub(), new FakeLogger<AzureOpenAISummarizer>(), o => o.MaxRetries = 0, metrics: metrics);

        server.Enqueue(FakeReply.ServerError());
        var first = await summarizer.SummarizeAsync(TestArticles.Harbour());
        server.Enqueue(FakeReply.Summary(
            "Northport council approves harbour bridge",
            "The Northport city council voted on Tuesday to build a new harbour bridge. Construction starts in March and will cost 240 million euros."));
        var second = await summarizer.SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, first.Summarizer);
        Assert.Equal(SummarizerNames.AzureOpenAI, second.Summarizer);
        Assert.Equal(2, calls.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.All(calls.GetMeasurementSnapshot(), m => Assert.Equal("summarize", m.Tags["operation"]));
        Assert.Equal(1, fallbacks.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
