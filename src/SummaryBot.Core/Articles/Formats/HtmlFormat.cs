using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// An HTML page: nesting depth checked before parsing (<see cref="HtmlNesting"/>), parsed with
/// AngleSharp, invisible elements and page furniture removed (<see cref="HtmlVisibility"/>,
/// <see cref="RuleBasedExtractor.RemoveFurniture"/>), the article chosen by
/// SmartReader (<see cref="ReadabilityExtractor"/>) or, for pages outside its budget or that it
/// finds no article in, by <see cref="RuleBasedExtractor"/>. Metadata: title from
/// <see cref="HtmlTitle"/>; url from the canonical link or og:url; outlet from og:site_name or the
/// extractor's site name; published from article:published_time, the extractor's date (JSON-LD),
/// or the first &lt;time datetime&gt;. Entities are decoded by the parser.
/// </summary>
internal static partial class HtmlFormat
{
    private static readonly HtmlParser Parser = new();

    public static bool LooksLikeHtml(string text)
    {
        var head = text.Length > 2048 ? text[..2048] : text;
        return HtmlStartRegex().IsMatch(head) || HtmlTagsRegex().Count(head) >= 2;
    }

    public static (ArticleDraft? Draft, string? Rejection) Parse(string html)
    {
        if (HtmlNesting.Measure(html) is { } nesting && nesting.Depth > HtmlNesting.MaxDepth)
        {
            return (null, $"The page nests its HTML elements more than {HtmlNesting.MaxDepth} levels deep, which no article needs and which would take minutes to parse, so it was not read.");
        }
        else if (nesting.Work > HtmlNesting.MaxWork)
        {
            return (null, $"The page has {nesting.Elements:N0} HTML elements nested {nesting.Depth} levels deep, more than a parser can read in a second, so it was not read.");
        }

        using var document = Parser.ParseDocument(html);
        var url = HtmlMetadata.Url(document);
        var outlet = HtmlMetadata.Outlet(document);
        var published = HtmlMetadata.Published(document);
        var body = document.Body ?? document.DocumentElement;
        HtmlVisibility.RemoveInvisible(body);
        // What the page holds, for the reason if no article is found; a page with plenty of
        // paragraph text is not described (counting a large page's words costs more than reading it).
        var found = HtmlBlocks.ParagraphTextLength(body) < 5_000 ? PageText.Describe(body) : null;
        RuleBasedExtractor.RemoveFurniture(body);

        ReadabilityExtractor.Extraction? extraction = null;
        if (ReadabilityExtractor.WithinBudget(body) && document.Clone(deep: true) is IHtmlDocument copy)
        {
            using (copy)
            {
                extraction = ReadabilityExtractor.TryExtract(copy, url);
            }
        }

        outlet ??= string.IsNullOrWhiteSpace(extraction?.SiteName) ? null : extraction.SiteName.Trim();
        var title = HtmlTitle.Choose(document, extraction?.Title, HtmlMetadata.SiteNames(outlet, url));
        var paragraphs = extraction?.Paragraphs ?? RuleBasedExtractor.Extract(body);
        return (new ArticleDraft(title, paragraphs, outlet, url, published ?? extraction?.Published, found), null);
    }

    /// <summary>Paragraphs of an HTML fragment (for JSON bodies that carry markup): the fragment is
    /// the article, so only invisible elements are removed.</summary>
    public static List<string> ParseFragment(string html)
    {
        if (HtmlNesting.Measure(html) is { } nesting && (nesting.Depth > HtmlNesting.MaxDepth || nesting.Work > HtmlNesting.MaxWork))
        {
            return [];
        }

        using var document = Parser.ParseDocument("<html><body>" + html + "</body></html>");
        HtmlVisibility.RemoveInvisible(document.Body!);
        return HtmlBlocks.Paragraphs(document.Body!);
    }

    [GeneratedRegex(@"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlStartRegex();

    [GeneratedRegex(@"</(p|div|body|html|article|span|a|h1|h2|li|br)\s*>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTagsRegex();
}
