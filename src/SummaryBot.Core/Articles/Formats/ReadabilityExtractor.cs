using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// Picks the article out of a page with SmartReader (a port of Mozilla's Readability, the
/// reader view of Firefox) and returns its paragraphs, title, site name and date.
/// SmartReader's cost grows faster than the page: on pages with little text it makes up to four
/// passes, each slower with depth and element count (a 1,500-element page of short links took
/// 2 s; 60,000 took 12 minutes). So it only reads pages within <see cref="MaxElements"/> and
/// <see cref="MaxDepth"/> (after invisible elements are removed), and only pages its own
/// "probably readable" test accepts; any other page is left to <see cref="RuleBasedExtractor"/>.
/// </summary>
internal static class ReadabilityExtractor
{
    public const int MaxElements = 3000;
    public const int MaxDepth = 60;

    private static readonly HtmlParser Parser = new();

    public sealed record Extraction(List<string> Paragraphs, string? Title, string? SiteName, DateTimeOffset? Published);

    /// <summary>The article, or null when the page is outside the budget or SmartReader finds none.
    /// The document is changed.</summary>
    public static Extraction? TryExtract(IHtmlDocument document, string? url)
    {
        if (document.Body is null)
        {
            return null;
        }

        var uri = Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed.ToString() : "https://localhost/";
        using var reader = new SmartReader.Reader(uri, document)
        {
            ContinueIfNotReadable = false,
            MaxElemsToParse = MaxElements * 2,
        };
        var article = reader.GetArticle();
        if (!article.Completed || !article.IsReadable || string.IsNullOrWhiteSpace(article.Content))
        {
            return null;
        }

        using var content = Parser.ParseDocument("<html><body>" + article.Content + "</body></html>");
        var paragraphs = HtmlBlocks.Paragraphs(content.Body!);
        DateTimeOffset? published = article.PublicationDate is { } date
            ? new DateTimeOffset(DateTime.SpecifyKind(date, date.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : date.Kind))
            : null;
        return paragraphs.Count == 0 ? null : new Extraction(paragraphs, article.Title, article.SiteName, published);
    }

    /// <summary>Whether SmartReader may read the page: one walk over the tree, stopping as soon as
    /// either limit is passed.</summary>
    public static bool WithinBudget(IElement root)
    {
        var count = 0;
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            if (++count > MaxElements || depth > MaxDepth)
            {
                return false;
            }

            foreach (var child in element.Children)
            {
                stack.Push((child, depth + 1));
            }
        }

        return true;
    }
}
