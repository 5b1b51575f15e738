using Azure;
using Azure.Identity;
using Azure.Storage.Queues;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>
/// The outbox over an Azure Storage queue (Azurite's queue service locally). Messages are base64, as
/// the Functions queue trigger expects, and never expire. Visibility is the service's: a message's
/// hiding ends by the storage account's clock, whatever the clocks of the senders say.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A message queue, named after the Azure Storage queue it models.")]
public sealed class AzureDeliveryQueue(QueueClient queue) : IDeliveryQueue
{
    /// <summary>The longest visibility delay Azure Storage queues accept.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1);

    private readonly Lazy<Task> _created = new(() => queue.CreateIfNotExistsAsync());

    public string Name => queue.Name;

    /// <summary>The queue named <c>Delivery:QueueName</c> in the account of <c>Storage:ConnectionString</c> or
    /// <c>Storage:ServiceUri</c> (its queue endpoint: <c>.blob.</c> becomes <c>.queue.</c>).</summary>
    public static AzureDeliveryQueue Create(StorageOptions storage, string queueName)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        AzureBlobStores.ApplyTo(storage, options);
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            try
            {
                return new AzureDeliveryQueue(new QueueClient(storage.ConnectionString, queueName, options));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                // The message may quote the connection string: do not pass it on.
                throw new InvalidOperationException("Storage:ConnectionString is not a valid Azure Storage connection string with a queue endpoint.");
            }
        }

        if (storage.ServiceUri is { } blobUri)
        {
            var queueUri = new UriBuilder(QueueServiceUri(blobUri)) { Path = queueName }.Uri;
            return new AzureDeliveryQueue(new QueueClient(queueUri, new DefaultAzureCredential(), options));
        }

        throw new InvalidOperationException("Set Storage:ConnectionString or Storage:ServiceUri to use an Azure Storage queue.");
    }

    /// <summary>The queue endpoint of the account whose blob endpoint is <paramref name="blobServiceUri"/>.</summary>
    public static Uri QueueServiceUri(Uri blobServiceUri)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        var host = blobServiceUri.Host;
        var at = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        return at < 0
            ? throw new InvalidOperationException("Storage:ServiceUri must be a blob endpoint (https://account.blob.core.windows.net) so that the queue endpoint can be derived.")
            : new UriBuilder(blobServiceUri) { Host = string.Concat(host.AsSpan(0, at), ".queue.", host.AsSpan(at + ".blob.".Length)), Path = "/" }.Uri;
    }

    public async Task EnqueueAsync(BinaryData body, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        await _created.Value;
        await queue.SendMessageAsync(body, Clamp(delay), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    /// <summary>Azure Storage queues have no batch send: the messages go in parallel.</summary>
    public async Task EnqueueManyAsync(IReadOnlyList<BinaryData> bodies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        await _created.Value;
        await Parallel.ForEachAsync(
            bodies,
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (body, ct) => await queue.SendMessageAsync(body, TimeSpan.Zero, timeToLive: TimeSpan.FromSeconds(-1), ct));
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var received = await queue.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), Clamp(visibilityTimeout), cancellationToken);
        return [.. received.Value.Select(m => new QueueMessage(m.MessageId, m.PopReceipt, m.Body, (int)m.DequeueCount))];
    }

    public async Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await queue.DeleteMessageAsync(message.Id, message.Receipt, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            // 404: gone or received again by someone else (the pop receipt no longer matches).
            return false;
        }
    }

    public async Task<QueueMessage?> MakeVisibleAfterAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var updated = await queue.UpdateMessageAsync(message.Id, message.Receipt, message: null, Clamp(delay), cancellationToken);
            return message with { Receipt = updated.Value.PopReceipt };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            return null;
        }
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var properties = await queue.GetPropertiesAsync(cancellationToken);
        return properties.Value.ApproximateMessagesCount;
    }

    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
}
