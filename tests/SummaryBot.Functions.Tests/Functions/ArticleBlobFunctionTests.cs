using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using SummaryBot.Core.Pipeline;
using SummaryBot.Functions.Tests.WorkerHost;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.Telegram;
using SummaryBot.Tests.Fixtures;

namespace SummaryBot.Functions.Tests.Functions;

/// <summary>
/// The blob trigger in the real worker against Azurite, invoked as the host invokes it: with a blob
/// reference (deferred binding, the worker reads the blob) or with the bytes and the <c>name</c> metadata.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ArticleBlobFunctionTests(AzuriteFixture azurite)
{
    private const long ChatId = 5151;
    private const string Topic = "Russia–North Korea";

    [Fact]
    public async Task RunAsync_SeedsAsBlobReferences_OneStoryOneAlertOneEdit()
    {
        await using var scenario = await WorkerScenario.StartAsync(azurite);
        await scenario.SubscribeAsync(ChatId, Topic);
        var seeds = Seeds();
        foreach (var (name, content) in seeds)
        {
            await scenario.UploadArticleAsync(name, content);
        }

        foreach (var (name, _) in seeds)
        {
            WorkerAssert.Succeeded(await scenario.InvokeBlobByReferenceAsync(name));
            await SendThroughQueueTriggerAsync(scenario);
        }

        await AssertOneStoryOneAlertOneEditAsync(scenario, seeds);
    }

    [Fact]
    public async Task RunAsync_SeedsAsBytesWithNameMetadata_OneStoryOneAlertOneEdit()
    {
        await using var scenario = await WorkerScenario.StartAsync(azurite);
        await scenario.SubscribeAsync(ChatId, Topic);
        var seeds = Seeds();

        foreach (var (name, content) in seeds)
        {
            WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
            await SendThroughQueueTriggerAsync(scenario);
        }

        await AssertOneStoryOneAlertOneEditAsync(scenario, seeds);
    }

    [Fact]
    public async Task RunAsync_HostStorageUnreachable_TheTriggerStillReadsTheArticle()
    {
        // The host's own storage (AzureWebJobsStorage) is down; the articles connection is not it.
        await using var scenario = await WorkerScenario.StartAsync(azurite, settings => settings["AzureWebJobsStorage"] = DeadPort(settings["AzureWebJobsStorage"]!));
        var (name, content) = Seeds()[0];
        await scenario.UploadArticleAsync(name, content);

        var response = await scenario.InvokeBlobByReferenceAsync(name);

        WorkerAssert.Succeeded(response);
        var result = await scenario.ResultAsync(name);
        Assert.Equal(ResultStatus.Processed, result!.Status);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), result.ContentSha256);
    }

    [Fact]
    public async Task RunAsync_StateStorageUnreachable_TheInvocationFails()
    {
        await using var scenario = await WorkerScenario.StartAsync(azurite, settings =>
        {
            settings["Storage:ConnectionString"] = DeadPort(settings["Storage:ConnectionString"]!);
            settings["Storage:Retry:MaxRetries"] = "0";
        });
        var (name, content) = Seeds()[0];

        var response = await scenario.InvokeBlobWithBytesAsync(name, content);

        // A failed invocation is what makes the host retry the blob and, after its attempts, poison it.
        Assert.Equal(StatusResult.Types.Status.Failure, response.Result.Status);
        Assert.False(string.IsNullOrEmpty(response.Result.Exception?.Message));
        Assert.Empty(scenario.Bot.Calls("sendMessage"));
    }

    [Fact]
    public async Task RunAsync_CrashAfterTheArticleStageThenRetry_NothingSentUntilTheSenderAndNoSecondAlert()
    {
        await using var scenario = await WorkerScenario.StartAsync(azurite);
        await scenario.SubscribeAsync(ChatId, Topic);
        var seeds = Seeds();
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(seeds[0].Name, seeds[0].Content));

        // The article stage only enqueues: no request reaches Telegram from the blob invocation.
        Assert.Empty(scenario.Bot.Calls("sendMessage"));
        Assert.Equal([ChatId], (await scenario.ResultAsync(seeds[0].Name))!.Pending!);

        // The worker dies; the blob is delivered again to a new one: the jobs are not lost, and the
        // second copy of each job is a no-op for the ledger.
        await scenario.RestartAsync();
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(seeds[0].Name, seeds[0].Content));
        await SendThroughQueueTriggerAsync(scenario);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(seeds[1].Name, seeds[1].Content));
        await SendThroughQueueTriggerAsync(scenario);

        await AssertOneStoryOneAlertOneEditAsync(scenario, seeds);
    }

    private static async Task AssertOneStoryOneAlertOneEditAsync(WorkerScenario scenario, List<(string Name, byte[] Content)> seeds)
    {
        var first = await scenario.ResultAsync(seeds[0].Name);
        var second = await scenario.ResultAsync(seeds[1].Name);

        Assert.Equal(ResultStatus.Processed, first!.Status);
        Assert.Equal(ResultStatus.Duplicate, second!.Status);
        Assert.Equal(first.StoryId, second.StoryId);
        Assert.Equal(seeds[0].Name, second.DuplicateOf);
        var alert = Assert.Single(first.Deliveries!);
        Assert.Equal(("alert", ChatId), (alert.Kind, alert.ChatId));
        var update = Assert.Single(second.Deliveries!);
        Assert.Equal(("update", alert.MessageId), (update.Kind, update.MessageId));

        var sent = Assert.Single(scenario.Bot.Delivered("sendMessage"));
        Assert.Equal(ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture), sent.ChatId);
        var edit = Assert.Single(scenario.Bot.Delivered("editMessageText"));
        Assert.Contains("Also reported by", edit.Text, StringComparison.Ordinal);
    }

    /// <summary>The host's queue listener runs the worker's queue trigger on each delivery job the blob invocation enqueued.</summary>
    private static async Task SendThroughQueueTriggerAsync(WorkerScenario scenario) =>
        Assert.All(await scenario.Deliveries.DrainAsync(), invocation => Assert.Equal(QueueDisposition.Deleted, invocation.Disposition));

    private static List<(string Name, byte[] Content)> Seeds() =>
        [.. SharedData.SeedFiles.Select(path => (Path.GetFileName(path), File.ReadAllBytes(path)))];

    /// <summary>The same account on a loopback port where nothing listens.</summary>
    private string DeadPort(string connectionString) =>
        connectionString.Replace($"127.0.0.1:{azurite.Port}/", "127.0.0.1:1/", StringComparison.Ordinal);
}
