using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Google.Protobuf;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>The input data the Functions host sends for each kind of trigger.</summary>
public static class TriggerData
{
    /// <summary>One named input of an invocation (the binding's name in the function's metadata).</summary>
    public static ParameterBinding Input(string bindingName, TypedData data) => new() { Name = bindingName, Data = data };

    public static TypedData Bytes(byte[] content) => new() { Bytes = ByteString.CopyFrom(content) };

    public static TypedData Text(string value) => new() { String = value };

    public static TypedData Json(string json) => new() { Json = json };

    /// <summary>
    /// A blob as the host sends it to a parameter that supports deferred binding: not the content but a
    /// reference (source <c>AzureStorageBlobs</c>) that the worker's blob converter resolves through the
    /// named connection of its own configuration.
    /// </summary>
    public static TypedData BlobReference(string connection, string container, string blobName) => new()
    {
        ModelBindingData = new ModelBindingData
        {
            Version = "1.0",
            Source = "AzureStorageBlobs",
            ContentType = "application/json",
            Content = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
            {
                ["Connection"] = connection,
                ["ContainerName"] = container,
                ["BlobName"] = blobName,
            })),
        },
    };

    /// <summary>The trigger metadata of a blob trigger on <c>{container}/{name}</c>.</summary>
    public static IReadOnlyDictionary<string, TypedData> BlobMetadata(string container, string blobName) => new Dictionary<string, TypedData>
    {
        ["name"] = Text(blobName),
        ["BlobTrigger"] = Text($"{container}/{blobName}"),
        ["Uri"] = Text($"http://127.0.0.1/devstoreaccount1/{container}/{blobName}"),
    };

    /// <summary>An HTTP request as the host passes it to an http trigger (RpcHttp).</summary>
    public static TypedData HttpRequest(string method, Uri url, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(url);
        var http = new RpcHttp
        {
            Method = method,
            Url = url.ToString(),
            Body = Bytes(body),
        };
        foreach (var (name, value) in headers)
        {
            http.Headers[name] = value;
            http.NullableHeaders[name] = new NullableString { Value = value };
        }

        return new TypedData { Http = http };
    }

    public static TypedData HttpRequest(string method, Uri url, IReadOnlyDictionary<string, string> headers, string body) =>
        HttpRequest(method, url, headers, Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// A queue message as the host passes it to a queue trigger that supports deferred binding (the
    /// worker's <c>QueueMessage</c> parameter): a model binding reference from source
    /// <c>AzureStorageQueues</c>, version 1.0, content type <c>application/json</c>, whose content is
    /// the Storage SDK's <c>QueueMessage</c> serialized by System.Text.Json. Sources: the host-side
    /// <c>StorageQueueMessageToParameterBindingDataConverter</c> (Azure/azure-sdk-for-net,
    /// Microsoft.Azure.WebJobs.Extensions.Storage.Queues) builds it with <c>new BinaryData(message)</c>,
    /// and the host's <c>GrpcMessageConversionExtensions.ToModelBindingData</c>
    /// (Azure/azure-functions-host) copies it into <c>TypedData.model_binding_data</c>; the worker's
    /// <c>QueueMessageConverter</c> (Azure/azure-functions-dotnet-worker) checks the source and the
    /// content type and reads MessageId, PopReceipt, MessageText, DequeueCount, InsertedOn, ExpiresOn
    /// and NextVisibleOn from it.
    /// </summary>
    public static TypedData QueueMessageReference(QueueMessage message) => new()
    {
        ModelBindingData = new ModelBindingData
        {
            Version = "1.0",
            Source = "AzureStorageQueues",
            ContentType = "application/json",
            Content = ByteString.CopyFrom(new BinaryData(message).ToArray()),
        },
    };

    /// <summary>
    /// The trigger metadata of a queue trigger: the binding data contract of the host's
    /// <c>QueueTriggerBinding</c> (QueueTrigger, the message as text, left out when it is not valid
    /// text; DequeueCount; ExpirationTime; Id; InsertionTime; NextVisibleTime; PopReceipt), each value
    /// converted as the host's <c>ToRpc</c> does: strings as <c>string</c>, anything else (the long and
    /// the DateTimeOffsets) serialized to <c>json</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, TypedData> QueueMetadata(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var metadata = new Dictionary<string, TypedData>
        {
            ["DequeueCount"] = Json(JsonSerializer.Serialize(message.DequeueCount)),
            ["ExpirationTime"] = Json(JsonSerializer.Serialize(message.ExpiresOn ?? DateTimeOffset.MaxValue)),
            ["Id"] = Text(message.MessageId),
            ["InsertionTime"] = Json(JsonSerializer.Serialize(message.InsertedOn ?? DateTimeOffset.UtcNow)),
            ["NextVisibleTime"] = Json(JsonSerializer.Serialize(message.NextVisibleOn ?? DateTimeOffset.MaxValue)),
            ["PopReceipt"] = Text(message.PopReceipt),
        };
        if (ValidText(message.Body) is { } text)
        {
            metadata["QueueTrigger"] = Text(text);
        }

        return metadata;
    }

    /// <summary>A timer tick as the host sends it (TimerInfo as JSON).</summary>
    public static TypedData TimerTick(bool isPastDue = false) => Json(JsonSerializer.Serialize(new
    {
        Schedule = new { AdjustForDST = true },
        ScheduleStatus = (object?)null,
        IsPastDue = isPastDue,
    }));

    private static string? ValidText(BinaryData body)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
