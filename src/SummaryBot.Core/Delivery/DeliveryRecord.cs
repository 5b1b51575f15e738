namespace SummaryBot.Core.Delivery;

public enum DeliveryState
{
    /// <summary>Created before the alert is sent; <see cref="DeliveryRecord.UncertainSends"/> counts the
    /// attempts that may have reached Telegram. Only the holder of the delivery job (hidden in the
    /// outbox queue) works on it.</summary>
    Sending,

    /// <summary>The alert was accepted; <see cref="DeliveryRecord.MessageId"/> holds its id.</summary>
    Sent,

    /// <summary>Waiting for the chat's next digest.</summary>
    Queued,

    /// <summary>Went out in a digest.</summary>
    Digested,

    /// <summary>The chat could not be reached; see <see cref="DeliveryRecord.Error"/>.</summary>
    Failed,

    /// <summary>Two sends went unanswered (either may have arrived): no third copy is sent; see <see cref="DeliveryRecord.Error"/>.</summary>
    Unconfirmed,
}

/// <summary>
/// The ledger entry <c>deliveries/{storyId}/{chatId}.json</c>: the one place that decides whether a
/// chat has been told about a story. Created (create-if-absent) before anything is sent.
/// </summary>
public sealed record DeliveryRecord
{
    public required string StoryId { get; init; }

    public required long ChatId { get; init; }

    /// <summary>The forum topic the alert went to; null for the chat itself.</summary>
    public int? ThreadId { get; init; }

    public required DeliveryState State { get; init; }

    public long? MessageId { get; init; }

    public required string Topic { get; init; }

    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>The reports this chat's message already shows (article names).</summary>
    public IReadOnlyList<string> Articles { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Read from entries written before the outbox queue; no longer decides anything.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public string? Error { get; init; }

    /// <summary>The delivery job (<c>DeliveryJob.JobId</c>) that sends this alert while it is <see cref="DeliveryState.Sending"/>.</summary>
    public string? Owner { get; init; }

    /// <summary>Sends of this alert whose answer never came (each may have reached the chat); at most 2.</summary>
    public int UncertainSends { get; init; }

    /// <summary>True when the alert was sent a second time after an unanswered first send (the chat may have two copies).</summary>
    public bool Resent { get; init; }
}
