using AngleSharp.Dom;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// The extractor for pages SmartReader does not take (too large or deep for its budget, or not
/// "probably readable", such as a short brief): page furniture is removed (navigation, header,
/// footer, aside, forms, and elements whose class or id says ad, share, social, related,
/// newsletter...) unless it holds most of the page's paragraph text, as a two-column wrapper
/// named "sidebar" or a share-buttons parent around the story does; the content root is the
/// &lt;article&gt;, &lt;main&gt; or article body holding the most paragraph text, else the element
/// whose own paragraphs hold the most text, so menus and login lists elsewhere are left out.
/// </summary>
internal static class RuleBasedExtractor
{
    private static readonly HashSet<string> RemovedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "header", "footer", "aside", "form", "figcaption", "dialog", "menu",
    };

    /// <summary>Class or id parts that mark page furniture (matched against each "-"/"_"-separated part).</summary>
    private static readonly HashSet<string> FurnitureParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "sponsor", "sponsored", "promo",
        "promoted", "share", "sharing", "sharebar", "social", "newsletter", "related", "recommended", "recirculation",
        "popular", "trending", "comments", "comment", "breadcrumb", "breadcrumbs", "cookie", "cookies", "banner",
        "sidebar", "widget", "outbrain", "taboola", "donate", "donation", "paywall", "subscribe", "subscription",
        "byline", "caption", "credit", "nav", "navbar", "menu", "tags", "disclaimer", "modal", "popup", "login", "signin",
    };

    private static readonly HashSet<string> KeptContainers = new(StringComparer.OrdinalIgnoreCase) { "html", "body", "main", "article" };

    /// <summary>Removes page furniture, except an element that holds most of the article (see
    /// <see cref="HtmlVisibility.HoldsMost"/>). Runs before either extractor.</summary>
    public static void RemoveFurniture(IElement scope)
    {
        var pageText = HtmlBlocks.ParagraphTextLength(scope);
        foreach (var element in scope.QuerySelectorAll("*").Where(IsFurniture).ToList())
        {
            if (element.Parent is not null && !HtmlVisibility.HoldsMost(element, pageText))
            {
                element.Remove();
            }
        }
    }

    /// <summary>The paragraphs of the content root (after <see cref="RemoveFurniture"/>).</summary>
    public static List<string> Extract(IElement scope) => HtmlBlocks.Paragraphs(ContentRoot(scope));

    private static IElement ContentRoot(IElement scope)
    {
        var marked = scope.QuerySelectorAll("article, main, [role=main], [itemprop=articleBody]")
            .Select(e => (Element: e, Text: HtmlBlocks.ParagraphTextLength(e)))
            .Where(c => c.Text > 0)
            .OrderByDescending(c => c.Text)
            .FirstOrDefault();
        if (marked.Element is not null)
        {
            return marked.Element;
        }

        // No marked article: the element whose own <p> children hold the most text.
        var best = scope.QuerySelectorAll("p")
            .Where(p => p.ParentElement is not null)
            .GroupBy(p => p.ParentElement!)
            .Select(g => (Element: g.Key, Text: g.Sum(p => p.TextContent.Trim().Length)))
            .OrderByDescending(c => c.Text)
            .FirstOrDefault();
        if (best.Element is null || best.Text == 0)
        {
            return scope;
        }

        // An article split by an ad slot or a lead set apart: go up until most of the page's
        // paragraph text is inside.
        var root = best.Element;
        var pageText = HtmlBlocks.ParagraphTextLength(scope);
        while (root != scope && root.ParentElement is { } parent && HtmlBlocks.ParagraphTextLength(root) * 10 < pageText * 7)
        {
            root = parent;
        }

        return root;
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

        if (element.GetAttribute("role") is "navigation" or "banner" or "contentinfo" or "complementary")
        {
            return true;
        }

        var marks = $"{element.GetAttribute("class")} {element.Id}";
        return marks.Split([' ', '\t', '\n', '-', '_'], StringSplitOptions.RemoveEmptyEntries).Any(FurnitureParts.Contains);
    }
}
