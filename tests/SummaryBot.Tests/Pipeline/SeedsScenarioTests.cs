using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The foundation's acceptance scenario: two outlets, one story, one alert and one update.</summary>
public sealed class SeedsScenarioTests
{
    private static readonly string[] Boilerplate =
    [
        "Dear reader", "Become a member", "Visit our", "Advertisment", "Most Popular", "Video of the day",
        "also read this", "HomeLatest", "photo EPA-EFE", "Friday, July 19, 2024",
    ];

    [Fact]
    public async Task ProcessAsync_TwoSeedReportsOfOneStory_OneAlertThenOneUpdate()
    {
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(1, "Russia–North Korea", ChatKind.Console);
        var seeds = SharedData.SeedFiles;

        var first = await harness.ProcessFileAsync(seeds[0]);
        var second = await harness.ProcessFileAsync(seeds[1]);

        Assert.Equal(ResultStatus.Processed, first.Status);
        var match = Assert.Single(first.Matches!);
        Assert.Equal(1, match.ChatId);
        Assert.Equal("Russia–North Korea", match.Topic);
        Assert.NotEmpty(match.Evidence);
        var alert = Assert.Single(first.Deliveries!);
        Assert.Equal("alert", alert.Kind);
        Assert.NotNull(alert.MessageId);

        Assert.Equal(ResultStatus.Duplicate, second.Status);
        Assert.Equal(first.StoryId, second.StoryId);
        Assert.Equal(first.Article, second.DuplicateOf);
        var update = Assert.Single(second.Deliveries!);
        Assert.Equal("update", update.Kind);
        Assert.Equal(alert.MessageId, update.MessageId);

        Assert.Single(harness.Outbox.Sent);
        var edit = Assert.Single(harness.Outbox.Edits);
        Assert.Equal(alert.MessageId, edit.MessageId);
        Assert.Contains("Also reported by", edit.Message.Html, StringComparison.Ordinal);

        foreach (var text in new[] { first.Summary!, first.Headline!, second.Summary! })
        {
            foreach (var phrase in Boilerplate)
            {
                Assert.DoesNotContain(phrase, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task ProcessAsync_SeedsProcessedAgain_DeliversNothingNewAndRewritesNoResult()
    {
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(1, "Russia–North Korea", ChatKind.Console);
        foreach (var seed in SharedData.SeedFiles)
        {
            await harness.ProcessFileAsync(seed);
        }

        var etagsBefore = await ResultETagsAsync(harness.Store);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        foreach (var seed in SharedData.SeedFiles)
        {
            await harness.ProcessFileAsync(seed);
        }

        Assert.Single(harness.Outbox.Sent);
        Assert.Single(harness.Outbox.Edits);
        Assert.Equal(etagsBefore, await ResultETagsAsync(harness.Store));
    }

    private static async Task<List<string>> ResultETagsAsync(IObjectStore store)
    {
        var etags = new List<string>();
        await foreach (var path in store.ListAsync("results/"))
        {
            etags.Add((await store.GetAsync(path))!.ETag);
        }

        return etags;
    }
}
