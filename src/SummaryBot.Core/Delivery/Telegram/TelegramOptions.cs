using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>
/// Configuration section <c>Telegram</c>. Without <see cref="BotToken"/> the bot is off and the
/// console outbox is used. The limits default to a margin under Telegram's published ones
/// (30 messages/s overall, 1/s per chat, 20/min per group) so that clock jitter never crosses them.
/// </summary>
public sealed class TelegramOptions : IValidatableObject
{
    public const string SectionName = "Telegram";

    /// <summary><c>Telegram:BotToken</c>: the token from @BotFather, <c>digits:rest</c>.</summary>
    public string? BotToken { get; set; }

    /// <summary><c>Telegram:WebhookSecret</c>: the value Telegram sends back in the
    /// <c>X-Telegram-Bot-Api-Secret-Token</c> header (1-256 characters of A-Z, a-z, 0-9, _ and -).</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,256}$", ErrorMessage = "Telegram:WebhookSecret must be 1-256 characters of A-Z, a-z, 0-9, _ and -.")]
    public string? WebhookSecret { get; set; }

    /// <summary><c>Telegram:ApiBaseUrl</c>: the Bot API server; a loopback fake in tests.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.telegram.org");

    /// <summary><c>Telegram:MaxMessagesPerSecond</c>: messages to all chats together in any 1 s window.</summary>
    [Range(1, 30, ErrorMessage = "Telegram:MaxMessagesPerSecond must be between 1 and 30.")]
    public int MaxMessagesPerSecond { get; set; } = 20;

    /// <summary><c>Telegram:MinSecondsBetweenMessagesToChat</c>: spacing of messages to one chat.</summary>
    [Range(1.0, 60.0, ErrorMessage = "Telegram:MinSecondsBetweenMessagesToChat must be between 1 and 60.")]
    public double MinSecondsBetweenMessagesToChat { get; set; } = 1.1;

    /// <summary><c>Telegram:MaxGroupMessagesPerMinute</c>: messages to one group, supergroup or channel in any minute.</summary>
    [Range(1, 20, ErrorMessage = "Telegram:MaxGroupMessagesPerMinute must be between 1 and 20.")]
    public int MaxGroupMessagesPerMinute { get; set; } = 19;

    /// <summary><c>Telegram:MaxRetries</c>: retries of a request that posts nothing (getMe, getChatMember…)
    /// after a 5xx or a timeout. Messages are never retried here: the outbox queue brings them back.</summary>
    [Range(0, 10, ErrorMessage = "Telegram:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 4;

    /// <summary><c>Telegram:RequestTimeoutSeconds</c>: one attempt of one request (long polls add their own
    /// wait). A send that gets no answer in this time counts as unanswered (it may have arrived).</summary>
    [Range(1, 300, ErrorMessage = "Telegram:RequestTimeoutSeconds must be between 1 and 300.")]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary><c>Telegram:PollingTimeoutSeconds</c>: how long one getUpdates call waits for updates.</summary>
    [Range(0, 50, ErrorMessage = "Telegram:PollingTimeoutSeconds must be between 0 and 50.")]
    public int PollingTimeoutSeconds { get; set; } = 25;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(BotToken);

    public TimeSpan MinChatInterval => TimeSpan.FromSeconds(MinSecondsBetweenMessagesToChat);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEnabled && !IsTokenShaped(BotToken!))
        {
            // Never echo the token itself: the message names the key and the expected shape only.
            yield return new ValidationResult("Telegram:BotToken must look like 123456789:AA... (digits, a colon, then letters, digits, _ or -).", [nameof(BotToken)]);
        }

        if (ApiBaseUrl is null || !ApiBaseUrl.IsAbsoluteUri || (ApiBaseUrl.Scheme != Uri.UriSchemeHttps && ApiBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("Telegram:ApiBaseUrl must be an absolute http(s) URI such as https://api.telegram.org.", [nameof(ApiBaseUrl)]);
        }
        else if (ApiBaseUrl.Scheme == Uri.UriSchemeHttp && !ApiBaseUrl.IsLoopback)
        {
            yield return new ValidationResult("Telegram:ApiBaseUrl must use https unless it points at a loopback address.", [nameof(ApiBaseUrl)]);
        }
    }

    internal static bool IsTokenShaped(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && colon < token.Length - 1
            && token.AsSpan(0, colon).ContainsAnyExceptInRange('0', '9') is false
            && !token.AsSpan(colon + 1).ContainsAnyExcept(TokenChars);
    }

    private static readonly System.Buffers.SearchValues<char> TokenChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
}
