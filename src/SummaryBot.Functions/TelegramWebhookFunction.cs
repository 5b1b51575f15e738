using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Bot;

namespace SummaryBot.Functions;

/// <summary>
/// Receives Telegram updates (POST /api/telegram/webhook). Anonymous at the Functions level
/// because Telegram cannot send a function key; Core's webhook checks the
/// <c>X-Telegram-Bot-Api-Secret-Token</c> header against Telegram:WebhookSecret (and answers 401
/// when no bot is configured).
/// </summary>
public sealed class TelegramWebhookFunction(ITelegramWebhook webhook)
{
    [Function(nameof(TelegramWebhookFunction))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "telegram/webhook")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var secret = request.Headers.TryGetValues(TelegramWebhookHandler.SecretHeaderName, out var values) ? values.FirstOrDefault() : null;
        var response = await webhook.HandleAsync(secret, request.Body, cancellationToken);
        return request.CreateResponse((HttpStatusCode)response.StatusCode);
    }
}
