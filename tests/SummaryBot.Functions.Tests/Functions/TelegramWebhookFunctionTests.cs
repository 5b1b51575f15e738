using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Functions.Tests.WorkerHost;
using SummaryBot.Tests.Fakes.Telegram;

namespace SummaryBot.Functions.Tests.Functions;

/// <summary>The webhook function in the real worker, invoked with the RpcHttp request the host sends.</summary>
public sealed class TelegramWebhookFunctionTests : IAsyncLifetime
{
    private const long UserId = 4242;
    private WorkerScenario _scenario = null!;

    public async Task InitializeAsync() => _scenario = await WorkerScenario.StartAsync();

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    [Fact]
    public async Task RunAsync_NoSecretHeader_Is401AndNothingHandled()
    {
        var status = await _scenario.PostWebhookAsync(Update(UserId, "/subscribe Iran"), secret: null);

        Assert.Equal(401, status);
        Assert.Empty(_scenario.Bot.Calls("sendMessage"));
    }

    [Fact]
    public async Task RunAsync_WrongSecret_Is401()
    {
        var status = await _scenario.PostWebhookAsync(Update(UserId, "/subscribe Iran"), secret: WorkerScenario.WebhookSecret + "x");

        Assert.Equal(401, status);
        Assert.Empty(_scenario.Bot.Calls("sendMessage"));
    }

    [Fact]
    public async Task RunAsync_RightSecret_Is200AndTheCommandIsHandled()
    {
        var status = await _scenario.PostWebhookAsync(Update(UserId, "/subscribe Iran"), WorkerScenario.WebhookSecret);

        Assert.Equal(200, status);
        var reply = Assert.Single(_scenario.Bot.Calls("sendMessage"));
        Assert.Equal(UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.ChatId);
        var chat = await _scenario.Core.GetRequiredService<SummaryBot.Core.Subscriptions.SubscriptionService>().GetChatAsync(UserId);
        Assert.Contains(chat!.Topics, topic => topic.Contains("Iran", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"update_id\":\"x\"}")]
    public async Task RunAsync_BodyThatIsNotAnUpdate_Is400(string body)
    {
        var status = await _scenario.PostWebhookAsync(body, WorkerScenario.WebhookSecret);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task RunAsync_DateOutOfRange_IsAnsweredNotThrown()
    {
        // A Unix date past year 9999: Telegram.Bot's converter throws ArgumentOutOfRangeException.
        var body = Update(UserId, "/help").Replace("\"date\":1767225600", "\"date\":999999999999", StringComparison.Ordinal);
        Assert.Contains("999999999999", body, StringComparison.Ordinal);

        var status = await _scenario.PostWebhookAsync(body, WorkerScenario.WebhookSecret);

        Assert.Equal(400, status);
        Assert.False(_scenario.Worker.HasExited);
    }

    [Fact]
    public async Task RunAsync_NoBotTokenConfigured_Is401()
    {
        await using var scenario = await WorkerScenario.StartAsync(configure: settings => settings.Remove("Telegram:BotToken"));

        var status = await scenario.PostWebhookAsync(Update(UserId, "/help"), WorkerScenario.WebhookSecret);

        Assert.Equal(401, status);
        Assert.Contains(scenario.Worker.Logs, log => log.Message.Contains("Telegram:BotToken is not set", StringComparison.Ordinal));
    }

    /// <summary>A private message update as Telegram posts it (date 2026-01-01T00:00:00Z).</summary>
    internal static string Update(long userId, string text) => JsonSerializer.Serialize(new
    {
        update_id = 1,
        message = new
        {
            message_id = 10,
            date = 1767225600,
            chat = new { id = userId, type = "private", first_name = "User" },
            from = new { id = userId, is_bot = false, first_name = "User" },
            text,
        },
    });
}
