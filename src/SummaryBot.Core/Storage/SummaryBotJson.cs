using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SummaryBot.Core.Storage;

/// <summary>The JSON settings of every document SummaryBot writes.</summary>
public static class SummaryBotJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Operators read these files; keep "–", quotes and non-Latin text readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static BinaryData Serialize<T>(T value) => BinaryData.FromObjectAsJson(value, Options);

    public static T Deserialize<T>(BinaryData data) =>
        data.ToObjectFromJson<T>(Options) ?? throw new JsonException($"The document deserialized to null ({typeof(T).Name}).");
}
