using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SummaryBot.Core.Storage;

/// <summary>The JSON settings of every document SummaryBot writes.</summary>
public static class SummaryBotJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same settings without indentation, for large internal documents that people do
    /// not read (the story index buckets): smaller to write and faster to parse.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Operators read these files; keep "–", quotes and non-Latin text readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static BinaryData Serialize<T>(T value) => BinaryData.FromObjectAsJson(value, Options);

    public static BinaryData SerializeCompact<T>(T value) => BinaryData.FromObjectAsJson(value, CompactOptions);

    public static T Deserialize<T>(BinaryData data) =>
        data.ToObjectFromJson<T>(Options) ?? throw new JsonException($"The document deserialized to null ({typeof(T).Name}).");
}
