namespace SummaryBot.Core.Delivery;

/// <summary>What became of one message to one chat.</summary>
public enum SendStatus
{
    /// <summary>Accepted; <see cref="SendResult.MessageId"/> holds its id (for an edit, the edited message).</summary>
    Sent,

    /// <summary>Not sent, try again later: a 429 (after <see cref="SendResult.RetryAfter"/>), a 5xx, a refused connection.</summary>
    Deferred,

    /// <summary>Unknown whether Telegram got it: the request left but no answer came (a timeout, a dropped connection).</summary>
    Uncertain,

    /// <summary>Telegram refused this message for good (a 400); the chat stays subscribed.</summary>
    Refused,

    /// <summary>The bot can no longer post there (403, chat not found); the chat has been deactivated.</summary>
    ChatGone,

    /// <summary>The group became a supergroup (<see cref="SendResult.NewChatId"/>); its subscriptions have been moved there.</summary>
    ChatMoved,
}

/// <summary>The outcome of <see cref="ChatSender"/> for one message.</summary>
public sealed record SendResult(SendStatus Status, long? MessageId = null, TimeSpan? RetryAfter = null, long? NewChatId = null, string? Reason = null);
