using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Functions.Tests.WorkerHost;
using SummaryBot.Tests.Fakes.Telegram;

namespace SummaryBot.Functions.Tests.Functions;

/// <summary>The webhook function in the real worker, invoked with the RpcHttp request the host sends.</summary>
public sealed class TelegramWebhookFunctionTests(WorkerFixture worker) : IClassFixture<WorkerFixture>
{
    private const long UserId = 4242;
    private readonly WorkerScenario _scenario = worker.Scenario;

    [Fact]
    public async Task RunAsync_NoSecretHeader_Is401AndNothingHandled()
    {
        var status = await _scenario.PostWebhookAsync(Update(UserId + 1, "/subscribe Iran"), secret: null);

        Assert.Equal(401, status);
        Assert.Empty(RepliesTo(UserId + 1));
    }

    [Fact]
    public async Task RunAsync_WrongSecret_Is401()
    {
        var status = await _scenario.PostWebhookAsync(Update(UserId + 2, "/subscribe Iran"), secret: WorkerScenario.WebhookSecret + "x");

        Assert.Equal(401, status);
        Assert.Empty(RepliesTo(UserId + 2));
    }

    [Fact]
    public async Task RunAsync_RightSecret_Is200AndTheCommandIsHandled()
    {
        var status = await _scenario.PostWebhookAsync(Update(UserId, "/subscribe Iran"), WorkerScenario.WebhookSecret);

        Assert.Equal(200, status);
        Assert.Single(RepliesTo(UserId));
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

    private IEnumerable<BotApiRequest> RepliesTo(long chatId) =>
        _scenario.Bot.Calls("sendMessage").Where(request => request.ChatId == chatId.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
