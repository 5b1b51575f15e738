using System.Diagnostics;
using SummaryBot.Core.Delivery;
using SummaryBot.Tests.Fakes.Telegram;
using Xunit.Abstractions;

namespace SummaryBot.Tests.Delivery.Telegram;

/// <summary>The real limits, checked on the times the Bot API server received the requests.</summary>
public sealed class TelegramRateLimitTests(ITestOutputHelper output) : IDisposable
{
    private readonly TelegramTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SendAsync_Burst300To100ChatsWith429s_DeliversEachOnceWithinTelegramLimits()
    {
        // 90 private chats and 10 groups, 3 messages each, all at once; every 20th request answered 429.
        long[] chats = [.. Enumerable.Range(1, 90).Select(i => (long)i), .. Enumerable.Range(1, 10).Select(i => -1000L - i)];
        var seen = 0;
        _host.Server.Intercept = r => r.Method == "sendMessage" && Interlocked.Increment(ref seen) % 20 == 0 ? BotApiReply.TooManyRequests(1) : null;
        var clock = Stopwatch.StartNew();

        var sends = chats.SelectMany(chat => Enumerable.Range(0, 3).Select(n => (chat, text: $"alert {n} for {chat}")))
            .Select(m => SendUntilTakenAsync(m.chat, OutboxMessage.Text(m.text)))
            .ToList();
        await Task.WhenAll(sends);
        clock.Stop();

        var all = _host.Server.Calls("sendMessage").OrderBy(r => r.ReceivedAt).ToList();
        var delivered = all.Where(r => r.Status == 200).ToList();
        Assert.Equal(300, delivered.Count);
        Assert.Equal(300, delivered.Select(r => (r.ChatId, r.Text)).Distinct().Count());

        // Every request that reached the server counts, 429s included.
        var perChatMinGap = all.GroupBy(r => r.ChatId)
            .Min(g => g.Zip(g.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.ReceivedAt, b.ReceivedAt)).Min());
        var maxPerSecond = MaxInWindow(all, TimeSpan.FromSeconds(1));
        var maxPerGroupMinute = all.Where(r => r.ChatId!.StartsWith('-')).GroupBy(r => r.ChatId).Max(g => MaxInWindow([.. g], TimeSpan.FromMinutes(1)));
        output.WriteLine($"{all.Count} requests ({all.Count - delivered.Count} answered 429) in {clock.Elapsed.TotalSeconds:0.0} s; " +
            $"max {maxPerSecond} in any 1 s; min gap per chat {perChatMinGap.TotalSeconds:0.000} s; max per group per minute {maxPerGroupMinute}");

        Assert.Contains(all, r => r.Status == 429);
        Assert.True(maxPerSecond <= 30, $"{maxPerSecond} requests in one second");
        Assert.True(perChatMinGap >= TimeSpan.FromSeconds(1), $"two requests to one chat {perChatMinGap.TotalMilliseconds:0} ms apart");
        Assert.True(maxPerGroupMinute <= 20, $"{maxPerGroupMinute} requests to one group in a minute");
    }

    /// <summary>What the outbox queue does with a 429: the message comes back after retry_after.</summary>
    private async Task<long> SendUntilTakenAsync(long chatId, OutboxMessage message)
    {
        while (true)
        {
            try
            {
                return await _host.Outbox.SendAsync(chatId, message);
            }
            catch (DeliveryDeferredException e)
            {
                await Task.Delay(e.RetryAfter ?? TimeSpan.FromSeconds(1));
            }
        }
    }

    private static int MaxInWindow(List<BotApiRequest> ordered, TimeSpan window)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < ordered.Count; end++)
        {
            while (Stopwatch.GetElapsedTime(ordered[start].ReceivedAt, ordered[end].ReceivedAt) >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
