using SummaryBot.Core.Delivery;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The trigger may fire twice, two instances may race, and the process may die between stages.</summary>
public sealed class IdempotencyTests
{
    private const string ArticleText = """
        Lighthouse keepers vote to strike in Valmora

        The union of lighthouse keepers in Valmora voted on Tuesday to strike for three days from next week, its chairman Ivo Brandt said.

        The keepers want the coastal authority to restore night-shift pay that was cut in March. The authority said talks would resume on Thursday.

        Shipping companies warned that the strike could delay ferries between Valmora and the islands.
        """;

    [Theory]
    [InlineData("stories/")]
    [InlineData("results/")]
    public async Task ProcessAsync_StageFailsHalfWayThenRerun_OneAlertAndOneResult(string failingPrefix)
    {
        var store = new FaultyObjectStore(new InMemoryObjectStore());
        using var harness = new PipelineHarness(store);
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);
        store.FailWrites = (_, path) => path.StartsWith(failingPrefix, StringComparison.Ordinal);

        await Assert.ThrowsAsync<IOException>(() => harness.ProcessTextAsync("keepers.txt", ArticleText));
        Assert.Null(await harness.Pipeline.GetResultAsync("keepers.txt"));

        store.FailWrites = null;
        var result = await harness.ProcessTextAsync("keepers.txt", ArticleText);
        var again = await harness.ProcessTextAsync("keepers.txt", ArticleText);

