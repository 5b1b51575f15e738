using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery;

/// <summary>Where messages to chats go: Telegram in production, the console locally.</summary>
public interface IOutbox
{
    /// <summary>Sends a message to a chat, or to one forum topic of it, and returns its message id in the chat.</summary>
    /// <exception cref="ChatUnavailableException">The bot can no longer post to this chat or forum topic
    /// (<see cref="ChatUnavailableException.ThreadId"/> says which).</exception>
    /// <exception cref="ChatMigratedException">The chat now has another id; nothing was sent.</exception>
    /// <exception cref="MessageRejectedException">The chat refused this message for good.</exception>
    Task<long> SendAsync(ChatAddress chat, OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>Replaces the text (and buttons) of a message sent earlier (a message id names it within
    /// the whole chat, whichever forum topic it is in). Editing to identical content is not an error,
    /// nor is a message that was deleted or is too old to edit (nothing happens).</summary>
    /// <exception cref="ChatUnavailableException">The bot can no longer post to this chat.</exception>
    /// <exception cref="ChatMigratedException">The chat now has another id; the message was not edited.</exception>
    /// <exception cref="MessageRejectedException">The chat refused this edit for good.</exception>
    Task EditAsync(ChatAddress chat, long messageId, OutboxMessage message, CancellationToken cancellationToken = default);
}

/// <summary>A message in Telegram's HTML subset, every piece of article text already escaped.</summary>
public sealed record OutboxMessage(string Html, IReadOnlyList<MessageButton> Buttons)
{
    /// <summary>Delivered without a notification sound (Telegram's <c>disable_notification</c>); an edit never notifies.</summary>
    public bool Silent { get; init; }

    /// <summary>Telegram may show a preview of the first link; off unless the chat asked for previews.</summary>
    public bool LinkPreview { get; init; }

    public static OutboxMessage Text(string html) => new(html, []);
}

/// <summary>An inline button whose press comes back to the bot as <paramref name="CallbackData"/> (≤ 64 bytes).</summary>
public sealed record MessageButton(string Text, string CallbackData)
{
    /// <summary>True to put the button beside the one before it; each button starts a row of its own otherwise.</summary>
    public bool SameRow { get; init; }
}

/// <summary>Telegram refused for good to deliver to a chat: the bot was blocked, kicked, or the chat is gone.</summary>
public sealed class ChatUnavailableException : Exception
{
    public ChatUnavailableException()
    {
    }

    public ChatUnavailableException(string message)
        : base(message)
    {
    }

    public ChatUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChatUnavailableException(long chatId, string reason, Exception? innerException = null)
        : base($"Chat {chatId} is unavailable: {reason}", innerException)
    {
        ChatId = chatId;
        Reason = reason;
    }

    /// <summary>Only one forum topic of the chat is gone (closed or deleted): the chat and its other topics are not.</summary>
    public ChatUnavailableException(long chatId, int threadId, string reason, Exception? innerException = null)
        : base($"Topic {threadId} of chat {chatId} is unavailable: {reason}", innerException)
    {
        ChatId = chatId;
        ThreadId = threadId;
        Reason = reason;
    }

    public long ChatId { get; }

    /// <summary>The forum topic that is gone, or null when the whole chat is.</summary>
    public int? ThreadId { get; }

    public string Reason { get; } = string.Empty;
}

/// <summary>
/// The chat moved: Telegram turned the group into a supergroup with a new id, and messages must go
/// there (<see cref="NewChatId"/>). Nothing was delivered to the old id.
/// </summary>
public sealed class ChatMigratedException : Exception
{
    public ChatMigratedException()
    {
    }

    public ChatMigratedException(string message)
        : base(message)
    {
    }

    public ChatMigratedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChatMigratedException(long chatId, long newChatId, Exception? innerException = null)
        : base($"Chat {chatId} became the supergroup {newChatId}", innerException)
    {
        ChatId = chatId;
        NewChatId = newChatId;
    }

    public long ChatId { get; }

    public long NewChatId { get; }
}

/// <summary>
/// Telegram refused this one message for good (a 400 that sending it again would not change): the
/// chat stays subscribed, but this delivery is given up with <see cref="Reason"/> rather than retried.
/// </summary>
public sealed class MessageRejectedException : Exception
{
    public MessageRejectedException()
    {
    }

    public MessageRejectedException(string message)
        : base(message)
    {
    }

    public MessageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MessageRejectedException(long chatId, string reason, Exception? innerException = null)
        : base($"Telegram refused a message to chat {chatId}: {reason}", innerException)
    {
        ChatId = chatId;
        Reason = reason;
    }

    public long ChatId { get; }

    public string Reason { get; } = string.Empty;
}

/// <summary>
/// Telegram answered that it did not take the message now (a 429, or a 5xx before it accepted
/// anything): nothing was sent, and the same message may be sent again after <see cref="RetryAfter"/>
/// (null: after a back-off of the caller's choosing).
/// </summary>
public sealed class DeliveryDeferredException : Exception
{
    public DeliveryDeferredException()
    {
    }

    public DeliveryDeferredException(string message)
        : base(message)
    {
    }

    public DeliveryDeferredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DeliveryDeferredException(long chatId, TimeSpan? retryAfter, string reason, Exception? innerException = null)
        : base($"Telegram deferred a message to chat {chatId}: {reason}", innerException)
    {
        ChatId = chatId;
        RetryAfter = retryAfter;
        Reason = reason;
    }

    public long ChatId { get; }

    public TimeSpan? RetryAfter { get; }

    public string Reason { get; } = string.Empty;
}
