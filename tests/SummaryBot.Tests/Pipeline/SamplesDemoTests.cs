using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Pipeline;

/// <summary>What the README's demo promises for samples/articles and samples/subscriptions.json.</summary>
public sealed class SamplesDemoTests
{
    [Fact]
    public async Task ProcessAsync_SampleArticles_GiveTheOutcomesTheReadmeDescribes()
    {
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(1, "Russia–North Korea", ChatKind.Console);
        await harness.Subscriptions.SubscribeAsync(2, "\"rail link\" OR ferry", ChatKind.Console);
        var results = new Dictionary<string, ResultRecord>();
        foreach (var file in Directory.GetFiles(SamplesDirectory()).Order(StringComparer.Ordinal))
        {
            results[Path.GetFileName(file)] = await harness.ProcessFileAsync(file);
        }

        var first = results["01-rail-link.txt"];
        Assert.Equal(ResultStatus.Processed, first.Status);
        Assert.Equal([1L, 2L], first.Deliveries!.Select(d => d.ChatId).Order());
        Assert.All(first.Deliveries!, d => Assert.Equal("alert", d.Kind));

        var second = results["02-rail-link-harbour-times.html"];
        Assert.Equal(ResultStatus.Duplicate, second.Status);
        Assert.Equal(first.StoryId, second.StoryId);
        Assert.Equal("Harbour Times", second.Outlet);
        // Chat 1's topic matches this report; chat 2's ("rail link") does not, but chat 2 was alerted
        // about the story, so its alert is updated too.
        Assert.Equal([(1L, "update"), (2L, "update")], second.Deliveries!.Select(d => (d.ChatId, d.Kind)).Order());

        var fishing = results["03-fishing-accord.json"];
        Assert.Equal(ResultStatus.Processed, fishing.Status);
        Assert.NotEqual(first.StoryId, fishing.StoryId);
        Assert.Equal(["alert"], fishing.Deliveries!.Select(d => d.Kind));

        Assert.Empty(results["04-korean-barbecue.md"].Matches!);
        Assert.Equal(ResultStatus.Rejected, results["05-empty.txt"].Status);
        Assert.Equal(3, harness.Outbox.Sent.Count);
        Assert.Equal([1L, 2L], harness.Outbox.Edits.Select(e => e.ChatId).Order());
    }

    private static string SamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SummaryBot.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "articles");
            }
        }

        throw new DirectoryNotFoundException("The repository root (SummaryBot.sln) was not found above the test binary.");
    }
}
