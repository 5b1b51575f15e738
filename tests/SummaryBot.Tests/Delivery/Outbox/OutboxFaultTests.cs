using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.Telegram;

namespace SummaryBot.Tests.Delivery.Outbox;

/// <summary>
/// One chat out of ten misbehaves at the loopback Bot API server; the article stage enqueues, the
/// sender (embedded SQLite queue, real clock) makes one pass: the nine others are served in that
/// pass, the broken chat never gets more than two copies, and its outcome ends up in the result.
/// </summary>
public sealed class OutboxFaultTests : IAsyncDisposable
{
    private const long Broken = 701;
    private static readonly long[] Healthy = [.. Enumerable.Range(702, 9).Select(i => (long)i)];

    private readonly TelegramTestHost _host = new(new Dictionary<string, string?>
    {
        ["Telegram:RequestTimeoutSeconds"] = "1",
        ["Delivery:VisibilityTimeoutSeconds"] = "10",
        ["Delivery:MaxAttempts"] = "3",
        ["Delivery:MaxBackoffSeconds"] = "1",
    });

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task RunPass_HungChat_OtherChatsServedInTheSamePassAndAtMostTwoRequestsToIt()
    {
        _host.Server.Hung[Broken] = true;

        var (staged, pass) = await StageAndRunOnePassAsync();

        Assert.Equal(Healthy, DeliveredTo().Order());
        Assert.Equal(10, pass.Received);
        var result = await SendTheRestAsync(staged);
        Assert.Equal(2, RequestsTo(Broken));
        Assert.Equal(Healthy, result.Deliveries!.Select(d => d.ChatId).Order());
        Assert.Contains("answered none", Assert.Single(result.Undelivered!, u => u.ChatId == Broken).Reason, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Unconfirmed, (await LedgerAsync(result, Broken))!.State);
    }

    [Fact]
    public async Task RunPass_ChatAlways500_OthersServedAndTheJobGivenUpAfterItsAttempts()
    {
        var broken = Broken.ToString(CultureInfo.InvariantCulture);
        _host.Server.Intercept = r => r.Method == "sendMessage" && r.ChatId == broken ? BotApiReply.Error(500, "Internal Server Error") : null;

        var (staged, _) = await StageAndRunOnePassAsync();

        Assert.Equal(Healthy, DeliveredTo().Order());
        var result = await SendTheRestAsync(staged);
        Assert.Equal(3, RequestsTo(Broken));
        var undelivered = Assert.Single(result.Undelivered!);
        Assert.Contains("gave up after 3 attempts", undelivered.Reason, StringComparison.Ordinal);
        Assert.Contains("500", undelivered.Reason, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Failed, (await LedgerAsync(result, Broken))!.State);
        Assert.True((await _host.Subscriptions.GetChatAsync(Broken))!.Active);
    }

