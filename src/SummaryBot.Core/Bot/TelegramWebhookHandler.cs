using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using SummaryBot.Core.Delivery.Telegram;

namespace SummaryBot.Core.Bot;

/// <summary>The answer for the webhook's HTTP response.</summary>
public sealed record WebhookResponse(int StatusCode);

/// <summary>
/// The webhook, independent of any HTTP framework (the Functions host adapts it): checks the
/// <c>X-Telegram-Bot-Api-Secret-Token</c> header in constant time (401 when missing or wrong, and 401
/// when no secret is configured, so an unconfigured webhook is closed), parses the update (400 when
/// it is not one), handles it, and answers 200. A failure while handling is logged and still answered
/// 200: Telegram would otherwise resend the same update again and again and hold back every later
/// one; the update's effects are idempotent where it matters (subscriptions), and the user can retry.
/// </summary>
public sealed class TelegramWebhookHandler(
    BotUpdateHandler handler, IOptions<TelegramOptions> options, ILogger<TelegramWebhookHandler> logger) : ITelegramWebhook
{
    public const string SecretHeaderName = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Telegram's updates are small; anything larger is not one.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<WebhookResponse> HandleAsync(string? secretHeader, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!SecretMatches(secretHeader, options.Value.WebhookSecret))
        {
            logger.LogWarning("Rejected a webhook call without the right {Header}", SecretHeaderName);
            return new WebhookResponse(401);
        }

        Update? update;
        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (limited.Length + read > MaxBodyBytes)
                {
                    logger.LogWarning("Rejected a webhook body larger than {MaxBytes} bytes", MaxBodyBytes);
                    return new WebhookResponse(400);
                }

                limited.Write(buffer, 0, read);
            }

            limited.Position = 0;
            update = await JsonSerializer.DeserializeAsync<Update>(limited, JsonBotAPI.Options, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or OverflowException)
        {
            // Telegram.Bot's converters throw more than JsonException for values out of range (a
            // Unix date beyond year 9999 is an ArgumentOutOfRangeException): any of them means "not an update".
            logger.LogWarning("Rejected a webhook body that is not a Telegram update: {Error}", e.Message);
            return new WebhookResponse(400);
        }

        if (update is null)
        {
            return new WebhookResponse(400);
        }

        try
        {
            await handler.HandleAsync(update, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Handling update {UpdateId} failed; answering 200 so that Telegram does not resend it", update.Id);
        }

        return new WebhookResponse(200);
    }

    private static bool SecretMatches(string? given, string? expected)
    {
        if (string.IsNullOrEmpty(expected) || given is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
