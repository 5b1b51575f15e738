using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;

namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>
/// The <c>extensions.queues</c> section of the worker's host.json, read the way the host reads it, with
/// the Storage Queues extension's defaults (<c>QueuesOptions</c>: batch size 16, max dequeue count 5,
/// visibility timeout zero, base64 messages) for what the file leaves out.
/// </summary>
public sealed record HostQueueSettings(int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout, QueueMessageEncoding MessageEncoding)
{
    /// <summary>How long the host hides a message it received while the function runs (it renews this
    /// on a timer for longer runs): <c>QueueListener</c>'s fixed ten minutes.</summary>
    public static readonly TimeSpan ReceiveVisibility = TimeSpan.FromMinutes(10);

    public static HostQueueSettings Load(string workerDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(workerDirectory, "host.json")));
        var queues = document.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("queues", out var section)
            ? section
            : default;
        return new HostQueueSettings(
            Int(queues, "batchSize") ?? 16,
            Int(queues, "maxDequeueCount") ?? 5,
            Text(queues, "visibilityTimeout") is { } timeout ? TimeSpan.Parse(timeout, CultureInfo.InvariantCulture) : TimeSpan.Zero,
            Text(queues, "messageEncoding") is { } encoding ? Enum.Parse<QueueMessageEncoding>(encoding, ignoreCase: true) : QueueMessageEncoding.Base64);
    }

    private static int? Int(JsonElement section, string name) =>
        section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    private static string? Text(JsonElement section, string name) =>
        section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var value) ? value.GetString() : null;
}
