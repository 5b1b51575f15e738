using System.ClientModel;
using System.Text.Json;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>Reads the error body Azure OpenAI sends with a failed request:
/// <c>{"error": {"code": "content_filter", "innererror": {"code": "ResponsibleAIPolicyViolation"}}}</c>.</summary>
public static class AzureOpenAIError
{
    public static string? Code(ClientResultException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var content = exception.GetRawResponse()?.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsContentFilter(ClientResultException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Status == 400
            && Code(exception) is "content_filter" or "ResponsibleAIPolicyViolation";
    }
}