        Assert.Equal(ResultStatus.Processed, result.Status);
        Assert.Equal(SummaryBotJson.Serialize(result).ToString(), SummaryBotJson.Serialize(again).ToString());
        Assert.Equal("alert", Assert.Single(result.Deliveries!).Kind);
        Assert.Null(result.Pending);
        Assert.Single(harness.Outbox.Sent);
    }

    [Fact]
    public async Task ProcessAsync_DiesAfterTheResultBeforeTheJobs_RerunEnqueuesThemAndNothingIsLost()
    {
        var store = new FaultyObjectStore(new InMemoryObjectStore());
        using var harness = new PipelineHarness(store);
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);

        // The result is created, then marking it enqueued fails: as if the process died between the two.
        var resultWrites = 0;
        store.FailWrites = (_, path) => path.StartsWith("results/", StringComparison.Ordinal) && Interlocked.Increment(ref resultWrites) > 1;
        await Assert.ThrowsAsync<IOException>(() => harness.Pipeline.ProcessAsync("keepers.txt", BinaryData.FromString(ArticleText)));
        var halfDone = await harness.Pipeline.GetResultAsync("keepers.txt");
        Assert.Null(halfDone!.EnqueuedAt);
        Assert.Equal([7L], halfDone.Pending!);

        store.FailWrites = null;
        var result = await harness.ProcessTextAsync("keepers.txt", ArticleText);

        Assert.Equal("alert", Assert.Single(result.Deliveries!).Kind);
        Assert.NotNull(result.EnqueuedAt);
        Assert.Single(harness.Outbox.Sent);
    }

    [Fact]
    public async Task Sender_DiesAfterTelegramAcceptedBeforeTheIdWasRecorded_ResendsOnceAndTheResultSaysSo()
    {
        // The send is accepted, then recording its message id fails (a crash at that point): the job
        // comes back after a back-off, the ledger says one send may have arrived, and the alert is sent
        // once more (the documented at-least-once window), never a third time.
        var store = new FaultyObjectStore(new InMemoryObjectStore());
        using var harness = new PipelineHarness(store);
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);
        var ledgerWrites = 0;
        store.FailWrites = (_, path) => path.StartsWith("deliveries/", StringComparison.Ordinal) && Interlocked.Increment(ref ledgerWrites) == 3;

        var first = await harness.ProcessTextAsync("keepers.txt", ArticleText);
        Assert.Single(harness.Outbox.Sent);
        Assert.Equal([7L], first.Pending!);

        for (var pass = 0; pass < 5; pass++)
        {
            harness.Clock.Advance(TimeSpan.FromMinutes(5));
            await harness.Sender.DrainAsync();
        }

        var result = await harness.Pipeline.GetResultAsync("keepers.txt");
        var delivery = Assert.Single(result!.Deliveries!);
        Assert.True(delivery.Resent);
        Assert.Equal(2, harness.Outbox.Sent.Count);
        Assert.Null(result.Pending);
    }

    [Fact]
    public async Task Sender_JobHeldByAnotherSender_IsNotReceivedAgainWhileHidden()
    {
        // A sender received the job and is still working on it: the queue hides it, so a second sender
        // (another process, whatever its clock says) finds nothing to send.
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);
        await harness.Pipeline.ProcessAsync("keepers.txt", BinaryData.FromString(ArticleText));
        var held = await harness.Queue.ReceiveAsync(32, TimeSpan.FromMinutes(2));
        Assert.Single(held);

        var pass = await harness.Sender.DrainAsync();

        Assert.Equal(0, pass.Received);
        Assert.Empty(harness.Outbox.Sent);
    }

    [Fact]
    public async Task ProcessAsync_ConnectionRefused_JobComesBackAfterABackoffAndIsSentOnce()
    {
        // Telegram could not be reached (no connection, so nothing left): the job goes back to the queue
        // for a back-off, the article stage is not failed, and the next pass sends it once.
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);
        harness.Outbox.FailNextSend = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        var staged = await harness.ProcessTextAsync("keepers.txt", ArticleText);
        Assert.Equal([7L], staged.Pending!);
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await harness.Sender.DrainAsync();

        var result = await harness.Pipeline.GetResultAsync("keepers.txt");
        var delivery = Assert.Single(result!.Deliveries!);
        Assert.Equal("alert", delivery.Kind);
        Assert.Null(delivery.Resent);
        Assert.Single(harness.Outbox.Sent);
        var ledger = await harness.Store.GetJsonAsync<DeliveryRecord>(DeliveryPaths.Delivery(result.StoryId!, 7));
        Assert.Equal((DeliveryState.Sent, delivery.MessageId, 0), (ledger!.Value.State, ledger.Value.MessageId, ledger.Value.UncertainSends));
    }

    [Fact]
    public async Task ProcessAsync_SameArticleRacedByTwoInstances_OneAlertOneResult()
    {
        var store = new InMemoryObjectStore();
        var outbox = new RecordingOutbox();
        using var first = new PipelineHarness(store, outbox);
        using var second = new PipelineHarness(store, outbox);
        await first.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);
        await first.Subscriptions.SubscribeAsync(8, "Valmora", ChatKind.Console);

        for (var round = 0; round < 10; round++)
        {
            var name = $"keepers-{round}.txt";
            var text = ArticleText.Replace("Valmora", $"Valmora{round} Valmora", StringComparison.Ordinal);
            var results = await Task.WhenAll(
                Task.Run(() => first.ProcessTextAsync(name, text)),
                Task.Run(() => second.ProcessTextAsync(name, text)));

            Assert.Equal(results[0].StoryId, results[1].StoryId);
            var stored = await store.GetJsonAsync<ResultRecord>(ResultPaths.Result(name));
            Assert.Equal(2, stored!.Value.Deliveries!.Count);
        }

        // Each round is a different story for both chats: exactly one alert per (story, chat), however the races went.
        var perStoryAndChat = outbox.Sent.GroupBy(s => (s.ChatId, Html: s.Message.Html)).ToList();
        Assert.All(perStoryAndChat, g => Assert.Single(g));
        Assert.Equal(outbox.Sent.Count, outbox.Sent.Select(s => s.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task ProcessAsync_ChatBlockedTheBot_DeactivatesChatAndRecordsWhy()
    {
        using var harness = new PipelineHarness();
        await harness.Subscriptions.SubscribeAsync(7, "lighthouse", ChatKind.Console);
        await harness.Subscriptions.SubscribeAsync(8, "lighthouse", ChatKind.Console);
        harness.Outbox.Unavailable[8] = "Forbidden: bot was blocked by the user";

        var result = await harness.ProcessTextAsync("keepers.txt", ArticleText);

        var delivered = Assert.Single(result.Deliveries!);
        Assert.Equal(7, delivered.ChatId);
        var undelivered = Assert.Single(result.Undelivered!);
        Assert.Equal(8, undelivered.ChatId);
        Assert.Contains("blocked", undelivered.Reason, StringComparison.Ordinal);
        var chat = await harness.Subscriptions.GetChatAsync(8);
        Assert.False(chat!.Active);
        Assert.Contains("blocked", chat.DeactivatedReason, StringComparison.Ordinal);
    }
}
