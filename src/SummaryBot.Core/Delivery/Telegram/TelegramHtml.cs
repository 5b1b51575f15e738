using System.Text;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>Keeps a message in Telegram's HTML subset within the 4096-character limit without
/// breaking a tag or an entity: a cut message ends with "…" and closes the tags left open.</summary>
public static partial class TelegramHtml
{
    public const int MaxLength = AlertFormatter.MaxMessageLength;

    public static string Fit(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length <= MaxLength)
        {
            return html;
        }

        var budget = MaxLength - 1;
        while (true)
        {
            var cut = SafeCut(html, budget);
            var closers = Closers(cut);
            var result = cut + "…" + closers;
            if (result.Length <= MaxLength)
            {
                return result;
            }

            budget -= result.Length - MaxLength;
        }
    }

    /// <summary>The longest prefix of at most <paramref name="length"/> characters that does not end inside a tag or an entity.</summary>
    private static string SafeCut(string html, int length)
    {
        var cut = html[..length];
        var lt = cut.LastIndexOf('<');
        if (lt > cut.LastIndexOf('>'))
        {
            cut = cut[..lt];
        }

        var amp = cut.LastIndexOf('&');
        if (amp >= 0 && amp > cut.LastIndexOf(';'))
        {
            cut = cut[..amp];
        }

        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1];
        }

        return cut;
    }

    private static string Closers(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in TagPattern().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (tag.Groups["close"].Success)
            {
                if (open.Count > 0 && open.Peek() == name)
                {
                    open.Pop();
                }
            }
            else
            {
                open.Push(name);
            }
        }

        var closers = new StringBuilder();
        foreach (var name in open)
        {
            closers.Append("</").Append(name).Append('>');
        }

        return closers.ToString();
    }

    [GeneratedRegex("<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)[^>]*>")]
    private static partial Regex TagPattern();
}
