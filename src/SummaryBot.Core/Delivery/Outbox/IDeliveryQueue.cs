namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>
/// The outbox queue: at-least-once messages with a visibility timeout, the semantics of an Azure
/// Storage queue. A received message is hidden from other receivers until its visibility timeout
/// runs out (measured by the queue, never by the receiver's clock); it is gone only when its holder
/// deletes it. Implemented over Azure Storage queues and over SQLite (the embedded default).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A message queue, named after the Azure Storage queue it models.")]
public interface IDeliveryQueue
{
    /// <summary>Adds a message, visible after <paramref name="delay"/> (zero: at once).</summary>
    Task EnqueueAsync(BinaryData body, TimeSpan delay = default, CancellationToken cancellationToken = default);

    /// <summary>Adds many messages, visible at once (one transaction where the store has them).</summary>
    Task EnqueueManyAsync(IReadOnlyList<BinaryData> bodies, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes up to <paramref name="maxMessages"/> visible messages and hides them for
    /// <paramref name="visibilityTimeout"/>; each one's <see cref="QueueMessage.DequeueCount"/> counts this receive.
    /// </summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message.</summary>
    /// <returns>False when the receipt is stale: the message became visible and someone else received it (or it is gone).</returns>
    Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default);

    /// <summary>Makes a received message visible again after <paramref name="delay"/> (a 429's retry_after, a back-off).</summary>
    /// <returns>The message with its new receipt, or null when the receipt is stale.</returns>
    Task<QueueMessage?> MakeVisibleAfterAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>How many messages the queue holds, visible or not (approximate on Azure).</summary>
    Task<int> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>A received message: <paramref name="Receipt"/> proves the holder's claim (Azure's pop receipt).</summary>
public sealed record QueueMessage(string Id, string Receipt, BinaryData Body, int DequeueCount);
