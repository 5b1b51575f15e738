using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// Main-text extraction from an HTML page with AngleSharp. Metadata first (title from og:title,
/// the first h1, then &lt;title&gt;; url from the canonical link or og:url; outlet from
/// og:site_name; published from article:published_time or the first &lt;time datetime&gt;). Then
/// page furniture is removed (navigation, header, footer, aside, scripts, forms, frames, figure
/// captions, and elements whose class or id says ad, share, social, related, newsletter...), the
/// content root is the &lt;article&gt; (or &lt;main&gt;) holding the most paragraph text, and its
/// paragraphs, list items and block quotes are the body. Entities are decoded by the parser.
/// </summary>
internal static partial class HtmlFormat
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> RemovedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "header", "footer", "aside", "script", "style", "noscript", "form", "iframe", "svg", "button",
        "figcaption", "template", "select", "input", "textarea", "object", "embed", "dialog", "menu",
    };

    /// <summary>Class or id parts that mark page furniture (matched against each "-"/"_"-separated part).</summary>
    private static readonly HashSet<string> FurnitureParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "sponsor", "sponsored", "promo",
        "promoted", "share", "sharing", "sharebar", "social", "newsletter", "related", "recommended", "recirculation",
        "popular", "trending", "comments", "comment", "breadcrumb", "breadcrumbs", "cookie", "cookies", "banner",
        "sidebar", "widget", "outbrain", "taboola", "donate", "donation", "paywall", "subscribe", "subscription",
        "byline", "caption", "credit", "nav", "navbar", "menu", "tags", "disclaimer", "modal", "popup",
    };

    private static readonly HashSet<string> KeptContainers = new(StringComparer.OrdinalIgnoreCase) { "html", "body", "main", "article" };

    public static bool LooksLikeHtml(string text)
    {
        var head = text.Length > 2048 ? text[..2048] : text;
        return HtmlStartRegex().IsMatch(head) || HtmlTagsRegex().Count(head) >= 2;
    }

    public static ArticleDraft Parse(string html)
    {
        using var document = Parser.ParseDocument(html);
        var title = Meta(document, "og:title") ?? Meta(document, "twitter:title") ?? Text(document.QuerySelector("h1"));
        if (title is null && Text(document.QuerySelector("title")) is { } documentTitle)
        {
            title = StripSiteSuffix(documentTitle, Meta(document, "og:site_name"));
        }

        var url = document.QuerySelector("link[rel~=canonical]")?.GetAttribute("href") ?? Meta(document, "og:url");
        var outlet = Meta(document, "og:site_name") ?? Meta(document, "application-name");
        var published = MetadataDates.Parse(
            Meta(document, "article:published_time")
            ?? Meta(document, "og:published_time")
            ?? Meta(document, "date")
            ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime"));

        var paragraphs = ExtractParagraphs(document.Body ?? document.DocumentElement);
        return new ArticleDraft(title, paragraphs, outlet, string.IsNullOrWhiteSpace(url) ? null : url.Trim(), published);
    }

    /// <summary>Paragraphs of an HTML fragment (for JSON bodies that carry markup).</summary>
    public static List<string> ParseFragment(string html)
    {
        using var document = Parser.ParseDocument("<html><body>" + html + "</body></html>");
        return ExtractParagraphs(document.Body!);
    }

    private static List<string> ExtractParagraphs(IElement scope)
    {
        foreach (var element in scope.QuerySelectorAll("*").Where(IsFurniture).ToList())
        {
            element.Remove();
        }

        var root = scope.QuerySelectorAll("article, main, [role=main], [itemprop=articleBody]")
            .OrderByDescending(ParagraphTextLength)
            .FirstOrDefault(e => ParagraphTextLength(e) > 0) ?? scope;

        // Headings other than the title are section labels, not sentences: they are left out.
        var blocks = root.QuerySelectorAll("p, li, blockquote")
            .Where(e => e.LocalName == "p" || (e.QuerySelector("p") is null && e.ParentElement?.Closest("li, blockquote") is null))
            .Select(Text)
            .OfType<string>()
            .ToList();

        if (blocks.Count == 0)
        {
            // Pages without <p>: fall back to the text lines of the content root.
            blocks = PlainTextFormat.SplitParagraphs(BlockText(root));
        }

        return blocks;
    }

    private static bool IsFurniture(IElement element)
    {
        if (RemovedTags.Contains(element.LocalName))
        {
            return true;
        }

        if (KeptContainers.Contains(element.LocalName))
        {
            return false;
        }

        if (element.GetAttribute("aria-hidden") == "true" || element.HasAttribute("hidden")
            || element.GetAttribute("role") is "navigation" or "banner" or "contentinfo" or "complementary")
        {
            return true;
        }

        var marks = $"{element.GetAttribute("class")} {element.Id}";
        return marks.Split([' ', '\t', '\n', '-', '_'], StringSplitOptions.RemoveEmptyEntries).Any(FurnitureParts.Contains);
    }

    private static int ParagraphTextLength(IElement element) =>
        element.QuerySelectorAll("p").Sum(p => p.TextContent.Length);

    private static string BlockText(IElement element)
    {
        foreach (var br in element.QuerySelectorAll("br").ToList())
        {
            br.Replace(element.Owner!.CreateTextNode("\n"));
        }

        foreach (var block in element.QuerySelectorAll("div, section, tr").ToList())
        {
            block.Append(element.Owner!.CreateTextNode("\n\n"));
        }

        return element.TextContent;
    }

    private static string? Meta(IDocument document, string name)
    {
        var content = document.QuerySelectorAll("meta")
            .FirstOrDefault(m => string.Equals(m.GetAttribute("property"), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.GetAttribute("name"), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.GetAttribute("itemprop"), name, StringComparison.OrdinalIgnoreCase))
            ?.GetAttribute("content");
        return string.IsNullOrWhiteSpace(content) ? null : WhitespaceRegex().Replace(content, " ").Trim();
    }

    private static string? Text(IElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = WhitespaceRegex().Replace(element.TextContent, " ").Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>"Headline | Outlet" or "Headline - Outlet" in &lt;title&gt;: keep the headline.</summary>
    private static string StripSiteSuffix(string title, string? siteName)
    {
        var match = SiteSuffixRegex().Match(title);
        if (match.Success && (siteName is null || match.Groups["site"].Value.Contains(siteName, StringComparison.OrdinalIgnoreCase)
            || match.Groups["site"].Value.Split(' ').Length <= 4))
        {
            return match.Groups["headline"].Value.Trim();
        }

        return title;
    }

    [GeneratedRegex(@"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlStartRegex();

    [GeneratedRegex(@"</(p|div|body|html|article|span|a|h1|h2|li|br)\s*>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTagsRegex();

    [GeneratedRegex(@"^(?<headline>.{15,}?)\s+[|–—-]\s+(?<site>[^|–—-]{2,60})$")]
    private static partial Regex SiteSuffixRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
