using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Digests;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Delivery.Digests;

public sealed class DigestSchedulerTests
{
    private const long Chat = 42;
    private static readonly TimeSpan TimerPeriod = TimeSpan.FromMinutes(5);
    private static readonly TimeZoneInfo SkopjeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Skopje");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, SkopjeZone).DateTime);

    [Fact]
    public async Task RunDueAsync_StoriesQueued_SendsOneDigestAtTheTimeAndClearsTheQueue()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        var queued = await h.DeliverStoryAsync(Chat, "s1");
        await h.DeliverStoryAsync(Chat, "s2");

        h.Clock.SetUtcNow(Utc(6, 1, 7, 55));
        var early = await h.Scheduler.RunDueAsync();
        h.Clock.SetUtcNow(Utc(6, 1, 8, 0));
        var due = await h.Scheduler.RunDueAsync();
        var again = await h.Scheduler.RunDueAsync();

        Assert.Equal(DeliveryKind.Queued, queued.Kind);
        Assert.Empty(early.Chats);
        var outcome = Assert.Single(due.Chats);
        Assert.Equal(DigestChatStatus.Sent, outcome.Status);
        Assert.Equal(2, outcome.StoryCount);
        var message = Assert.Single(h.Outbox.To(Chat));
        Assert.Contains("Headline of s1", message.Html, StringComparison.Ordinal);
        Assert.Contains("Headline of s2", message.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://news.example/s1\">Read</a>", message.Html, StringComparison.Ordinal);
        Assert.Contains("Outlet One, Outlet Two", message.Html, StringComparison.Ordinal);
        Assert.Empty(again.Chats);
        Assert.Empty(await h.QueueAsync(Chat));
        var ledger = await h.LedgerAsync("s1", Chat);
        Assert.Equal(DeliveryState.Digested, ledger!.State);
        Assert.Equal(message.MessageId, ledger.MessageId);
        Assert.Equal(Utc(6, 1, 8), (await h.Subscriptions.GetAsync(Chat))!.LastDigestAt);
    }

    [Fact]
    public async Task RunDueAsync_NothingQueued_SendsNothingAndLaterStoriesWaitForTheNextTime()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00,18:00");

        h.Clock.SetUtcNow(Utc(6, 1, 8, 5));
        var empty = await h.Scheduler.RunDueAsync();
        await h.DeliverStoryAsync(Chat, "late");
        h.Clock.SetUtcNow(Utc(6, 1, 8, 10));
        var afterEmpty = await h.Scheduler.RunDueAsync();
        h.Clock.SetUtcNow(Utc(6, 1, 18, 0));
        var evening = await h.Scheduler.RunDueAsync();

