using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// The headline of a page: og:title, twitter:title or the extractor's title (JSON-LD headline),
/// else the &lt;h1&gt; that the &lt;title&gt; repeats, else the &lt;title&gt;; in every case without the
/// site's name (" - BBC News", "| Site", "Site | ..."). A section header &lt;h1&gt; ("World") is not
/// taken when the &lt;title&gt; names the story.
/// </summary>
internal static partial class HtmlTitle
{
    public static string? Choose(IDocument document, string? extractorTitle, IReadOnlyCollection<string> siteNames)
    {
        var documentTitle = HtmlBlocks.Text(document.QuerySelector("head > title") ?? document.QuerySelector("title"));
        var metadata = HtmlMetadata.Meta(document, "og:title") ?? HtmlMetadata.Meta(document, "twitter:title") ?? Clean(extractorTitle);
        if (metadata is not null)
        {
            return StripSiteName(metadata, siteNames, fromDocumentTitle: false);
        }

        var stripped = documentTitle is null ? null : StripSiteName(documentTitle, siteNames, fromDocumentTitle: true);
        var headings = document.QuerySelectorAll("h1").Select(HtmlBlocks.Text).OfType<string>().ToList();
        if (stripped is not null)
        {
            var key = ArticleCleaner.ComparisonKey(stripped);
            var repeated = headings.FirstOrDefault(h => ArticleCleaner.ComparisonKey(h) is { Length: > 0 } k && (k == key || (k.Length >= 15 && key.Contains(k, StringComparison.Ordinal))));
            if (repeated is not null)
            {
                return repeated;
            }

            if (Words(stripped) >= 3 || headings.Count == 0)
            {
                return stripped;
            }
        }

        // No usable <title>: the longest <h1>, which is the headline rather than a section name.
        return headings.OrderByDescending(Words).FirstOrDefault() ?? stripped;
    }

    /// <summary>
    /// Removes the site's name at either end of a title: a segment after (or before) " | ", " - ",
    /// " – ", " — ", " :: ", " » " or " · " that is one of <paramref name="siteNames"/>. Without a known
    /// site name a short last segment after " | " is taken to be one, and in a &lt;title&gt;
    /// (<paramref name="fromDocumentTitle"/>), which sites nearly always end with their name, a
    /// last segment of up to four words after any separator; then a one- or two-word section name
    /// after " | " goes too.
    /// </summary>
    public static string StripSiteName(string title, IReadOnlyCollection<string> siteNames, bool fromDocumentTitle)
    {
        var parts = SeparatorRegex().Split(title).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        var separators = SeparatorRegex().Matches(title).Select(m => m.Value.Trim()).ToList();
        if (parts.Count < 2 || separators.Count != parts.Count - 1)
        {
            return title.Trim();
        }

        var siteKeys = siteNames.Select(ArticleCleaner.ComparisonKey).Where(k => k.Length > 1).ToList();
        bool IsSite(string part)
        {
            var key = ArticleCleaner.ComparisonKey(part);
            var squashed = key.Replace(" ", string.Empty, StringComparison.Ordinal);
            return siteKeys.Any(s => key == s || key.Contains(s, StringComparison.Ordinal) || s.Contains(key, StringComparison.Ordinal) || squashed == s.Replace(" ", string.Empty, StringComparison.Ordinal))
                && Words(part) <= 6;
        }

        var shortSuffix = Words(parts[^1]) <= (fromDocumentTitle ? 4 : 3) && Words(string.Join(' ', parts[..^1])) >= 3;
        if (IsSite(parts[^1]) || (shortSuffix && (fromDocumentTitle || separators[^1] == "|")))
        {
            parts.RemoveAt(parts.Count - 1);
            separators.RemoveAt(separators.Count - 1);
        }
        else if (IsSite(parts[0]))
        {
            parts.RemoveAt(0);
            separators.RemoveAt(0);
        }

        // "Headline | World | Site": after the site name, a one- or two-word section name.
        if (parts.Count >= 2 && separators[^1] == "|" && Words(parts[^1]) <= 2)
        {
            parts.RemoveAt(parts.Count - 1);
            separators.RemoveAt(separators.Count - 1);
        }

        var result = parts[0];
        for (var i = 1; i < parts.Count; i++)
        {
            result += $" {separators[i - 1]} {parts[i]}";
        }

        return Words(result) >= 2 ? result : title.Trim();
    }

    private static string? Clean(string? title) => string.IsNullOrWhiteSpace(title) ? null : WhitespaceRegex().Replace(title, " ").Trim();

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"\s+(?:\||-|–|—|::|»|·)\s+")]
    private static partial Regex SeparatorRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
