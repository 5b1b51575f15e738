using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes.Telegram;

namespace SummaryBot.Tests.Delivery.Telegram;

/// <summary>
/// Quiet hours, silent alerts and link previews as Telegram receives them: the pipeline and the sender
/// on a fake clock, the real client against the loopback Bot API. The clock moves a minute between
/// sends to one chat, so no send limit makes the sender wait on it.
/// </summary>
public sealed class ChatPreferencesDeliveryTests : IDisposable
{
    private const long UserId = 611;

    // Saturday 28 March 2026, 23:30 UTC: inside quiet hours 22:00-07:00 in UTC.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 28, 23, 30, 0, TimeSpan.Zero));
    private readonly TelegramTestHost _host;

    public ChatPreferencesDeliveryTests() =>
        _host = new TelegramTestHost(configure: services => services.AddSingleton<TimeProvider>(_clock));

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Alert_InQuietHoursThatSendSilently_GoesOutAtOnceWithoutNotification()
    {
        await SubscribeAsync(new QuietHours("22:00", "07:00", QuietHoursAction.Silent));

        var result = await DropAsync("a1.txt", ZanzibarArticles.First);

        var alert = Assert.Single(_host.Server.Delivered());
        Assert.True(alert.Silent);
        Assert.Equal("alert", Assert.Single(result.Deliveries!).Kind);
    }

    [Fact]
    public async Task Alert_InQuietHoursThatHold_IsSentWhenTheyEndWithNotification()
    {
        await SubscribeAsync(new QuietHours("22:00", "07:00", QuietHoursAction.Hold));

        var held = await DropAsync("a1.txt", ZanzibarArticles.First);

        Assert.Empty(_host.Server.Calls("sendMessage"));
        Assert.Equal([new ChatAddress(UserId)], held.Pending);

        // Still quiet at 06:59 local; the job comes back once the quiet hours are over.
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 29, 6, 59, 0, TimeSpan.Zero));
        await _host.Sender.DrainAsync();
        Assert.Empty(_host.Server.Calls("sendMessage"));
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 29, 7, 0, 1, TimeSpan.Zero));
        await _host.Sender.DrainAsync();

        var alert = Assert.Single(_host.Server.Delivered());
        Assert.False(alert.Silent);
        var result = await _host.Pipeline.GetResultAsync("a1.txt");
        Assert.Null(result!.Pending);
        Assert.Equal("alert", Assert.Single(result.Deliveries!).Kind);
    }

    [Fact]
    public async Task Alert_SecondReportWhileHeld_OneAlertAfterQuietHoursWithBothOutlets()
    {
        await SubscribeAsync(new QuietHours("22:00", "07:00", QuietHoursAction.Hold));

        var first = await DropAsync("a1.txt", ZanzibarArticles.First);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var second = await DropAsync("a2.txt", ZanzibarArticles.Second);
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 29, 7, 1, 0, TimeSpan.Zero));
        await _host.Sender.DrainAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _host.Sender.DrainAsync();

        Assert.Equal(first.StoryId, second.StoryId);
        var alert = Assert.Single(_host.Server.Delivered());
        Assert.Contains("Also reported by", alert.Text, StringComparison.Ordinal);
        Assert.Empty(_host.Server.Calls("editMessageText")); // The alert already names both reports.
        Assert.Null((await _host.Pipeline.GetResultAsync("a1.txt"))!.Pending);
        Assert.Null((await _host.Pipeline.GetResultAsync("a2.txt"))!.Pending);
    }

    [Fact]
    public async Task Alert_OutsideQuietHours_NotifiesAsUsual()
    {
        await SubscribeAsync(new QuietHours("01:00", "06:00", QuietHoursAction.Hold));

        await DropAsync("a1.txt", ZanzibarArticles.First);

        Assert.False(Assert.Single(_host.Server.Delivered()).Silent);
    }

    [Fact]
    public async Task Alert_SilentAlerts_EveryAlertWithoutNotification()
    {
        await SubscribeAsync(quietHours: null);
        await UpdateAsync(c => c with { SilentAlerts = true });

        await DropAsync("a1.txt", ZanzibarArticles.First);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await DropAsync("storm.txt", ZanzibarArticles.Storm);

        Assert.Equal([true, true], _host.Server.Delivered().Select(r => r.Silent));
    }

    [Fact]
    public async Task Alert_LinkPreviewsOff_SendAndEditCarryIsDisabled()
    {
        await SubscribeAsync(quietHours: null);
        await UpdateAsync(c => c with { LinkPreviews = false });

        await DropAsync("a1.txt", ZanzibarArticles.First);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await DropAsync("a2.txt", ZanzibarArticles.Second);

        Assert.True(Assert.Single(_host.Server.Delivered()).PreviewDisabled);
        Assert.True(Assert.Single(_host.Server.Calls("editMessageText")).PreviewDisabled);
    }

    [Fact]
    public async Task Alert_LinkPreviewsOn_SendsNoPreviewOption()
    {
        await SubscribeAsync(quietHours: null);

        await DropAsync("a1.txt", ZanzibarArticles.First);

        Assert.Null(Assert.Single(_host.Server.Delivered()).Body["link_preview_options"]);
    }

    private async Task SubscribeAsync(QuietHours? quietHours)
    {
        await _host.Subscriptions.SubscribeAsync(UserId, "Zanzibar", ChatKind.Private);
        await UpdateAsync(c => c with { QuietHours = quietHours });
    }

    private Task<ChatSubscription> UpdateAsync(Func<ChatSubscription, ChatSubscription> change) =>
        _host.Services.GetRequiredService<SubscriptionStore>().UpdateAsync(UserId, change);

    private async Task<Core.Pipeline.ResultRecord> DropAsync(string name, string text)
    {
        await _host.Pipeline.ProcessAsync(name, BinaryData.FromString(text));
        await _host.Sender.DrainAsync();
        return (await _host.Pipeline.GetResultAsync(name))!;
    }
}
