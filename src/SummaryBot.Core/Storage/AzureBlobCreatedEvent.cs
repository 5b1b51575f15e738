using System.Text.Json.Nodes;

namespace SummaryBot.Core.Storage;

/// <summary>
/// An Event Grid <c>Microsoft.Storage.BlobCreated</c> event (Event Grid schema), as Azure sends it
/// to a blob trigger with an Event Grid source. <c>summarybot drop --notify-local</c> posts it to
/// a local Functions runtime, which Azurite cannot do.
/// </summary>
public static class AzureBlobCreatedEvent
{
    public const string EventType = "Microsoft.Storage.BlobCreated";

    /// <summary>The request body: a JSON array with one event for the blob at <paramref name="blobUri"/>.</summary>
    public static string Create(Uri blobUri, string containerName, string blobName, string contentType, long contentLength, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(blobUri);
        var account = blobUri.Segments.Length > 1 && blobUri.IsLoopback ? blobUri.Segments[1].TrimEnd('/') : blobUri.Host.Split('.')[0];
        var url = blobUri.GetLeftPart(UriPartial.Path);
        var @event = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{account}",
            ["subject"] = $"/blobServices/default/containers/{containerName}/blobs/{blobName}",
            ["eventType"] = EventType,
            ["eventTime"] = time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["contentType"] = contentType,
                ["contentLength"] = contentLength,
                ["blobType"] = "BlockBlob",
                ["url"] = url,
                ["sequencer"] = time.UtcTicks.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
            },
            ["dataVersion"] = string.Empty,
            ["metadataVersion"] = "1",
        };
        return new JsonArray(@event).ToJsonString();
    }
}
