using System.Text.RegularExpressions;

namespace SummaryBot.Core.Summaries;

/// <summary>Links in summary text. Nothing posted to a chat carries one, whoever wrote the text
/// (the article, the extractive summarizer or a model), so a summary cannot point readers elsewhere.</summary>
public static partial class SummaryLinks
{
    /// <summary>
    /// The text with every link, domain, e-mail address and @handle removed: the last check on
    /// whatever is posted, whoever wrote it.
    /// </summary>
    public static string WithoutLinks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ContainsLink(text) ? Whitespace().Replace(LinkLike().Replace(text, " "), " ").Trim() : text;
    }

    /// <summary>True when the text holds a URL, a domain name, an e-mail address or an @handle.</summary>
    public static bool ContainsLink(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LinkLike().IsMatch(text);
    }

    // Schemes, www., e-mail addresses, @handles, and anything shaped like a domain name
    // ("evil.example", "t.me/x"): letters or digits, a dot, then two or more letters, with no space.
    // Initials and abbreviations ("U.S.", "a.m.") have single letters between dots and do not match.
    [GeneratedRegex(@"(?:[a-z][a-z0-9+.\-]*://|\bwww\.|[\w.+\-]+@[\w\-]+\.[\w.\-]+|(?<![\w@])@\w{2,}|\b[\p{L}\p{Nd}\-]+(?:\.[\p{L}\p{Nd}\-]+)*\.\p{L}{2,}\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkLike();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
