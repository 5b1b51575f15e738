using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SummaryBot.Core.Articles;

namespace SummaryBot.Cli.Commands;

/// <summary><c>read FILE [--json]</c>: what the bot reads from one file (title, outlet, url,
/// published, paragraphs) or why it rejects it, touching no state. Exit code 0 when read, 1 when
/// rejected, 2 when the file is missing.</summary>
internal static class ReadCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "An article file (.txt, .md, .html, .json)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: status, reason, title, outlet, url, published, paragraphs." };
        var command = new Command("read", "Show what the bot reads from one file (title, outlet, url, published date, paragraphs), or why it rejects it.") { file, json };
        command.SetAction(parse =>
        {
            using var host = CliHost.Build(parse, new Dictionary<string, string?>());
            var info = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            if (!info.Exists)
            {
                Write(asJson, ArticleReadResult.Rejected($"File not found: {info.FullName}"));
                return 2;
            }

            var result = host.Get<IArticleReader>().Read(info.Name, BinaryData.FromBytes(File.ReadAllBytes(info.FullName)));
            Write(asJson, result);
            return result.Article is null ? 1 : 0;
        });
        return command;
    }

    private static void Write(bool asJson, ArticleReadResult result)
    {
        var article = result.Article;
        var published = article?.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        if (asJson)
        {
            var output = new ReadOutput(
                article is null ? "rejected" : "ok",
                result.RejectionReason,
                article?.Title,
                article?.Outlet,
                article?.Url,
                published,
                article?.Paragraphs ?? []);
            Console.WriteLine(JsonSerializer.Serialize(output, JsonOptions));
            return;
        }

        if (article is null)
        {
            Console.WriteLine($"Rejected: {result.RejectionReason}");
            return;
        }

        Console.WriteLine($"title:     {article.Title}");
        Console.WriteLine($"outlet:    {article.Outlet ?? "(unknown)"}");
        Console.WriteLine($"url:       {article.Url ?? "(none)"}");
        Console.WriteLine($"published: {published ?? "(unknown)"}");
        Console.WriteLine($"paragraphs ({article.Paragraphs.Count}):");
        foreach (var paragraph in article.Paragraphs)
        {
            Console.WriteLine();
            Console.WriteLine(paragraph);
        }
    }

    /// <summary>The JSON shape of <c>read --json</c>, in this field order.</summary>
    private sealed record ReadOutput(
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("reason")] string? Reason,
        [property: System.Text.Json.Serialization.JsonPropertyName("title")] string? Title,
        [property: System.Text.Json.Serialization.JsonPropertyName("outlet")] string? Outlet,
        [property: System.Text.Json.Serialization.JsonPropertyName("url")] string? Url,
        [property: System.Text.Json.Serialization.JsonPropertyName("published")] string? Published,
        [property: System.Text.Json.Serialization.JsonPropertyName("paragraphs")] IReadOnlyList<string> Paragraphs);
}
