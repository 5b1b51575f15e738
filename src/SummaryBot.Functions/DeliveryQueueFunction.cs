using Microsoft.Azure.Functions.Worker;
using SummaryBot.Core.Delivery.Outbox;

namespace SummaryBot.Functions;

/// <summary>
/// The sender in Azure: one delivery job of the outbox queue per invocation. A job that must wait
/// (429, 5xx, a timeout, its chat's turn) or that failed with an error is put back as a new message
/// visible after the wait or the back-off, so the invocation ends at once and <c>Delivery:MaxAttempts</c>
/// decides when it is given up. Only an invocation that cannot even put its job back (the queue
/// unreachable), or a worker that dies, leaves the message to the host, which retries it after
/// host.json's <c>visibilityTimeout</c> and moves it to <c>{queue}-poison</c> after its
/// <c>maxDequeueCount</c>, where <see cref="RecordPoisonAsync"/> writes why into the ledger and the result.
/// </summary>
public sealed class DeliveryQueueFunction(DeliveryQueueProcessor sender)
{
    // "%Delivery:QueueName%" is the app setting Delivery__QueueName; the connection is the account's
    // "ArticlesStorage" (a connection string on Azurite, ArticlesStorage__queueServiceUri + credential
    // in Azure), the one the blob trigger uses, since the outbox queue lives in the same account.
    [Function(nameof(DeliveryQueueFunction))]
    public async Task RunAsync(
        [QueueTrigger("%Delivery:QueueName%", Connection = "ArticlesStorage")] Azure.Storage.Queues.Models.QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await sender.HandleTriggeredAsync(message.Body, (int)message.DequeueCount, message.MessageId, cancellationToken);
    }

    [Function("DeliveryPoisonFunction")]
    public async Task RecordPoisonAsync(
        [QueueTrigger("%Delivery:QueueName%-poison", Connection = "ArticlesStorage")] Azure.Storage.Queues.Models.QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await sender.RecordPoisonAsync(message.Body, message.MessageId, cancellationToken);
    }
}
