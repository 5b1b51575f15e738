using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Delivery.Digests;

namespace SummaryBot.Tests.Delivery.Outbox;

public sealed class DeliveryFanOutTests
{
    private static DeliveryJob Job(long chatId, string evidence = "Pyongyang") =>
        new() { StoryId = "story-1", ChatId = chatId, ArticleName = "story-1-a.txt", Topic = DigestHarness.Topic, Evidence = [evidence] };

    [Fact]
    public void Messages_FewJobs_OneMessagePerJob()
    {
        var jobs = Enumerable.Range(1, DeliveryFanOut.DirectLimit).Select(i => Job(i)).ToList();

        var messages = DeliveryFanOut.Messages(jobs);

        Assert.Equal(jobs.Count, messages.Count);
        Assert.Equal(jobs.Select(j => j.ChatId), messages.Select(m => OutboxWork.Parse(m).Job!.ChatId));
    }

    [Fact]
    public void Messages_TenThousandJobs_FanOutsWithinTheSizeLimitCarryingEveryJobOnce()
    {
        var jobs = Enumerable.Range(1, 10_000).Select(i => Job(-1_000_000_000_000 - i, new string('e', i % 50))).ToList();

        var messages = DeliveryFanOut.Messages(jobs);

        Assert.InRange(messages.Count, 2, 200);
        Assert.All(messages, m => Assert.InRange(m.ToMemory().Length, 1, DeliveryFanOut.MaxBytes + 100));
        var carried = messages.SelectMany(m => OutboxWork.Parse(m).FanOut!.FanOut).ToList();
        Assert.Equal(jobs.Select(j => j.ChatId), carried.Select(j => j.ChatId));
        Assert.Equal(jobs.Select(j => j.Evidence[0]), carried.Select(j => j.Evidence[0]));
    }

    [Fact]
    public void Expand_Twice_GivesFreshJobIds()
    {
        var fanOut = new DeliveryFanOut { FanOut = [Job(1), Job(2)] };

        var first = fanOut.Expand();
        var second = fanOut.Expand();

        Assert.Equal([1L, 2L], first.Select(j => j.ChatId));
        Assert.Empty(first.Select(j => j.JobId).Intersect(second.Select(j => j.JobId)));
    }

    [Fact]
    public async Task EnqueueAsync_FortyChatsAndTheFanOutExpandedTwice_EveryChatGetsExactlyOneAlert()
    {
        using var h = new DigestHarness(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero));
        var chats = Enumerable.Range(1, 40).Select(i => (long)i).ToList();
        foreach (var chat in chats)
        {
            await h.AddChatAsync(chat, DeliveryMode.Instant);
        }

        await h.Store.TryCreateJsonAsync(StoryPaths.Story("story-1"), h.NewStory("story-1"));
        var sender = h.Scheduler.Sender;

        await sender.EnqueueAsync(chats.Select(c => Job(c)));
        var written = h.Queue.EnqueuedCount;
        // A crash between the expansion and the delete: the fan-out is received and expanded again.
        var fanOut = Assert.Single(await h.Queue.ReceiveAsync(32, TimeSpan.FromMinutes(2)));
        await h.Queue.MakeVisibleAfterAsync(fanOut, TimeSpan.Zero);
        await h.Queue.EnqueueAsync(fanOut.Body);
        for (var i = 0; i < 10 && await h.Queue.CountAsync() > 0; i++)
        {
            await sender.DrainAsync();
            h.Clock.Advance(TimeSpan.FromSeconds(3)); // jobs that waited for the first copy's alert come back
        }

        Assert.Equal(1, written);
        Assert.Equal(0, await h.Queue.CountAsync());
        Assert.Equal(chats, h.Outbox.Sent.Select(m => m.ChatId).Order());
        foreach (var chat in chats)
        {
            var ledger = await h.LedgerAsync("story-1", chat);
            Assert.Equal(DeliveryState.Sent, ledger!.State);
            Assert.False(ledger.Resent);
        }
    }
}