    [Fact]
    public async Task RunPass_AcceptedButNeverAnswered_AtMostTwoCopiesAndTheResultSaysSo()
    {
        _host.Server.AcceptedUnanswered[Broken] = true;

        var (staged, _) = await StageAndRunOnePassAsync();

        Assert.Equal([Broken, .. Healthy], DeliveredTo().Order());
        var result = await SendTheRestAsync(staged);
        Assert.Equal(2, _host.Server.Delivered().Count(r => r.ChatId == Broken.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains("one may have arrived", Assert.Single(result.Undelivered!).Reason, StringComparison.Ordinal);
        Assert.Null(result.Pending);
    }

    [Fact]
    public async Task RunPass_429WithLongRetryAfter_OthersServedAndTheJobWaitsInTheQueue()
    {
        var broken = Broken.ToString(CultureInfo.InvariantCulture);
        _host.Server.Intercept = r => r.Method == "sendMessage" && r.ChatId == broken ? BotApiReply.TooManyRequests(3600) : null;

        var (staged, _) = await StageAndRunOnePassAsync();
        var later = await _host.Sender.DrainAsync();

        Assert.Equal(Healthy, DeliveredTo().Order());
        Assert.Equal(0, later.Received); // Hidden for retry_after, not retried a second later.
        Assert.Equal(1, await _host.Services.GetRequiredService<IDeliveryQueue>().CountAsync());
        Assert.Equal(1, RequestsTo(Broken));
        var result = await _host.Pipeline.GetResultAsync(staged.Article);
        Assert.Equal([Broken], result!.Pending!);
        var ledger = await LedgerAsync(result, Broken);
        Assert.Equal((DeliveryState.Sending, 0), (ledger!.State, ledger.UncertainSends));
        Assert.Contains("429", ledger.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunPass_ProcessDiesMidSend_NextProcessResendsOnceAfterTheVisibilityTimeout()
    {
        // The sender is stopped while its request to the broken chat is on the way (Telegram takes it
        // and answers late): nothing after the send runs, as in a crash. The job stays hidden for its
        // visibility timeout, then the next sender resends it once and the result says so.
        _host.Server.Slow[Broken] = TimeSpan.FromSeconds(3);
        await SubscribeAllAsync();
        var staged = await _host.Pipeline.ProcessAsync("ferry.txt", BinaryData.FromString(ZanzibarArticles.First));
        using (var crash = new CancellationTokenSource())
        {
            var pass = _host.Sender.RunPassAsync(crash.Token);
            await _host.Server.WaitForAsync(r => r.ChatId == Broken.ToString(CultureInfo.InvariantCulture));
            await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
        }

        _host.Server.Slow.Clear();
        Assert.Equal(0, (await _host.Sender.DrainAsync()).Received); // Still hidden: no copy while the first may be on its way.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var result = await SendTheRestAsync(staged);

        Assert.Equal(2, RequestsTo(Broken));
        var delivery = Assert.Single(result.Deliveries!, d => d.ChatId == Broken);
        Assert.True(delivery.Resent);
        Assert.Equal(10, result.Deliveries!.Count);
        Assert.Equal(DeliveryState.Sent, (await LedgerAsync(result, Broken))!.State);
    }

    private async Task SubscribeAllAsync()
    {
        foreach (var chat in Healthy.Prepend(Broken))
        {
            await _host.Subscriptions.SubscribeAsync(chat, "Zanzibar", ChatKind.Private);
        }
    }

    private async Task<(ResultRecord Staged, DeliveryPassReport Pass)> StageAndRunOnePassAsync()
    {
        await SubscribeAllAsync();
        var staged = await _host.Pipeline.ProcessAsync("ferry.txt", BinaryData.FromString(ZanzibarArticles.First));
        Assert.Equal(10, staged.Pending!.Count);
        Assert.Empty(_host.Server.Calls("sendMessage")); // The article stage never waits for Telegram.
        return (staged, await _host.Sender.RunPassAsync());
    }

    private async Task<ResultRecord> SendTheRestAsync(ResultRecord staged)
    {
        await _host.Sender.SendUntilEmptyAsync(_host.Services.GetRequiredService<IDeliveryQueue>(), TimeSpan.FromSeconds(20));
        return (await _host.Pipeline.GetResultAsync(staged.Article))!;
    }

    private List<long> DeliveredTo() => [.. _host.Server.Delivered().Select(r => long.Parse(r.ChatId!, CultureInfo.InvariantCulture))];

    private int RequestsTo(long chatId) => _host.Server.Calls("sendMessage").Count(r => r.ChatId == chatId.ToString(CultureInfo.InvariantCulture));

    private async Task<DeliveryRecord?> LedgerAsync(ResultRecord result, long chatId) =>
        (await _host.Services.GetRequiredService<IObjectStore>().GetJsonAsync<DeliveryRecord>(DeliveryPaths.Delivery(result.StoryId!, chatId)))?.Value;
}
