using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>
/// One message of the outbox queue: tell <see cref="ChatId"/> about story <see cref="StoryId"/> as of
/// report <see cref="ArticleName"/> (a first alert, an edit of the alert for a later report, or a
/// digest entry: the sender decides from the ledger and the chat's mode). Enqueuing a job twice is
/// harmless: the ledger makes the second one a no-op.
/// </summary>
public sealed record DeliveryJob
{
    /// <summary>Names this job across the copies the sender puts back in the queue: the ledger entry
    /// of an alert belongs to the job that created it, and other jobs for the chat wait for it.</summary>
    public string JobId { get; init; } = Guid.NewGuid().ToString("N");

    public required string StoryId { get; init; }

    public required long ChatId { get; init; }

    /// <summary>The forum topic of the chat that subscribed (its <c>message_thread_id</c>); null for the chat itself.</summary>
    public int? ThreadId { get; init; }

    /// <summary>Where the message goes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SummaryBot.Core.Subscriptions.ChatAddress Address => new(ChatId, ThreadId);

    public required string ArticleName { get; init; }

    /// <summary>The topic that matched and its evidence (shown in the alert); for an edit, the ledger's are used.</summary>
    public required string Topic { get; init; }

    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Attempts made through earlier copies of this job (a Functions host re-enqueues instead of
    /// changing a message's visibility); the queue's dequeue count adds the current copy's.</summary>
    public int Attempt { get; init; }

    /// <summary>True for a chat told about the story by an earlier report whose topics this report did
    /// not match: only an existing alert or digest entry is updated, nothing new is sent.</summary>
    public bool UpdateOnly { get; init; }

    /// <summary>When the article stage started on the report (for the arrival-to-alert metric).</summary>
    public DateTimeOffset? ArrivedAt { get; init; }

    /// <summary>Set on the job sent to the supergroup a group became: it is not followed further.</summary>
    public long? MovedFrom { get; init; }

    public BinaryData ToBinary() => SummaryBotJson.SerializeCompact(this);

    public static DeliveryJob FromBinary(BinaryData body) => SummaryBotJson.Deserialize<DeliveryJob>(body);
}
