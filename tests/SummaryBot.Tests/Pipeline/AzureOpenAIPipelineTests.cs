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
}
