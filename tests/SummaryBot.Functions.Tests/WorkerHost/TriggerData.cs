using System.Text;
using System.Text.Json;
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

    /// <summary>A timer tick as the host sends it (TimerInfo as JSON).</summary>
    public static TypedData TimerTick(bool isPastDue = false) => Json(JsonSerializer.Serialize(new
    {
        Schedule = new { AdjustForDST = true },
        ScheduleStatus = (object?)null,
        IsPastDue = isPastDue,
    }));
}
