using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Tests.Fakes.Telegram;
using Telegram.Bot;
using SummaryBot.Core.Bot;

namespace SummaryBot.Tests.Bot;

public sealed class TelegramWebhookTests : IDisposable
{
    private const string Secret = "test-secret_123";
    private readonly TelegramTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private TelegramWebhookHandler Webhook => _host.Services.GetRequiredService<TelegramWebhookHandler>();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("test-secret_12")]
    [InlineData("test-secret_1234")]
    public async Task HandleAsync_MissingOrWrongSecret_Is401AndDoesNothing(string? header)
    {
        var response = await Webhook.HandleAsync(header, Body(TelegramUpdates.Private(7, "/help")), CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(_host.Server.Requests);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"update_id\":\"x\"}")]
    public async Task HandleAsync_NotAnUpdate_Is400(string body)
    {
        var response = await Webhook.HandleAsync(Secret, new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_ValidUpdate_Is200AndHandled()
    {
        var response = await Webhook.HandleAsync(Secret, Body(TelegramUpdates.Private(7, "/subscribe Iran")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["Iran"], (await _host.Subscriptions.GetChatAsync(7))!.Topics);
    }

    [Fact]
    public async Task HandleAsync_HandlerFails_IsLoggedAndStill200()
    {
        _host.Server.Intercept = r => r.Method == "getMe" ? BotApiReply.Error(401, "Unauthorized") : null;

        var response = await Webhook.HandleAsync(Secret, Body(TelegramUpdates.Private(7, "/help")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains(_host.LogLines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("answering 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_NoSecretConfigured_Is401()
    {
        await using var host = new TelegramTestHost(new Dictionary<string, string?> { ["Telegram:WebhookSecret"] = null });

        var response = await host.Services.GetRequiredService<TelegramWebhookHandler>()
            .HandleAsync("anything", Body(TelegramUpdates.Private(7, "/help")), CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
    }

    private static MemoryStream Body(global::Telegram.Bot.Types.Update update) =>
        new(JsonSerializer.SerializeToUtf8Bytes(update, JsonBotAPI.Options));
}
