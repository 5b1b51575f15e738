namespace SummaryBot.Core.Storage;

/// <summary>The Content-Type written with a blob, chosen from its name's extension.</summary>
public static class AzureContentTypes
{
    public const string Default = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".json"] = "application/json",
    };

    /// <summary>The article formats operators may drop (see DESIGN.md): .txt, .md, .html, .json.</summary>
    public static IReadOnlyCollection<string> ArticleExtensions { get; } = [".txt", ".md", ".html", ".json"];

    public static bool IsArticle(string name) =>
        ArticleExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);

    public static string For(string name) =>
        ByExtension.TryGetValue(Path.GetExtension(name), out var type) ? type : Default;
}
