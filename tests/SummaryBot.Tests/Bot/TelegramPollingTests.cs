using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Tests.Fakes.Telegram;
using SummaryBot.Core.Bot;

namespace SummaryBot.Tests.Bot;

public sealed class TelegramPollingTests : IDisposable
{
    private readonly TelegramTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Polling_QueuedUpdates_DeletesWebhookThenHandlesEachOnce()
    {
        _host.Server.EnqueueUpdate(TelegramUpdates.Private(11, "/subscribe Iran"));
        _host.Server.EnqueueUpdate(TelegramUpdates.Private(12, "/start"));
        var polling = _host.Services.GetRequiredService<TelegramPollingService>();

        await polling.StartAsync(CancellationToken.None);
        await _host.Server.WaitForAsync(r => r.Method == "sendMessage" && r.ChatId == "12");
        _host.Server.EnqueueUpdate(TelegramUpdates.Private(11, "/topics"));
        await _host.Server.WaitForAsync(r => r.Method == "sendMessage" && r.ChatId == "11" && r.Text!.Contains("This chat follows", StringComparison.Ordinal));
        await polling.StopAsync(CancellationToken.None);

        Assert.Equal("deleteWebhook", _host.Server.Requests[0].Method);
        Assert.Equal(["Iran"], (await _host.Subscriptions.GetChatAsync(11))!.Topics);
        Assert.Equal(3, _host.Server.Calls("sendMessage").Count());
    }

    [Fact]
    public async Task CommandsRegistrar_Start_SetsTheCommandMenu()
    {
        foreach (var service in _host.Services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var call = Assert.Single(_host.Server.Calls("setMyCommands"));
        var names = call.Body["commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>()).ToList();
        Assert.Equal(["subscribe", "topics", "unsubscribe", "settings", "mode", "timezone", "quiet", "language", "help", "start"], names);
    }
}
