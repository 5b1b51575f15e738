using System.Text.Json;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// A JSON object with <c>title</c> (or <c>headline</c>) and <c>text</c> (or <c>body</c>,
/// <c>content</c>; a string or an array of paragraph strings), and optional <c>url</c>,
/// <c>source</c>/<c>outlet</c> (a string or an object with <c>name</c>) and <c>published</c>.
/// A text that holds HTML markup is read as an HTML fragment.
/// </summary>
internal static class JsonFormat
{
    public static (ArticleDraft? Draft, string? Rejection) Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return (null, $"The file is not valid JSON (line {ex.LineNumber + 1}: {FirstSentence(ex.Message)}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "The JSON must be an object with \"title\" and \"text\" fields.");
            }

            var title = String(root, "title", "headline");
            var body = Body(root);
            if (string.IsNullOrWhiteSpace(title) || body is null || body.All(string.IsNullOrWhiteSpace))
            {
                return (null, "The JSON has no \"title\" or no \"text\".");
            }

            var paragraphs = body.Count == 1 && HtmlFormat.LooksLikeHtml(body[0])
                ? HtmlFormat.ParseFragment(body[0])
                : body.SelectMany(PlainTextFormat.SplitParagraphs).ToList();
            var outlet = String(root, "source", "outlet", "publisher", "site_name", "siteName");
            return (new ArticleDraft(
                title,
                paragraphs,
                outlet,
                String(root, "url", "link", "canonical_url"),
                MetadataDates.Parse(String(root, "published", "publishedAt", "published_at", "date", "datePublished"))), null);
        }
    }

    private static List<string>? Body(JsonElement root)
    {
        foreach (var key in new[] { "text", "body", "content" })
        {
            if (!root.TryGetProperty(key, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return [value.GetString()!];
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                return value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
            }
        }

        return null;
    }

    private static string? String(JsonElement root, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (!root.TryGetProperty(key, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                return value.GetString()!.Trim();
            }

            // {"source": {"name": "Example News"}} as news APIs send it.
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                return name.GetString();
            }
        }

        return null;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
