using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Delivery;

/// <summary>Telegram's HTML subset: escaping article text, and turning a message back into plain text.</summary>
public static partial class HtmlText
{
    /// <summary>Escapes text for Telegram HTML: only &amp;, &lt;, &gt; and &quot; are special.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>An http(s) URL safe to put in an href, or null.</summary>
    public static string? SafeHref(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? Escape(uri.AbsoluteUri)
            : null;

    /// <summary>Plain text of a message for the console: links as "text (url)", tags dropped, entities decoded.</summary>
    public static string ToPlainText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var withLinks = LinkPattern().Replace(html, m =>
        {
            var href = WebUtility.HtmlDecode(m.Groups["href"].Value);
            var text = m.Groups["text"].Value;
            return string.Equals(WebUtility.HtmlDecode(TagPattern().Replace(text, string.Empty)), href, StringComparison.Ordinal)
                ? text
                : $"{text} ({WebUtility.HtmlEncode(href)})";
        });
        return WebUtility.HtmlDecode(TagPattern().Replace(withLinks, string.Empty));
    }

    [GeneratedRegex("<a\\s+href=\"(?<href>[^\"]*)\"\\s*>(?<text>.*?)</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
