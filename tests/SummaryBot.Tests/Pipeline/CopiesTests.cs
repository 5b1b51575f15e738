using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The same file dropped under several names: one story, one alert.</summary>
public sealed class CopiesTests
{
    // A short brief (fewer distinct content words than the similarity search compares).
    private const string Brief = """
        Lighthouse keepers vote to strike in Valmora

        The union of lighthouse keepers in Valmora voted on Tuesday to strike for three days from next week.
        """;

    [Fact]
    public async Task ProcessAsync_SameBriefUnderThirteenNames_OneStoryAndOneAlert()
    {
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);

        var results = new List<ResultRecord>();
        foreach (var i in Enumerable.Range(0, 13))
        {
            results.Add(await harness.ProcessTextAsync($"brief-{i}.txt", Brief));
        }

        Assert.Single(results.Select(r => r.StoryId).Distinct());
        Assert.Equal(ResultStatus.Processed, results[0].Status);
        Assert.All(results.Skip(1), r => Assert.Equal(ResultStatus.Duplicate, r.Status));
        Assert.Single(harness.Outbox.Sent);
    }

    [Fact]
    public async Task ProcessAsync_CopiesProcessedConcurrently_OneAlert()
    {
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => harness.ProcessTextAsync($"copy-{i}.txt", Brief))));

        Assert.Single(results.Select(r => r.StoryId).Distinct());
        Assert.Single(results, r => r.Status == ResultStatus.Processed);
        Assert.Single(harness.Outbox.Sent);
    }
}
