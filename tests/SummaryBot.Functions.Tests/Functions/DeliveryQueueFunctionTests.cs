using System.Globalization;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Functions.Tests.WorkerHost;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.Telegram;
using SummaryBot.Tests.Fixtures;

namespace SummaryBot.Functions.Tests.Functions;

/// <summary>
/// The outbox queue trigger and its poison-queue trigger in the real worker, against Azurite's queue
/// service: the blob invocation enqueues the delivery jobs, and the test host's queue listener reads
/// them from Azurite and invokes <c>DeliveryQueueFunction</c> with each, settling the message as the
/// Functions host does (delete, release, poison queue).
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class DeliveryQueueFunctionTests(AzuriteFixture azurite)
{
    private const string Topic = "Russia–North Korea";
    private static readonly long[] Chats = [6101, 6102, 6103];

    [Fact]
    public async Task RunAsync_JobsTheBlobInvocationEnqueued_EachChatGetsItsAlertAndTheQueueEmpties()
    {
        await using var scenario = await StartAsync();
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
        Assert.Equal(Chats.Length, await CountAsync(scenario.Deliveries));
        Assert.Empty(scenario.Bot.Calls("sendMessage"));

        var invocations = await scenario.Deliveries.DrainAsync();

        Assert.Equal(Chats.Order(), invocations.Select(i => i.Job.ChatId).Order());
        Assert.All(invocations, invocation =>
        {
            WorkerAssert.Succeeded(invocation.Response!);
            Assert.Equal(QueueDisposition.Deleted, invocation.Disposition);
            Assert.Equal(1, invocation.Message.DequeueCount);
        });
        Assert.Equal(Chats.Order(), scenario.Bot.Delivered().Select(r => long.Parse(r.ChatId!, CultureInfo.InvariantCulture)).Order());
        var result = await scenario.ResultAsync(name);
        Assert.Null(result!.Pending);
        Assert.Equal(Chats.Order(), result.Deliveries!.Where(d => d.Kind == "alert").Select(d => d.ChatId).Order());
        Assert.Equal(0, await CountAsync(scenario.Deliveries));
    }

    [Fact]
    public async Task RunAsync_SameMessageInvokedAgainAfterTheInstanceDied_SendsNothingMore()
    {
        await using var scenario = await StartAsync(chats: [Chats[0]]);
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));

        // An instance receives the message, runs the function, and dies before it deletes the message.
        var listener = scenario.Deliveries;
        var first = Assert.Single((await listener.Queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);
        WorkerAssert.Succeeded(await listener.InvokeAsync(first));
        Assert.Single(scenario.Bot.Delivered());

        // The message comes back to another instance: the retry is a no-op for the ledger.
        await listener.WaitUntilVisibleAsync(TimeSpan.FromSeconds(10));
        var retry = Assert.Single(await listener.DrainAsync());

        Assert.Equal(first.MessageId, retry.Message.MessageId);
        Assert.Equal(2, retry.Message.DequeueCount);
        WorkerAssert.Succeeded(retry.Response!);
        Assert.Single(scenario.Bot.Delivered());
        Assert.Equal("alert", Assert.Single((await scenario.ResultAsync(name))!.Deliveries!).Kind);
        Assert.Equal(0, await CountAsync(listener));
    }

    [Fact]
    public async Task RunAsync_ChatAnswers429WithRetryAfter_InvocationSucceedsAndTheJobComesBackAfterTheWait()
    {
        await using var scenario = await StartAsync();
        var limited = Chats[0];
        var refusals = 0;
        scenario.Bot.Intercept = request =>
            request.Method == "sendMessage" && request.ChatId == Id(limited) && Interlocked.Increment(ref refusals) == 1
                ? BotApiReply.TooManyRequests(retryAfter: 2)
                : null;
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
        var listener = scenario.Deliveries;

        var pass = await listener.PollAsync();

        // Every invocation ended well: the other chats were served in the same pass, and the limited
        // chat's job went back to the queue, hidden for retry_after, counting one attempt.
        Assert.All(pass, invocation => Assert.Equal(QueueDisposition.Deleted, invocation.Disposition));
        Assert.Equal(Chats.Skip(1).Order(), scenario.Bot.Delivered().Select(r => long.Parse(r.ChatId!, CultureInfo.InvariantCulture)).Order());
        Assert.Equal(1, await CountAsync(listener));
        Assert.Empty((await listener.Queue.PeekMessagesAsync()).Value);
        Assert.Equal([limited], (await scenario.ResultAsync(name))!.Pending!);

        await listener.WaitUntilVisibleAsync(TimeSpan.FromSeconds(10));
        var retry = Assert.Single(await listener.DrainAsync());

        Assert.Equal((limited, 1), (retry.Job.ChatId, retry.Job.Attempt));
        Assert.Single(scenario.Bot.Delivered(), r => r.ChatId == Id(limited));
        Assert.Equal(2, scenario.Bot.Calls("sendMessage").Count(r => r.ChatId == Id(limited)));
        var result = await scenario.ResultAsync(name);
        Assert.Null(result!.Pending);
        Assert.Contains(result.Deliveries!, d => d.ChatId == limited && d.Kind == "alert");
        Assert.Equal(0, await CountAsync(listener));
    }

    [Fact]
    public async Task RunAsync_ChatAnswers5xx_InvocationSucceedsAndTheJobIsBackedOffNotLost()
    {
        await using var scenario = await StartAsync(chats: [Chats[0]]);
        var failures = 0;
        scenario.Bot.Intercept = request =>
            request.Method == "sendMessage" && Interlocked.Increment(ref failures) == 1 ? BotApiReply.Error(502, "Bad Gateway") : null;
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
        var listener = scenario.Deliveries;

        var first = Assert.Single(await listener.PollAsync());

        WorkerAssert.Succeeded(first.Response!);
        Assert.Equal(QueueDisposition.Deleted, first.Disposition);
        Assert.Empty(scenario.Bot.Delivered());
        Assert.Equal(1, await CountAsync(listener));
        Assert.Empty((await listener.Queue.PeekMessagesAsync()).Value);

        await listener.WaitUntilVisibleAsync(TimeSpan.FromSeconds(10));
        var retry = Assert.Single(await listener.DrainAsync());

        Assert.Equal(1, retry.Job.Attempt);
        Assert.Single(scenario.Bot.Delivered());
        Assert.Equal("alert", Assert.Single((await scenario.ResultAsync(name))!.Deliveries!).Kind);
    }

    [Fact]
    public async Task RunAsync_MessageFailingAtMaxDequeueCount_PoisonFunctionRecordsTheChatNotReachedAndWhy()
    {
        await using var scenario = await StartAsync(chats: [Chats[0]]);
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
        var storyId = (await scenario.ResultAsync(name))!.StoryId!;

        // Every invocation fails and cannot put its job back: the host releases the message again
        // until its dequeue count reaches the maximum.
        await FailEveryInvocationAsync(scenario, Chats[0]);
        var listener = scenario.Deliveries;
        listener.ReleaseVisibility = TimeSpan.Zero; // host.json's 30 s between the retries is not waited out here
        for (var receive = 1; receive < listener.Settings.MaxDequeueCount; receive++)
        {
            var failed = Assert.Single(await listener.PollAsync());
            Assert.Equal((StatusResult.Types.Status.Failure, QueueDisposition.Released), (failed.Response!.Result.Status, failed.Disposition));
        }

        var last = Assert.Single(await listener.DrainAsync());

        Assert.Equal(listener.Settings.MaxDequeueCount, last.Message.DequeueCount);
        Assert.Equal(StatusResult.Types.Status.Failure, last.Response!.Result.Status);
        Assert.Equal(QueueDisposition.MovedToPoison, last.Disposition);
        Assert.Equal(0, await CountAsync(listener));

        var poison = Assert.Single(await scenario.PoisonDeliveries.DrainAsync());

        WorkerAssert.Succeeded(poison.Response!);
        Assert.Equal(QueueDisposition.Deleted, poison.Disposition);
        Assert.Empty(scenario.Bot.Calls("sendMessage"));
        var result = await scenario.ResultAsync(name);
        Assert.Null(result!.Pending);
        var undelivered = Assert.Single(result.Undelivered!);
        Assert.Equal(Chats[0], undelivered.ChatId);
        Assert.Contains("failed", undelivered.Reason, StringComparison.Ordinal);
        var ledger = await scenario.Core.GetRequiredService<IObjectStore>().GetJsonAsync<DeliveryRecord>(DeliveryPaths.Delivery(storyId, Chats[0]));
        Assert.Equal(DeliveryState.Failed, ledger!.Value.State);
        Assert.Equal(undelivered.Reason, ledger.Value.Error);
    }

    [Fact]
    public async Task RunAsync_JobFailsWithAnErrorOnEveryAttempt_BacksOffAndIsGivenUpAfterDeliveryMaxAttempts()
    {
        const int maxAttempts = 3;
        await using var scenario = await StartAsync([Chats[0]], settings =>
        {
            settings["Delivery:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture);
            settings["Delivery:MaxBackoffSeconds"] = "1";
        });
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
        await CorruptSubscriptionAsync(scenario, Chats[0]);
        var listener = scenario.Deliveries;

        // Each failed attempt ends the invocation well, with the job back in the queue for its back-off
        // (as a sender pass does), not with a failure that the host retries on its own terms.
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            var invocation = Assert.Single(await listener.PollAsync());
            WorkerAssert.Succeeded(invocation.Response!);
            Assert.Equal((QueueDisposition.Deleted, attempt - 1), (invocation.Disposition, invocation.Job.Attempt));
            Assert.Equal(1, await CountAsync(listener));
            Assert.Null((await scenario.ResultAsync(name))!.Undelivered);
            await listener.WaitUntilVisibleAsync(TimeSpan.FromSeconds(10));
        }

        var last = Assert.Single(await listener.DrainAsync());

        WorkerAssert.Succeeded(last.Response!);
        Assert.Equal(maxAttempts, last.Job.Attempt);
        Assert.Equal(0, await CountAsync(listener));
        Assert.Empty(scenario.Bot.Calls("sendMessage"));
        var undelivered = Assert.Single((await scenario.ResultAsync(name))!.Undelivered!);
        Assert.Equal(Chats[0], undelivered.ChatId);
        Assert.Contains($"gave up after {maxAttempts} attempts", undelivered.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EditJobPoisonedAfterTheAlertWentOut_SecondReportIsUndeliveredNotCountedAsAnAlert()
    {
        await using var scenario = await StartAsync(chats: [Chats[0]]);
        var (first, firstContent) = Seed(0);
        var (second, secondContent) = Seed(1);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(first, firstContent));
        Assert.All(await scenario.Deliveries.DrainAsync(), invocation => Assert.Equal(QueueDisposition.Deleted, invocation.Disposition));
        var alert = Assert.Single(scenario.Bot.Delivered());

        // The second outlet's report of the story: its edit job fails on every invocation.
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(second, secondContent));
        await FailEveryInvocationAsync(scenario, Chats[0]);
        var listener = scenario.Deliveries;
        listener.ReleaseVisibility = TimeSpan.Zero; // host.json's 30 s between the retries is not waited out here
        for (var receive = 1; receive < listener.Settings.MaxDequeueCount; receive++)
        {
            Assert.Equal(QueueDisposition.Released, Assert.Single(await listener.PollAsync()).Disposition);
        }

        Assert.Equal(QueueDisposition.MovedToPoison, Assert.Single(await listener.PollAsync()).Disposition);
        WorkerAssert.Succeeded(Assert.Single(await scenario.PoisonDeliveries.DrainAsync()).Response!);

        // The first report's alert stands; the second report never reached the chat's message.
        Assert.Empty(scenario.Bot.Calls("editMessageText"));
        var firstResult = await scenario.ResultAsync(first);
        Assert.Equal(("alert", Chats[0]), (Assert.Single(firstResult!.Deliveries!).Kind, alert.ChatId is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : 0));
        var secondResult = await scenario.ResultAsync(second);
        Assert.Null(secondResult!.Pending);
        Assert.Empty(secondResult.Deliveries ?? []);
        Assert.Equal(Chats[0], Assert.Single(secondResult.Undelivered!).ChatId);
    }

    [Fact]
    public async Task RunAsync_MessageReceivedAboveMaxDequeueCount_GoesToThePoisonQueueWithoutAnInvocation()
    {
        await using var scenario = await StartAsync(chats: [Chats[0]]);
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
        var listener = scenario.Deliveries;
        for (var receive = 1; receive <= listener.Settings.MaxDequeueCount; receive++)
        {
            Assert.Equal(1, await listener.AbandonAsync(TimeSpan.FromSeconds(1)));
            await listener.WaitUntilVisibleAsync(TimeSpan.FromSeconds(10));
        }

        var crashLooping = Assert.Single(await listener.DrainAsync());
        var poison = Assert.Single(await scenario.PoisonDeliveries.DrainAsync());

        Assert.Null(crashLooping.Response);
        Assert.Equal(QueueDisposition.MovedToPoison, crashLooping.Disposition);
        WorkerAssert.Succeeded(poison.Response!);
        Assert.Equal(Chats[0], poison.Job.ChatId);
        Assert.Empty(scenario.Bot.Calls("sendMessage"));
        Assert.Equal(Chats[0], Assert.Single((await scenario.ResultAsync(name))!.Undelivered!).ChatId);
    }

    [Fact]
    public async Task RunAsync_MalformedMessages_EachRejectedWithAnErrorNamingItAndTheGoodJobBesideThemIsDelivered()
    {
        await using var scenario = await StartAsync(chats: [Chats[0]]);
        var (name, content) = Seed(0);
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, content));
        var listener = scenario.Deliveries;
        string[] malformed = ["this is not a delivery job", "{\"chatId\":\"not a number\",\"storyId\":\"s\"}", "null", "{}"];
        foreach (var body in malformed)
        {
            await listener.Queue.SendMessageAsync(body);
        }

        var invocations = await listener.DrainAsync();

        Assert.Equal(malformed.Length + 1, invocations.Count);
        Assert.All(invocations, invocation => Assert.Equal(QueueDisposition.Deleted, invocation.Disposition));
        Assert.False(scenario.Worker.HasExited);
        var errors = scenario.Worker.Logs.Where(log => log.Level == RpcLog.Types.Level.Error).Select(log => log.Message).ToList();
        foreach (var rejected in invocations.Where(i => malformed.Contains(i.Message.Body.ToString())))
        {
            var error = Assert.Single(errors, message => message.Contains(rejected.Message.MessageId, StringComparison.Ordinal));
            Assert.Contains("not a delivery job", error, StringComparison.Ordinal);
        }

        Assert.Single(scenario.Bot.Delivered());
        Assert.Equal("alert", Assert.Single((await scenario.ResultAsync(name))!.Deliveries!).Kind);
        Assert.Equal(0, await CountAsync(listener));

        // The poison-queue function rejects one the same way.
        var poisonListener = scenario.PoisonDeliveries;
        await poisonListener.Queue.CreateIfNotExistsAsync();
        await poisonListener.Queue.SendMessageAsync(malformed[0]);
        var poison = Assert.Single(await poisonListener.DrainAsync());
        WorkerAssert.Succeeded(poison.Response!);
        Assert.Contains(scenario.Worker.Logs, log => log.Level == RpcLog.Types.Level.Error && log.Message.Contains(poison.Message.MessageId, StringComparison.Ordinal));
        Assert.False(scenario.Worker.HasExited);
    }

    private async Task<WorkerScenario> StartAsync(long[]? chats = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var scenario = await WorkerScenario.StartAsync(azurite, configure);
        foreach (var chat in chats ?? Chats)
        {
            await scenario.SubscribeAsync(chat, Topic);
        }

        return scenario;
    }

    private static async Task<int> CountAsync(QueueTriggerListener listener)
    {
        await listener.Queue.CreateIfNotExistsAsync();
        QueueProperties properties = await listener.Queue.GetPropertiesAsync();
        return properties.ApproximateMessagesCount;
    }

    /// <summary>
    /// Makes every invocation for <paramref name="chatId"/> fail in a way the function cannot absorb:
    /// the chat's subscription document is unreadable, and the worker (restarted) reaches the outbox
    /// queue through a port where nothing listens, so it cannot put the job back either. The host's
    /// listener still reaches the queue through the trigger's own connection.
    /// </summary>
    private async Task FailEveryInvocationAsync(WorkerScenario scenario, long chatId)
    {
        await CorruptSubscriptionAsync(scenario, chatId);
        scenario.Settings["Storage:ConnectionString"] = scenario.Settings["Storage:ConnectionString"]!
            .Replace($"127.0.0.1:{azurite.QueuePort}/", "127.0.0.1:1/", StringComparison.Ordinal);
        await scenario.RestartAsync();
    }

    private static async Task CorruptSubscriptionAsync(WorkerScenario scenario, long chatId)
    {
        var store = scenario.Core.GetRequiredService<IObjectStore>();
        var current = await store.GetAsync(SubscriptionPaths.Subscription(chatId));
        Assert.NotNull(await store.TryReplaceAsync(SubscriptionPaths.Subscription(chatId), BinaryData.FromString("{\"chatId\": 6101, \"topics\": [tr"), current!.ETag));
    }

    private static string Id(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);

    private static (string Name, byte[] Content) Seed(int index) =>
        (Path.GetFileName(SharedData.SeedFiles[index]), File.ReadAllBytes(SharedData.SeedFiles[index]));
}
