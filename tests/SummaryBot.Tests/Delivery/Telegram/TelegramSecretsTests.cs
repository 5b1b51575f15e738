using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes.Telegram;
using SummaryBot.Core.Bot;

namespace SummaryBot.Tests.Delivery.Telegram;

/// <summary>The bot token sits in every request URL: no log line may ever contain it, failures included.</summary>
public sealed class TelegramSecretsTests
{
    [Fact]
    public async Task Logs_DuringRunWithFailures_NeverContainTheToken()
    {
        var secretPart = FakeBotApiServer.Token[(FakeBotApiServer.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var lines = new List<string>();
        await using (var host = new TelegramTestHost(new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "1" }))
        {
            await host.HandleAsync(TelegramUpdates.Private(5, "/subscribe Zanzibar"));
            await host.DropAsync("ok.txt", ZanzibarArticles.First);

            // 5xx (the edit goes back to the outbox queue), a blocked chat, an unknown channel, a failing webhook call.
            host.Server.Intercept = r => r.Method == "editMessageText" ? BotApiReply.Error(500, "Internal Server Error") : null;
            Assert.Equal([5L], (await host.DropAsync("again.txt", ZanzibarArticles.Second)).Pending!);
            host.Server.Intercept = null;
            host.Server.Blocked[6] = true;
            await host.Subscriptions.SubscribeAsync(6, "Zanzibar", ChatKind.Private);
            await host.DropAsync("blocked.txt", ZanzibarArticles.Storm);
            await host.HandleAsync(TelegramUpdates.Private(5, "/subscribe @nosuchchannel Iran"));
            host.Server.Intercept = r => r.Method == "sendMessage" ? BotApiReply.Error(400, "Bad Request: can't parse entities") : null;
            await host.Services.GetRequiredService<TelegramWebhookHandler>()
                .HandleAsync("test-secret_123", new MemoryStream(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(TelegramUpdates.Private(5, "/help"), global::Telegram.Bot.JsonBotAPI.Options)), CancellationToken.None);
            lines.AddRange(host.LogLines);
        }

        // A server that is gone: connection refused, retried, then given up.
        await using (var host = new TelegramTestHost(new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "1" }))
        {
            await host.Server.DisposeAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => host.Outbox.SendAsync(5, OutboxMessage.Text("x")));
            try
            {
                await host.HandleAsync(TelegramUpdates.Private(5, "/help"));
            }
            catch (Exception e)
            {
                lines.Add(e.ToString());
            }

            lines.AddRange(host.LogLines);
        }

        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains("retry", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains(secretPart, StringComparison.Ordinal));
    }
}
