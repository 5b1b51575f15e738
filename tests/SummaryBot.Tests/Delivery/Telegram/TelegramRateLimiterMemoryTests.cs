using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Delivery.Telegram;

namespace SummaryBot.Tests.Delivery.Telegram;

/// <summary>The limiter forgets chats it has not posted to for a minute, without loosening any limit.</summary>
public sealed class TelegramRateLimiterMemoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly TelegramRateLimiter _limiter;

    public TelegramRateLimiterMemoryTests() =>
        _limiter = new TelegramRateLimiter(Options.Create(new TelegramOptions()), _time);

    [Fact]
    public async Task AcquireAsync_ChatsIdleForAMinute_AreForgottenAndRecentOnesKept()
    {
        for (var chat = 1; chat <= 49; chat++)
        {
            await SendAsync(_limiter, chat.ToString(CultureInfo.InvariantCulture));
            _time.Advance(TimeSpan.FromMilliseconds(200));
        }

        _time.Advance(TimeSpan.FromSeconds(50));
        await SendAsync(_limiter, "50");
        Assert.Equal(50, _limiter.TrackedChats);

        // Chat 50 posted 10 s ago, chats 1 to 49 more than a minute ago.
        _time.Advance(TimeSpan.FromSeconds(10));
        await SendAsync(_limiter, "-100777");

        Assert.Equal(2, _limiter.TrackedChats);
    }

    [Fact]
    public async Task AcquireAsync_GroupStillInsideItsMinute_KeepsItsCount()
    {
        var options = new TelegramOptions { MaxGroupMessagesPerMinute = 3 };
        var limiter = new TelegramRateLimiter(Options.Create(options), _time);
        for (var i = 0; i < 3; i++)
        {
            (await limiter.AcquireAsync("-1001", CancellationToken.None)).Dispose();
            _time.Advance(options.MinChatInterval);
        }

        // Past the sweep interval but the group's first send is still inside its minute: a fourth
        // message must wait for that send to leave the window, sweep or not.
        _time.Advance(TimeSpan.FromSeconds(57) - (3 * options.MinChatInterval) + TimeSpan.FromSeconds(2));
        (await limiter.AcquireAsync("42", CancellationToken.None)).Dispose();
        var fourth = limiter.AcquireAsync("-1001", CancellationToken.None);

        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        (await fourth.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_ChatWithARequestInFlight_IsNotForgotten()
    {
        var inFlight = await _limiter.AcquireAsync("7", CancellationToken.None);
        var next = _limiter.AcquireAsync("7", CancellationToken.None);

        // A minute passes while Telegram has not answered; another chat's send runs the sweep.
        _time.Advance(TimeSpan.FromSeconds(61));
        (await _limiter.AcquireAsync("8", CancellationToken.None)).Dispose();
        Assert.Equal(2, _limiter.TrackedChats);

        // The answer comes now: the next message to chat 7 still waits the interval from it.
        inFlight.Dispose();
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        _time.Advance(new TelegramOptions().MinChatInterval);
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    private static async Task SendAsync(TelegramRateLimiter limiter, string chatId) =>
        (await limiter.AcquireAsync(chatId, CancellationToken.None)).Dispose();
}
