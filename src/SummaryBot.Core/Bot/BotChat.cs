using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Bot;

/// <summary>The chat a bot command applies to (which may differ from where it was typed: a channel
/// set up from a private chat), and the forum topic it was typed in, if any.</summary>
public sealed record BotChat(long ChatId, ChatKind Kind, string? Title)
{
    /// <summary>The forum topic (<c>message_thread_id</c>) the command was sent in; null outside forum topics.
    /// Subscriptions made in a topic belong to it.</summary>
    public int? ThreadId { get; init; }

    /// <summary>Whose subscriptions the command reads and changes.</summary>
    public ChatAddress Address => new(ChatId, ThreadId);
}
