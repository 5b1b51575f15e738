using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.AzureOpenAI;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The pipeline with Azure OpenAI configured, against the loopback Azure OpenAI server.</summary>
public sealed class AzureOpenAIPipelineTests
{
    [Fact]
    public async Task ProcessAsync_TwoSeedReportsOfOneStory_OneChatCompletionCall()
    {
        await using var server = new FakeAzureOpenAIServer();
        using var harness = new PipelineHarness(settings: server.Configuration());
        await harness.Subscriptions.SubscribeAsync(1, "Russia–North Korea", ChatKind.Console);

        var results = new List<ResultRecord>();
        foreach (var seed in SharedData.SeedFiles)
        {
            results.Add(await harness.ProcessFileAsync(seed));
        }

        Assert.Equal(1, server.ChatCompletionCount);
        Assert.Equal(results[0].StoryId, results[1].StoryId);
        Assert.All(results, r => Assert.Equal(SummarizerNames.AzureOpenAI, r.Summarizer));
        Assert.Equal(results[0].Summary, results[1].Summary);
    }

    [Fact]
    public async Task ProcessAsync_ServerFailing_FallsBackAndRecordsExtractive()
    {
        await using var server = new FakeAzureOpenAIServer { DefaultReply = _ => FakeReply.ServerError() };
        // No retries: the harness clock is fake and would never let a back-off delay pass.
        using var harness = new PipelineHarness(settings: server.Configuration(new Dictionary<string, string?> { ["AzureOpenAI:MaxRetries"] = "0" }));

        var result = await harness.ProcessFileAsync(SharedData.SeedFiles[0]);

        Assert.Equal(ResultStatus.Processed, result.Status);
        Assert.Equal(SummarizerNames.Extractive, result.Summarizer);
        Assert.False(string.IsNullOrWhiteSpace(result.Summary));
        Assert.True(server.ChatCompletionCount >= 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProcessAsync_BorderlineSecondReport_TheModelDecidesWhetherItJoins(bool sameEvent)
    {
        static bool AsksTheArbiter(RecordedRequest request) => request.MessageText("system")!.Contains("same specific event", StringComparison.Ordinal);
        await using var server = new FakeAzureOpenAIServer
        {
            DefaultReply = request => AsksTheArbiter(request)
                ? FakeReply.Completion(sameEvent ? "{\"same_event\": true}" : "{\"same_event\": false}")
                : FakeReply.Summary("Putin gives Kim a car", "Putin gave Kim Jong Un an Aurus limousine."),
        };
        // The band moved around the seed pair (similarity about 0.48), so that the model is asked.
        using var harness = new PipelineHarness(settings: server.Configuration(new Dictionary<string, string?>
        {
            ["Stories:ArbiterFloor"] = "0.05",
            ["Stories:ArbiterCeiling"] = "0.9",
        }));

        var first = await harness.ProcessFileAsync(SharedData.SeedFiles[0]);
        var second = await harness.ProcessFileAsync(SharedData.SeedFiles[1]);

        Assert.Equal(1, server.Requests.Count(AsksTheArbiter));
        Assert.Equal(sameEvent, first.StoryId == second.StoryId);
        // A report that founds its own story is summarized; one that joins reuses the story's summary.
        Assert.Equal(sameEvent ? 2 : 3, server.ChatCompletionCount);
    }
}
