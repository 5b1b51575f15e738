namespace SummaryBot.Core.Bot;

/// <summary>
/// The Telegram webhook as a host serves it: <see cref="TelegramWebhookHandler"/> when the bot is
/// configured, else <see cref="ClosedTelegramWebhook"/>, so that the webhook route always resolves.
/// </summary>
public interface ITelegramWebhook
{
    /// <param name="secretHeader">The value of <c>X-Telegram-Bot-Api-Secret-Token</c>, or null when absent.</param>
    Task<WebhookResponse> HandleAsync(string? secretHeader, Stream body, CancellationToken cancellationToken);
}
