using Microsoft.Extensions.Logging;

namespace SummaryBot.Core.Bot;

/// <summary>
/// The webhook of a host without <c>Telegram:BotToken</c>: every call is answered 401 (nobody can be
/// the bot's Telegram), and the log says which setting is missing.
/// </summary>
public sealed class ClosedTelegramWebhook(ILogger<ClosedTelegramWebhook> logger) : ITelegramWebhook
{
    public Task<WebhookResponse> HandleAsync(string? secretHeader, Stream body, CancellationToken cancellationToken)
    {
        logger.LogWarning("Rejected a webhook call: Telegram:BotToken is not set, so the bot is off");
        return Task.FromResult(new WebhookResponse(401));
    }
}
