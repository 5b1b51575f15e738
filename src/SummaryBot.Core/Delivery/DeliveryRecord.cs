namespace SummaryBot.Core.Delivery;

public enum DeliveryState
{
    /// <summary>Created before the alert is sent; the lease says how long the sender may take.</summary>
    Sending,

    /// <summary>The alert was accepted; <see cref="DeliveryRecord.MessageId"/> holds its id.</summary>
    Sent,

    /// <summary>Waiting for the chat's next digest.</summary>
    Queued,

    /// <summary>Went out in a digest.</summary>
    Digested,

    /// <summary>The chat could not be reached; see <see cref="DeliveryRecord.Error"/>.</summary>
    Failed,
}

/// <summary>
/// The ledger entry <c>deliveries/{storyId}/{chatId}.json</c>: the one place that decides whether a
/// chat has been told about a story. Created (create-if-absent) before anything is sent.
/// </summary>
public sealed record DeliveryRecord
{
    public required string StoryId { get; init; }

    public required long ChatId { get; init; }

    public required DeliveryState State { get; init; }

    public long? MessageId { get; init; }

    public required string Topic { get; init; }

    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>The reports this chat's message already shows (article names).</summary>
    public IReadOnlyList<string> Articles { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public string? Error { get; init; }
}
