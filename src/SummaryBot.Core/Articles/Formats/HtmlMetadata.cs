using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>Metadata a page states about itself: meta tags, the canonical link, &lt;time&gt;.</summary>
internal static partial class HtmlMetadata
{
    public static string? Meta(IDocument document, string name)
    {
        var content = document.QuerySelectorAll("meta")
            .FirstOrDefault(m => string.Equals(m.GetAttribute("property"), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.GetAttribute("name"), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.GetAttribute("itemprop"), name, StringComparison.OrdinalIgnoreCase))
            ?.GetAttribute("content");
        return string.IsNullOrWhiteSpace(content) ? null : WhitespaceRegex().Replace(content, " ").Trim();
    }

    public static string? Url(IDocument document)
    {
        var url = document.QuerySelector("link[rel~=canonical]")?.GetAttribute("href") ?? Meta(document, "og:url");
        return string.IsNullOrWhiteSpace(url) ? null : url.Trim();
    }

    public static string? Outlet(IDocument document) => Meta(document, "og:site_name") ?? Meta(document, "application-name");

    public static DateTimeOffset? Published(IDocument document) => MetadataDates.Parse(
        Meta(document, "article:published_time")
        ?? Meta(document, "og:published_time")
        ?? Meta(document, "datePublished")
        ?? Meta(document, "date")
        ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime"));

    /// <summary>Names the site goes by, for removing it from titles: its stated name and its host
    /// ("bbc.co.uk" gives "bbc.co.uk" and "bbc").</summary>
    public static List<string> SiteNames(string? outlet, string? url)
    {
        var names = new List<string>();
        if (!string.IsNullOrWhiteSpace(outlet))
        {
            names.Add(outlet);
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
            names.Add(host);
            names.Add(host.Split('.')[0]);
        }

        return names;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
