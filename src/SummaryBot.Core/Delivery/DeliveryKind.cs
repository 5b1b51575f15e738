using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery;

/// <summary>What happened for one chat, as written in the result record.</summary>
public enum DeliveryKind
{
    Alert,
    Update,
    Queued,
}

/// <summary>The outcome of delivering one story to one chat for one article.</summary>
/// <param name="Kind">Null when nothing was delivered (see <paramref name="Error"/>).</param>
/// <param name="Resent">True when the alert went out a second time after an unanswered send.</param>
public sealed record DeliveryOutcome(long ChatId, DeliveryKind? Kind, long? MessageId, string? Error = null, bool Resent = false)
{
    /// <summary>True when this very call sent the alert (not an alert found already sent by an earlier attempt).</summary>
    public bool SentNow { get; init; }

    /// <summary>The forum topic of the chat this outcome is for; null for the chat itself.</summary>
    public int? ThreadId { get; init; }

    public ChatAddress Address => new(ChatId, ThreadId);
}
