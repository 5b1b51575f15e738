namespace SummaryBot.Core.Delivery;

/// <summary>Where messages to chats go: Telegram in production, the console locally.</summary>
public interface IOutbox
{
    /// <summary>Sends a message and returns its message id in the chat.</summary>
    /// <exception cref="ChatUnavailableException">The bot can no longer post to this chat.</exception>
    Task<long> SendAsync(long chatId, OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>Replaces the text (and buttons) of a message sent earlier. Editing to identical
    /// content is not an error.</summary>
    /// <exception cref="ChatUnavailableException">The bot can no longer post to this chat.</exception>
    Task EditAsync(long chatId, long messageId, OutboxMessage message, CancellationToken cancellationToken = default);
}

/// <summary>A message in Telegram's HTML subset, every piece of article text already escaped.</summary>
public sealed record OutboxMessage(string Html, IReadOnlyList<MessageButton> Buttons)
{
    public static OutboxMessage Text(string html) => new(html, []);
}

/// <summary>An inline button whose press comes back to the bot as <paramref name="CallbackData"/> (≤ 64 bytes).</summary>
public sealed record MessageButton(string Text, string CallbackData);

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

    public long ChatId { get; }

    public string Reason { get; } = string.Empty;
}
