using System.Text.Json;

namespace SummaryBot.Tests.Fakes.AzureOpenAI;

/// <summary>A request as <see cref="FakeAzureOpenAIServer"/> received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? ApiVersion => Query.TryGetValue("api-version", out var v) ? v : null;

    public bool IsChatCompletion => Path.EndsWith("/chat/completions", StringComparison.Ordinal);

    /// <summary>The text of the first message with this role (string or text-part content).</summary>
    public string? MessageText(string role)
    {
        using var document = JsonDocument.Parse(Body);
        if (!document.RootElement.TryGetProperty("messages", out var messages))
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (message.GetProperty("role").GetString() != role)
            {
                continue;
            }

            var content = message.GetProperty("content");
            return content.ValueKind == JsonValueKind.String
                ? content.GetString()
                : string.Concat(content.EnumerateArray()
                    .Where(p => p.TryGetProperty("text", out _))
                    .Select(p => p.GetProperty("text").GetString()));
        }

        return null;
    }

    /// <summary>What the client sent between <c>&lt;article&gt;</c> and <c>&lt;/article&gt;</c>.</summary>
    public string? ArticleBlock()
    {
        var user = MessageText("user");
        if (user is null)
        {
            return null;
        }

        var start = user.IndexOf("<article>", StringComparison.Ordinal);
        var end = user.LastIndexOf("</article>", StringComparison.Ordinal);
        return start < 0 || end < start ? null : user[(start + "<article>".Length)..end].Trim('\n');
    }
}
