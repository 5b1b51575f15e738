using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Delivery.Digests;

namespace SummaryBot.Tests.Delivery.Outbox;

/// <summary>
/// A short hiding (Delivery:VisibilityTimeoutSeconds 10) with a short request timeout (2 s) under a
/// slow store: the time a job spends before its send (its chat's turn, the shared rate slots) must
/// neither hand it to a second sender while its request is in flight, nor burn its attempts.
/// </summary>
public sealed class SendHoldTests
{
    private static readonly DeliveryOptions ShortHiding = new() { VisibilityTimeoutSeconds = 10, MaxAttempts = 3, Concurrency = 1 };
    private static readonly TelegramOptions ShortRequests = new() { RequestTimeoutSeconds = 2 };

    private static async Task<DigestHarness> StartAsync(int chats)
    {
        var h = new DigestHarness(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero));
        for (long chat = 1; chat <= chats; chat++)
        {
            await h.AddChatAsync(chat, DeliveryMode.Instant);
        }

        await h.Store.TryCreateJsonAsync(StoryPaths.Story("story-1"), h.NewStory("story-1"));
        return h;
    }

    private static IEnumerable<DeliveryJob> Jobs(int chats) =>
        Enumerable.Range(1, chats).Select(chat => new DeliveryJob { StoryId = "story-1", ChatId = chat, ArticleName = "story-1-a.txt", Topic = DigestHarness.Topic });

    [Fact]
    public async Task RunPass_EachTurnTakesFourSeconds_EveryJobIsSentInOnePassAndNoneGivenUp()
    {
        using var h = await StartAsync(5);
        var sender = h.NewScheduler(options: ShortHiding, telegram: ShortRequests, gate: new SlowGate(h.Clock, TimeSpan.FromSeconds(4))).Sender;
        await sender.EnqueueAsync(Jobs(5));

        var pass = await sender.RunPassAsync();
        var rest = await sender.DrainAsync();

        Assert.Equal((5, 5), (pass.Received, pass.Done));
        Assert.Equal(0, rest.Received);
        Assert.Equal([1L, 2, 3, 4, 5], h.Outbox.Sent.Select(m => m.ChatId).Order());
        for (long chat = 1; chat <= 5; chat++)
        {
            Assert.Equal(DeliveryState.Sent, (await h.LedgerAsync("story-1", chat))!.State);
        }
    }

    [Fact]
    public async Task RunPass_TurnTakesNineSeconds_TheJobStaysHiddenWhileItsRequestIsOnTheWay()
    {
        using var h = await StartAsync(1);
        var sender = h.NewScheduler(options: ShortHiding, telegram: ShortRequests, gate: new SlowGate(h.Clock, TimeSpan.FromSeconds(9))).Sender;
        await sender.EnqueueAsync(Jobs(1));
        IReadOnlyList<QueueMessage>? seenByAnotherSender = null;
        h.Outbox.BeforeAccept = async (_, _) =>
        {
            // The request takes its whole timeout; meanwhile another sender looks at the queue.
            h.Clock.Advance(TimeSpan.FromSeconds(2));
            seenByAnotherSender = await h.Queue.ReceiveAsync(32, TimeSpan.FromSeconds(10));
        };

        var pass = await sender.RunPassAsync();

        Assert.NotNull(seenByAnotherSender);
        Assert.Empty(seenByAnotherSender);
        Assert.Equal(1, pass.Done);
        Assert.Single(h.Outbox.Sent);
        Assert.Equal(0, await h.Queue.CountAsync());
    }

    /// <summary>A send gate whose every reservation takes <paramref name="cost"/> (a slow store, a wait for the chat's turn).</summary>
    private sealed class SlowGate(FakeTimeProvider clock, TimeSpan cost) : ISendGate
    {
        public Task<TimeSpan> TryReserveAsync(long chatId, CancellationToken cancellationToken = default)
        {
            clock.Advance(cost);
            return Task.FromResult(TimeSpan.Zero);
        }
    }
}