        Assert.Equal(DigestChatStatus.Empty, Assert.Single(empty.Chats).Status);
        Assert.Empty(afterEmpty.Chats);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(evening.Chats).Status);
        var message = Assert.Single(h.Outbox.Sent);
        Assert.Equal(Utc(6, 1, 18), message.At);
    }

    [Fact]
    public async Task RunDueAsync_ChatSwitchedToDigestAfterTodaysTime_WaitsForTheNextTime()
    {
        using var h = new DigestHarness(Utc(6, 1, 10));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");

        await h.RunEveryAsync(TimerPeriod, Utc(6, 2, 7, 55));
        Assert.Empty(h.Outbox.Sent);
        await h.RunEveryAsync(TimerPeriod, Utc(6, 2, 9));

        Assert.Equal(Utc(6, 2, 8), Assert.Single(h.Outbox.Sent).At);
    }

    [Fact]
    public async Task RunDueAsync_AcrossSpringForward_OneDigestPerDayAndTheSkippedTimeGoesOutAfterTheGap()
    {
        // Skopje, 29 March 2026: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that night.
        using var h = new DigestHarness(Utc(3, 26, 12));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "02:30", "Europe/Skopje");
        var n = 0;

        await h.RunEveryAsync(TimerPeriod, Utc(3, 31, 12), async now =>
        {
            if (now.Minute == 0 && now.Hour % 6 == 0)
            {
                await h.DeliverStoryAsync(Chat, $"spring-{n++}");
            }
        });

        var days = h.Outbox.Sent.GroupBy(m => LocalDate(m.At)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([new DateOnly(2026, 3, 27), new DateOnly(2026, 3, 28), new DateOnly(2026, 3, 29), new DateOnly(2026, 3, 30), new DateOnly(2026, 3, 31)], days.Keys.Order());
        Assert.All(days.Values, count => Assert.Equal(1, count));
        // 02:30 that did not exist is taken as 03:30 CEST (01:30Z): the first timer tick at or after it sends.
        Assert.Equal(Utc(3, 29, 1, 30), h.Outbox.Sent.Single(m => LocalDate(m.At) == new DateOnly(2026, 3, 29)).At);
        Assert.Equal(Utc(3, 30, 0, 30), h.Outbox.Sent.Single(m => LocalDate(m.At) == new DateOnly(2026, 3, 30)).At);
    }

    [Fact]
    public async Task RunDueAsync_AcrossFallBack_TheRepeatedTimeSendsOnlyOnce()
    {
        // Skopje, 25 October 2026: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice (00:30Z and 01:30Z).
        using var h = new DigestHarness(Utc(10, 23, 12));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "02:30", "Europe/Skopje");
        var n = 0;

        // A story every 30 minutes, so something is queued at both occurrences of 02:30.
        await h.RunEveryAsync(TimerPeriod, Utc(10, 27, 12), async now =>
        {
            if (now.Minute % 30 == 0)
            {
                await h.DeliverStoryAsync(Chat, $"fall-{n++}");
            }
        });

        // Many stories make a digest of several messages: count digests by the instant they went out.
        var digests = h.Outbox.Sent.Select(m => m.At).Distinct().ToList();
        var days = digests.GroupBy(LocalDate).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([new DateOnly(2026, 10, 24), new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 26), new DateOnly(2026, 10, 27)], days.Keys.Order());
        Assert.All(days.Values, count => Assert.Equal(1, count));
        Assert.Equal(Utc(10, 25, 0, 30), digests.Single(at => LocalDate(at) == new DateOnly(2026, 10, 25)));
        Assert.DoesNotContain(digests, at => at >= Utc(10, 25, 1) && at < Utc(10, 26, 0));
        Assert.Equal(Utc(10, 26, 1, 30), digests.Single(at => LocalDate(at) == new DateOnly(2026, 10, 26)));
    }

    [Fact]
    public async Task RunDueAsync_HostDownForTenHours_SendsOneLateDigestNotOnePerMissedTime()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00,10:00,12:00,14:00");
        await h.DeliverStoryAsync(Chat, "s1");
        await h.DeliverStoryAsync(Chat, "s2");
        h.Clock.SetUtcNow(Utc(6, 1, 7));
        await h.Scheduler.RunDueAsync();

        h.Clock.Advance(TimeSpan.FromHours(10));
        var late = await h.Scheduler.RunDueAsync();
        var next = await h.Scheduler.RunDueAsync();
        await h.DeliverStoryAsync(Chat, "s3");
        await h.RunEveryAsync(TimerPeriod, Utc(6, 2, 7, 55));

        Assert.Equal(DigestChatStatus.Sent, Assert.Single(late.Chats).Status);
        Assert.Equal(2, late.StoriesSent);
        Assert.Empty(next.Chats);
        var message = Assert.Single(h.Outbox.Sent);
        Assert.Equal(Utc(6, 1, 17), message.At);
        Assert.Contains("14:00", message.Html, StringComparison.Ordinal);
        Assert.Single(await h.QueueAsync(Chat)); // s3 waits for 08:00 tomorrow
    }

    [Fact]
    public async Task RunDueAsync_CrashAfterRecordingBeforeClearing_NextRunClearsWithoutSendingAgain()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        await h.DeliverStoryAsync(Chat, "s2");
        h.Clock.SetUtcNow(Utc(6, 1, 8));
        // The process "dies" right after the accepted message was recorded: that one write gets through, then nothing does.
        h.Outbox.AfterAccept = _ =>
        {
            var allowed = 1;
            h.Store.FailWrites = (_, path) => !(path.StartsWith("digest-runs/", StringComparison.Ordinal) && allowed-- > 0);
            return Task.CompletedTask;
        };
        var crashed = await h.Scheduler.RunDueAsync();
        h.Store.FailWrites = null;
        h.Outbox.AfterAccept = null;

        // The job comes back after its back-off and finds the dead run's claim.
        var restarted = h.NewScheduler();
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        var whileLeased = await restarted.RunDueAsync();
        h.Clock.Advance(DigestScheduler.ClaimLease + TimeSpan.FromMinutes(1));
        var recovered = await restarted.RunDueAsync();
        var afterwards = await restarted.RunDueAsync();

        Assert.Equal(DigestChatStatus.Failed, Assert.Single(crashed.Chats).Status);
        Assert.Equal(DigestChatStatus.Busy, Assert.Single(whileLeased.Chats).Status);
        Assert.Equal(DigestChatStatus.Empty, Assert.Single(recovered.Chats).Status);
        Assert.Empty(afterwards.Chats);
        var message = Assert.Single(h.Outbox.Sent);
        Assert.Empty(await h.QueueAsync(Chat));
        Assert.Equal(message.MessageId, (await h.LedgerAsync("s1", Chat))!.MessageId);
        Assert.Equal(DeliveryState.Digested, (await h.LedgerAsync("s2", Chat))!.State);
        Assert.Equal(Utc(6, 1, 8), (await h.Subscriptions.GetAsync(Chat))!.LastDigestAt);
    }

    [Fact]
    public async Task RunDueAsync_ClearingWriteFails_NextRunFinishesWithoutSendingAgain()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        h.Clock.SetUtcNow(Utc(6, 1, 8));
        h.Store.FailWrites = (op, path) => op == "delete" && path.StartsWith("digests/", StringComparison.Ordinal);
        var failed = await h.Scheduler.RunDueAsync();
        h.Store.FailWrites = null;

        h.Clock.Advance(TimerPeriod);
        var next = await h.NewScheduler().RunDueAsync();

        Assert.Equal(DigestChatStatus.Failed, Assert.Single(failed.Chats).Status);
        Assert.Equal(DigestChatStatus.Empty, Assert.Single(next.Chats).Status);
        var message = Assert.Single(h.Outbox.Sent);
        Assert.Empty(await h.QueueAsync(Chat));
        Assert.Equal(message.MessageId, (await h.LedgerAsync("s1", Chat))!.MessageId);
    }

    [Fact]
    public async Task RunDueAsync_OutboxFailsAfterAccepting_SendsAgainOnceAsDocumented()
    {
        // The at-least-once window: Telegram accepted, but the run never learned the message id.
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        h.Clock.SetUtcNow(Utc(6, 1, 8));
        h.Outbox.AfterAccept = _ => throw new HttpRequestException("connection reset after the request was sent");
        var failed = await h.Scheduler.RunDueAsync();
        h.Outbox.AfterAccept = null;

        h.Clock.Advance(TimerPeriod);
        var retried = await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimerPeriod);
        var after = await h.Scheduler.RunDueAsync();

        Assert.Equal(DigestChatStatus.Failed, Assert.Single(failed.Chats).Status);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(retried.Chats).Status);
        Assert.Empty(after.Chats);
        Assert.Equal(2, h.Outbox.Sent.Count);
        Assert.Equal(h.Outbox.Sent[1].MessageId, (await h.LedgerAsync("s1", Chat))!.MessageId);
        Assert.Empty(await h.QueueAsync(Chat));
    }

    [Fact]
    public async Task RunDueAsync_StoryQueuedWhileSending_StaysQueuedForTheNextDigest()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00,18:00");
        await h.DeliverStoryAsync(Chat, "before");
        h.Clock.SetUtcNow(Utc(6, 1, 8));
        h.Outbox.BeforeAccept = async (_, _) =>
        {
            h.Outbox.BeforeAccept = null;
            await h.DeliverStoryAsync(Chat, "during");
        };

        await h.Scheduler.RunDueAsync();
        var queuedAfterFirst = await h.QueueAsync(Chat);
        var ledgerAfterFirst = await h.LedgerAsync("during", Chat);
        h.Clock.SetUtcNow(Utc(6, 1, 18));
        await h.Scheduler.RunDueAsync();

        Assert.Equal([DeliveryPaths.DigestEntry(Chat, "during")], queuedAfterFirst);
        Assert.Equal(DeliveryState.Queued, ledgerAfterFirst!.State);
        Assert.Equal(2, h.Outbox.Sent.Count);
        Assert.DoesNotContain("Headline of during", h.Outbox.Sent[0].Html, StringComparison.Ordinal);
        Assert.Contains("Headline of during", h.Outbox.Sent[1].Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Headline of before", h.Outbox.Sent[1].Html, StringComparison.Ordinal);
        Assert.Empty(await h.QueueAsync(Chat));
    }

    [Fact]
    public async Task RunDueAsync_SixtyStories_SplitIntoWholeEntriesAndAllCleared()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        var summary = "A long summary sentence that goes on about the talks, the ports, the railways and the energy deals signed this week. " +
            "Then more detail that the digest leaves out.";
        for (var i = 0; i < 60; i++)
        {
            await h.DeliverStoryAsync(Chat, $"s{i:00}", headline: $"Story number {i:00} about the long negotiations between the two neighbours", summary: summary);
        }

        h.Clock.SetUtcNow(Utc(6, 1, 8));
        var report = await h.Scheduler.RunDueAsync();

        Assert.True(h.Outbox.Sent.Count > 1);
        Assert.Equal(h.Outbox.Sent.Count, report.MessagesSent);
        Assert.Equal(60, report.StoriesSent);
        Assert.All(h.Outbox.Sent, m => Assert.True(m.Html.Length <= AlertFormatter.MaxMessageLength));
        for (var i = 0; i < 60; i++)
        {
            var carrying = Assert.Single(h.Outbox.Sent, m => m.Html.Contains($"Story number {i:00} ", StringComparison.Ordinal));
            Assert.Contains($"https://news.example/s{i:00}\"", carrying.Html, StringComparison.Ordinal);
            Assert.Equal(carrying.MessageId, (await h.LedgerAsync($"s{i:00}", Chat))!.MessageId);
        }

        Assert.Empty(await h.QueueAsync(Chat));
    }

    [Fact]
    public async Task RunDueAsync_InstantThenDigestThenInstant_LeftoversGoOutInOneFinalDigest()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Instant);
        var alert = await h.DeliverStoryAsync(Chat, "instant-1");
        await h.SetModeAsync(Chat, DeliveryMode.Digest, "20:00");
        var queued = await h.DeliverStoryAsync(Chat, "digest-1");
        h.Clock.SetUtcNow(Utc(6, 1, 9));
        var beforeSwitch = await h.Scheduler.RunDueAsync();
        await h.SetModeAsync(Chat, DeliveryMode.Instant, "20:00");

        h.Clock.Advance(TimerPeriod);
        var flushed = await h.Scheduler.RunDueAsync();
        var alertAfter = await h.DeliverStoryAsync(Chat, "instant-2");
        h.Clock.SetUtcNow(Utc(6, 1, 21));
        var later = await h.Scheduler.RunDueAsync();

        Assert.Equal(DeliveryKind.Alert, alert.Kind);
        Assert.Equal(DeliveryKind.Queued, queued.Kind);
        Assert.Empty(beforeSwitch.Chats);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(flushed.Chats).Status);
        Assert.Equal(DeliveryKind.Alert, alertAfter.Kind);
        Assert.Empty(later.Chats);
        Assert.Equal(3, h.Outbox.Sent.Count);
        Assert.Contains("switched to instant", h.Outbox.Sent[1].Html, StringComparison.Ordinal);
        Assert.Contains("Headline of digest-1", h.Outbox.Sent[1].Html, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Digested, (await h.LedgerAsync("digest-1", Chat))!.State);
        Assert.Empty(await h.QueueAsync(Chat));
    }

    [Fact]
    public async Task RunDueAsync_ChatBlockedTheBot_DeactivatesAndKeepsTheQueue()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        h.Outbox.Unavailable[Chat] = "Forbidden: bot was blocked by the user";
        h.Clock.SetUtcNow(Utc(6, 1, 8));

        var report = await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimerPeriod);
        var next = await h.Scheduler.RunDueAsync();

        Assert.Equal(DigestChatStatus.Unavailable, Assert.Single(report.Chats).Status);
        Assert.Empty(next.Chats);
        var chat = await h.Subscriptions.GetAsync(Chat);
        Assert.False(chat!.Active);
        Assert.Contains("blocked", chat.DeactivatedReason, StringComparison.Ordinal);
        Assert.Single(await h.QueueAsync(Chat));
        Assert.Equal(DeliveryState.Queued, (await h.LedgerAsync("s1", Chat))!.State);
    }

    [Fact]
    public async Task RunDueAsync_TwoSchedulersAtOnce_TheSecondWritesNoJobWhileTheFirstIsSending()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        h.Clock.SetUtcNow(Utc(6, 1, 8));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Outbox.BeforeAccept = async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
        };

        var first = h.Scheduler.RunDueAsync();
        await entered.Task;
        var second = await h.NewScheduler().RunDueAsync();
        release.SetResult();
        var firstReport = await first;

        Assert.Empty(second.Chats);
        Assert.Equal(1, h.Queue.EnqueuedCount);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(firstReport.Chats).Status);
        Assert.Single(h.Outbox.Sent);
    }

    [Fact]
    public async Task DigestJob_TwoCopiesAtOnce_OneSendsTheOtherWaitsAndThenFindsTheSlotDone()
    {
        using var h = await DueWithOneStoryAsync();
        var job = new DigestJob { ChatId = Chat, Slot = Utc(6, 1, 8) };
        await h.Queue.EnqueueAsync(job.ToBinary());
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Outbox.BeforeAccept = async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
        };

        // Two senders, one copy each: the second finds the chat claimed and puts its copy back.
        var first = h.Scheduler.Sender.RunPassAsync();
        await entered.Task;
        await h.Queue.EnqueueAsync(job.ToBinary());
        var second = await h.NewScheduler().Sender.RunPassAsync();
        release.SetResult();
        var firstPass = await first;
        h.Clock.Advance(DigestScheduler.ClaimLease + TimeSpan.FromMinutes(1));
        var late = await h.NewScheduler().Sender.DrainAsync();

        Assert.Equal(DigestChatStatus.Busy, Assert.Single(second.Digests).Status);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(firstPass.Digests).Status);
        Assert.Equal(1, late.Received);
        Assert.Empty(late.Digests);
        Assert.Single(h.Outbox.Sent);
        Assert.Equal(0, await h.Queue.CountAsync());
    }

    [Fact]
    public async Task RunDueAsync_ManySchedulersRacing_EachChatGetsExactlyOneDigestPerDay()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        for (long chat = 1; chat <= 6; chat++)
        {
            await h.AddChatAsync(chat, DeliveryMode.Digest, "08:00");
        }

        var sentPerDay = new List<int>();
        for (var day = 1; day <= 4; day++)
        {
            h.Clock.SetUtcNow(Utc(6, day, 7));
            for (long chat = 1; chat <= 6; chat++)
            {
                await h.DeliverStoryAsync(chat, $"story-{chat}-{day}");
            }

            h.Clock.SetUtcNow(Utc(6, day, 8));
            var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => h.NewScheduler().RunDueAsync())));
            sentPerDay.Add(reports.Sum(r => r.DigestsSent));
            Assert.All(reports.SelectMany(r => r.Chats), c => Assert.True(c.Status != DigestChatStatus.Failed, c.Error));
        }

        Assert.All(sentPerDay, sent => Assert.Equal(6, sent));
        for (long chat = 1; chat <= 6; chat++)
        {
            var messages = h.Outbox.To(chat);
            Assert.Equal(4, messages.Count);
            Assert.Equal(4, messages.Select(m => m.At).Distinct().Count());
            Assert.Empty(await h.QueueAsync(chat));
        }
    }

    [Fact]
    public async Task RunDueAsync_InactiveChat_IsSkippedAndKeepsItsQueue()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        await h.Service.DeactivateAsync(Chat, "kicked");
        h.Clock.SetUtcNow(Utc(6, 1, 8));

        var report = await h.Scheduler.RunDueAsync();

        Assert.Equal(1, report.ChatsChecked);
        Assert.Empty(report.Chats);
        Assert.Empty(h.Outbox.Sent);
        Assert.Single(await h.QueueAsync(Chat));
    }

    [Fact]
    public async Task RunDueAsync_CorruptDocuments_AreSkippedNotFatal()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        await h.Store.TryCreateAsync(SubscriptionPaths.Subscription(999), BinaryData.FromString("{ not json"));
        await h.Store.TryCreateAsync(DeliveryPaths.DigestEntry(Chat, "broken"), BinaryData.FromString("[1,2"));
        h.Clock.SetUtcNow(Utc(6, 1, 8));

        var report = await h.Scheduler.RunDueAsync();

        Assert.Equal(DigestChatStatus.Sent, Assert.Single(report.Chats).Status);
        Assert.Contains("Headline of s1", Assert.Single(h.Outbox.Sent).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDueAsync_GroupBecameSupergroup_SendsTheDigestThereAndMovesTheChat()
    {
        const long supergroup = -1009001;
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "10:00", "Europe/Berlin"); // 08:00 UTC in June
        await h.DeliverStoryAsync(Chat, "s1");
        h.Outbox.Migrated[Chat] = supergroup;
        h.Clock.SetUtcNow(Utc(6, 1, 8));

        var report = await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimerPeriod);
        var next = await h.Scheduler.RunDueAsync();

        var outcome = Assert.Single(report.Chats);
        Assert.Equal((supergroup, DigestChatStatus.Sent, 1), (outcome.ChatId, outcome.Status, outcome.StoryCount));
        Assert.Contains("Headline of s1", Assert.Single(h.Outbox.To(supergroup)).Html, StringComparison.Ordinal);
        Assert.Empty(h.Outbox.To(Chat));
        Assert.Empty(await h.QueueAsync(Chat));
        Assert.Equal(DeliveryState.Digested, (await h.LedgerAsync("s1", Chat))!.State);
        var group = await h.Subscriptions.GetAsync(Chat);
        var moved = await h.Subscriptions.GetAsync(supergroup);
        Assert.Equal((false, supergroup), (group!.Active, group.MovedTo));
        Assert.Equal((DeliveryMode.Digest, "Europe/Berlin", true), (moved!.Mode, moved.TimeZone, moved.Active));
        Assert.Equal([DigestHarness.Topic], moved.Topics);
        Assert.NotNull(moved.LastDigestAt);

        // The supergroup's own first run finds nothing due for the slot the group's digest covered.
        Assert.DoesNotContain(next.Chats, c => c.Status == DigestChatStatus.Sent);
        Assert.Single(h.Outbox.Sent);
    }

    [Fact]
    public async Task RunDueAsync_GroupBecameASupergroupTheBotCannotPostIn_DeactivatesBothAndSendsNothing()
    {
        const long supergroup = -1009002;
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        h.Outbox.Migrated[Chat] = supergroup;
        h.Outbox.Unavailable[supergroup] = "Forbidden: bot was blocked by the user";
        h.Clock.SetUtcNow(Utc(6, 1, 8));

        var report = await h.Scheduler.RunDueAsync();
        h.Clock.SetUtcNow(Utc(6, 2, 8));
        var nextDay = await h.Scheduler.RunDueAsync();

        var outcome = Assert.Single(report.Chats);
        Assert.Equal((DigestChatStatus.Unavailable, 0), (outcome.Status, outcome.StoryCount));
        Assert.Contains("blocked", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(h.Outbox.Sent);
        var group = await h.Subscriptions.GetAsync(Chat);
        var moved = await h.Subscriptions.GetAsync(supergroup);
        Assert.Equal((false, supergroup), (group!.Active, group.MovedTo));
        Assert.False(moved!.Active);
        Assert.Equal([DigestHarness.Topic], moved.Topics);

        // Nothing is lost: the story waits in the group's queue, and no later run retries a chat that is gone.
        Assert.Single(await h.QueueAsync(Chat));
        Assert.Equal(DeliveryState.Queued, (await h.LedgerAsync("s1", Chat))!.State);
        Assert.Empty(nextDay.Chats);
        Assert.Empty(h.Outbox.Sent);
    }

    [Fact]
    public async Task RunDueAsync_TelegramRefusesTheDigest_GivesItsStoriesUpOnceWithTheReason()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.AddChatAsync(Chat + 1, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        await h.DeliverStoryAsync(Chat + 1, "s1");
        h.Outbox.Refused[Chat] = "Bad Request: can't parse entities";
        h.Clock.SetUtcNow(Utc(6, 1, 8));

        var report = await h.Scheduler.RunDueAsync();
        h.Clock.SetUtcNow(Utc(6, 2, 8));
        var nextDay = await h.Scheduler.RunDueAsync();

        var refused = Assert.Single(report.Chats, c => c.ChatId == Chat);
        Assert.Equal(DigestChatStatus.Rejected, refused.Status);
        Assert.Contains("can't parse entities", refused.Error, StringComparison.Ordinal);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(report.Chats, c => c.ChatId == Chat + 1).Status);
        var ledger = await h.LedgerAsync("s1", Chat);
        Assert.Equal(DeliveryState.Failed, ledger!.State);
        Assert.Contains("can't parse entities", ledger.Error, StringComparison.Ordinal);
        Assert.Empty(await h.QueueAsync(Chat));
        Assert.True((await h.Subscriptions.GetAsync(Chat))!.Active);

        // Not tried again at every run: the next day's slot finds nothing queued.
        Assert.Equal(DigestChatStatus.Empty, Assert.Single(nextDay.Chats, c => c.ChatId == Chat).Status);
    }

    [Fact]
    public async Task DigestJob_TooManyRequests_ComesBackAfterRetryAfterAndSendsOnce()
    {
        using var h = await DueWithOneStoryAsync();
        h.Outbox.Deferrals.Enqueue(TimeSpan.FromSeconds(40));

        var deferred = await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(39));
        var early = await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var after = await h.Scheduler.RunDueAsync();

        var outcome = Assert.Single(deferred.Chats);
        Assert.Equal(DigestChatStatus.Failed, outcome.Status);
        Assert.Contains("429", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(early.Chats);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(after.Chats).Status);
        Assert.Equal(Utc(6, 1, 8).AddSeconds(41), Assert.Single(h.Outbox.Sent).At);
        Assert.Equal(DeliveryState.Digested, (await h.LedgerAsync("s1", Chat))!.State);
        Assert.Equal(0, await h.Queue.CountAsync());
    }

    [Fact]
    public async Task DigestJob_ServerErrors_BackOffThenSendOnce()
    {
        using var h = await DueWithOneStoryAsync();
        h.Outbox.Deferrals.Enqueue(null);
        h.Outbox.Deferrals.Enqueue(null);

        await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(2)); // the first back-off: 2 s
        await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(3)); // the second: 4 s
        var tooEarly = await h.Scheduler.RunDueAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var sent = await h.Scheduler.RunDueAsync();

        Assert.Empty(tooEarly.Chats);
        Assert.Equal(DigestChatStatus.Sent, Assert.Single(sent.Chats).Status);
        Assert.Equal(3, h.Outbox.Attempts);
        Assert.Single(h.Outbox.Sent);
    }

    [Fact]
    public async Task DigestJob_NeverAnswered_AtMostTwoCopiesThenTheStoriesAreGivenUp()
    {
        using var h = await DueWithOneStoryAsync();
        h.Outbox.AfterAccept = _ => throw new HttpRequestException("the connection dropped before the answer");

        var reports = new List<DigestRunReport>();
        for (var i = 0; i < 6; i++)
        {
            reports.Add(await h.Scheduler.RunDueAsync());
            h.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(2, h.Outbox.Sent.Count);
        var last = Assert.Single(reports.SelectMany(r => r.Chats), c => c.Status == DigestChatStatus.Rejected);
        Assert.Contains("answered none of 2", last.Error, StringComparison.Ordinal);
        var ledger = await h.LedgerAsync("s1", Chat);
        Assert.Equal(DeliveryState.Failed, ledger!.State);
        Assert.Contains("one may have arrived", ledger.Error, StringComparison.Ordinal);
        Assert.Empty(await h.QueueAsync(Chat));
        Assert.Equal(0, await h.Queue.CountAsync());
    }

    [Fact]
    public async Task DigestJob_CrashMidSend_TheNextCopySendsAtMostOnceMore()
    {
        using var h = await DueWithOneStoryAsync();
        // Telegram accepts, then the process "dies": no write of this run gets through any more.
        h.Outbox.AfterAccept = _ =>
        {
            h.Store.FailWrites = (_, _) => true;
            return Task.CompletedTask;
        };
        await h.Scheduler.RunDueAsync();
        h.Store.FailWrites = null;
        h.Outbox.AfterAccept = null;

        // The job comes back once the dead run's claim has expired; the run document says one send
        // went out unanswered, so this is the one resend, and the digest is then done.
        h.Clock.Advance(DigestScheduler.ClaimLease + TimeSpan.FromMinutes(1));
        var recovered = await h.NewScheduler().RunDueAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var after = await h.NewScheduler().RunDueAsync();

        Assert.Equal(DigestChatStatus.Sent, Assert.Single(recovered.Chats).Status);
        Assert.Empty(after.Chats);
        Assert.Equal(2, h.Outbox.Sent.Count);
        Assert.Equal(h.Outbox.Sent[1].MessageId, (await h.LedgerAsync("s1", Chat))!.MessageId);
        Assert.Equal(0, await h.Queue.CountAsync());
    }

    /// <summary>A chat in digest mode at 08:00 with one story queued, at 08:00.</summary>
    private static async Task<DigestHarness> DueWithOneStoryAsync()
    {
        var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        h.Clock.SetUtcNow(Utc(6, 1, 8));
        return h;
    }

    [Fact]
    public async Task RunDueAsync_TwoForumTopicsOfOneChat_EachGetsItsOwnDigestInItsTopic()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        var ferries = new ChatAddress(-1009001, 17);
        var airports = new ChatAddress(-1009001, 23);
        await h.AddChatAsync(ferries, DeliveryMode.Digest, "08:00");
        await h.AddChatAsync(airports, DeliveryMode.Digest, "09:00");
        await h.DeliverStoryAsync(ferries, "ferry");
        await h.DeliverStoryAsync(airports, "airport");

        h.Clock.SetUtcNow(Utc(6, 1, 8, 0));
        await h.Scheduler.RunDueAsync();
        var first = Assert.Single(h.Outbox.To(-1009001));
        h.Clock.SetUtcNow(Utc(6, 1, 9, 0));
        await h.Scheduler.RunDueAsync();

        var sent = h.Outbox.To(-1009001);
        Assert.Equal([17, 23], sent.Select(m => m.ThreadId));
        Assert.Contains("Headline of ferry", first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Headline of airport", first.Html, StringComparison.Ordinal);
        Assert.Contains("Headline of airport", sent[1].Html, StringComparison.Ordinal);
        Assert.Empty(await h.QueueAsync(ferries));
        Assert.Empty(await h.QueueAsync(airports));
        Assert.Equal(DeliveryState.Digested, (await h.LedgerAsync("ferry", ferries))!.State);
        Assert.Null(await h.LedgerAsync("ferry", -1009001));
        Assert.Equal(Utc(6, 1, 8), (await h.Subscriptions.GetAsync(ferries))!.LastDigestAt);
        Assert.Null(await h.Subscriptions.GetAsync(-1009001));
    }

    [Fact]
    public async Task RunDueAsync_DigestInQuietHours_SentWithoutNotification()
    {
        using var h = new DigestHarness(Utc(6, 1, 6));
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.Subscriptions.UpdateAsync(Chat, c => c with { QuietHours = new QuietHours("22:00", "08:30", QuietHoursAction.Hold) });
        await h.DeliverStoryAsync(Chat, "s1");

        h.Clock.SetUtcNow(Utc(6, 1, 8, 0));
        await h.Scheduler.RunDueAsync();

        Assert.True(Assert.Single(h.Outbox.To(Chat)).Silent);
    }
}
