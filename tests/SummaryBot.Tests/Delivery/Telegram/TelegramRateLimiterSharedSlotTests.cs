using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Delivery.Telegram;

namespace SummaryBot.Tests.Delivery.Telegram;

/// <summary>Sends paced by a shared rate slot pass the in-process limiter at once but still count against it.</summary>
public sealed class TelegramRateLimiterSharedSlotTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AcquireAsync_SendsPacedBySharedSlots_AreNotHeldBackButAReplyWaitsForThem()
    {
        var limiter = new TelegramRateLimiter(Options.Create(new TelegramOptions { MaxMessagesPerSecond = 5 }), _time);

        // Ten sends to ten chats in the same instant, each having taken a shared slot: none waits.
        await PacedSendsAsync(limiter, 10);
        var reply = limiter.AcquireAsync("999", CancellationToken.None);

        Assert.False(reply.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await reply.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_SendsWithoutASharedSlot_ArePacedByTheLimiter()
    {
        var limiter = new TelegramRateLimiter(Options.Create(new TelegramOptions { MaxMessagesPerSecond = 5 }), _time);

        (await limiter.AcquireAsync("1", CancellationToken.None)).Dispose();
        var second = limiter.AcquireAsync("2", CancellationToken.None);

        // Five a second, paced a fifth at a time: the second send waits 200 ms.
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    private static async Task PacedSendsAsync(TelegramRateLimiter limiter, int count)
    {
        using var paced = SharedRateSlot.Enter();
        for (var chat = 1; chat <= count; chat++)
        {
            var turn = limiter.AcquireAsync(chat.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
            Assert.True(turn.IsCompleted, $"paced send {chat} was held back");
            (await turn).Dispose();
        }
    }
}
