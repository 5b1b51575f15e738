using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>
/// One outbox message that stands for many delivery jobs: the article stage writes one per
/// <see cref="MaxBytes"/> of jobs instead of one message per chat, and the sender expands it into
/// the jobs themselves. An Azure Storage queue has no batch send, so 10,000 chats would be 10,000
/// requests inside the article stage; as fan-outs they are a few dozen, and the expansion is spread
/// over the senders. Expanding twice (a retry after a crash between the expansion and the delete)
/// writes the jobs twice, which the ledger makes harmless; each expansion gives its jobs fresh
/// <see cref="DeliveryJob.JobId"/>s, so a second copy waits for the first one's outcome instead of
/// taking it for its own.
/// </summary>
public sealed record DeliveryFanOut
{
    /// <summary>Jobs of an article at or below this number are written one message each.</summary>
    public const int DirectLimit = 32;

    /// <summary>The most JSON one fan-out carries: an Azure Storage queue message holds 64 KiB of base64, 48 KiB of content.</summary>
    public const int MaxBytes = 40_000;

    /// <summary>The jobs, whole (so any field a job gains travels too).</summary>
    public required IReadOnlyList<DeliveryJob> FanOut { get; init; }

    /// <summary>The jobs this fan-out stands for, each with a new <see cref="DeliveryJob.JobId"/>.</summary>
    public IReadOnlyList<DeliveryJob> Expand() => [.. FanOut.Select(j => j with { JobId = Guid.NewGuid().ToString("N") })];

    public BinaryData ToBinary() => SummaryBotJson.SerializeCompact(this);

    /// <summary>
    /// The messages for <paramref name="jobs"/>: one per job up to <see cref="DirectLimit"/>, else
    /// fan-outs of at most <see cref="MaxBytes"/> each (a job larger than that alone goes as itself).
    /// </summary>
    public static IReadOnlyList<BinaryData> Messages(IReadOnlyList<DeliveryJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var bodies = jobs.Select(j => j.ToBinary()).ToList();
        if (bodies.Count <= DirectLimit)
        {
            return bodies;
        }

        var messages = new List<BinaryData>();
        var chunk = new List<DeliveryJob>();
        var size = 0;
        for (var i = 0; i < jobs.Count; i++)
        {
            var length = bodies[i].ToMemory().Length + 1;
            if (length > MaxBytes)
            {
                messages.Add(bodies[i]);
                continue;
            }

            if (size + length > MaxBytes)
            {
                messages.Add(new DeliveryFanOut { FanOut = chunk }.ToBinary());
                chunk = [];
                size = 0;
            }

            chunk.Add(jobs[i]);
            size += length;
        }

        if (chunk.Count > 0)
        {
            messages.Add(new DeliveryFanOut { FanOut = chunk }.ToBinary());
        }

        return messages;
    }
}
