using System.Text.Json.Serialization;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Delivery.Digests;

/// <summary>
/// An outbox message: send chat <see cref="ChatId"/> its digest for the slot <see cref="Slot"/> (or,
/// for a chat out of digest mode, what was left queued). Written by <see cref="DigestScheduler"/>,
/// carried out by <see cref="DigestSender"/>. Handling it twice is harmless: the chat's run document
/// says which slots were dealt with, and only the holder of its claim sends.
/// </summary>
public sealed record DigestJob
{
    [JsonPropertyName("digest")]
    public required long ChatId { get; init; }

    /// <summary>The digest time that fell due (for leftovers, when they were found).</summary>
    /// <summary>The forum topic whose digest this is; null for the chat itself.</summary>
    public int? ThreadId { get; init; }

    /// <summary>Whose digest this is.</summary>
    [JsonIgnore]
    public SummaryBot.Core.Subscriptions.ChatAddress Address => new(ChatId, ThreadId);

    public required DateTimeOffset Slot { get; init; }

    /// <summary>Attempts made through earlier copies of this job (see <see cref="Outbox.DeliveryJob.Attempt"/>).</summary>
    public int Attempt { get; init; }

    public BinaryData ToBinary() => SummaryBotJson.SerializeCompact(this);

    public static DigestJob FromBinary(BinaryData body) => SummaryBotJson.Deserialize<DigestJob>(body);
}
