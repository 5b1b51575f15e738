using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// Removes what a reader never sees before any extraction: scripts, styles, templates, frames and
/// other non-text elements, and hidden elements (<c>hidden</c>, <c>aria-hidden="true"</c>,
/// <c>display:none</c> or <c>visibility:hidden</c> in the style attribute). A hidden element that
/// holds most of the page's paragraph text is the article (some pages hide it until a script
/// runs), so it is kept.
/// </summary>
internal static partial class HtmlVisibility
{
    private static readonly string NonTextSelector = "script, style, noscript, template, svg, iframe, object, embed, canvas, link, meta, button, select, input, textarea, video, audio, map";

    public static void RemoveInvisible(IElement scope)
    {
        foreach (var element in scope.QuerySelectorAll(NonTextSelector).ToList())
        {
            element.Remove();
        }

        var hidden = scope.QuerySelectorAll("[hidden], [aria-hidden], [style]").Where(IsHidden).ToList();
        if (hidden.Count == 0)
        {
            return;
        }

        var pageText = HtmlBlocks.ParagraphTextLength(scope);
        foreach (var element in hidden)
        {
            if (element.Parent is not null && !HoldsMost(element, pageText))
            {
                element.Remove();
            }
        }
    }

    /// <summary>True when the element holds the article: at least half of the page's
    /// <paramref name="pageText"/> characters of paragraph text, and at least 200 of them (a menu
    /// of short paragraphs on a page without an article is not one).</summary>
    public static bool HoldsMost(IElement element, int pageText)
    {
        if (pageText < 200)
        {
            return false;
        }

        var text = HtmlBlocks.ParagraphTextLength(element);
        return text >= 200 && text * 2 >= pageText;
    }

    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden")
        || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase)
        || (element.GetAttribute("style") is { } style && HiddenStyleRegex().IsMatch(style));

    [GeneratedRegex(@"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyleRegex();
}
