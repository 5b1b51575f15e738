using System.Text.Json;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>
/// Applies <see cref="TelegramRateLimiter"/> (this process's share of the limits) to every HTTP
/// request that posts into a chat; the outbox's <c>StoreSendGate</c> keeps them across processes.
/// </summary>
public sealed class TelegramRateLimitHandler(TelegramRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = TelegramRequests.MethodName(request.RequestUri);
        if (!TelegramRequests.IsPosting(method))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        // The chat's turn ends when Telegram has answered (see TelegramRateLimiter.AcquireAsync).
        using var turn = await limiter.AcquireAsync(await ReadChatIdAsync(request, cancellationToken), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    private static async Task<string?> ReadChatIdAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null || request.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        // Reading buffers the content, so it can still be sent (and re-sent by the retry handler).
        var json = await request.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("chat_id", out var chatId)
                ? chatId.ValueKind switch
                {
                    JsonValueKind.Number => chatId.GetRawText(),
                    JsonValueKind.String => chatId.GetString(),
                    _ => null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
