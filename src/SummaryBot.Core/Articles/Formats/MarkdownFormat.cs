using System.Text;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// Markdown reduced to plain paragraphs: front matter gives title, url, source and published; the
/// first heading is the title when the front matter has none; other headings, code fences, images,
/// tables' rules, horizontal rules and link definitions are dropped; links keep their text;
/// emphasis, inline code and block-quote markers are removed; each list item is a paragraph.
/// </summary>
internal static partial class MarkdownFormat
{
    public static ArticleDraft Parse(string text)
    {
        var (fields, body) = FrontMatter.Split(text);
        string? title = Field(fields, "title", "headline");
        var paragraphs = new List<string>();
        var block = new StringBuilder();
        var inFence = false;

        foreach (var rawLine in body.Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (FenceRegex().IsMatch(line))
            {
                inFence = !inFence;
                Flush();
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var trimmed = line.Trim();
            var heading = HeadingRegex().Match(trimmed);
            if (heading.Success)
            {
                Flush();
                if (title is null)
                {
                    title = Inline(heading.Groups["text"].Value);
                }

                continue;
            }

            if (trimmed.Length == 0 || RuleRegex().IsMatch(trimmed) || LinkDefinitionRegex().IsMatch(trimmed)
                || TableRuleRegex().IsMatch(trimmed))
            {
                Flush();
                continue;
            }

            // Setext headings ("Title" underlined with === or ---) are caught by the rule check
            // above for the underline; the text line itself stays a paragraph, which the cleaner
            // takes as the title when nothing better exists.
            trimmed = QuoteMarkerRegex().Replace(trimmed, string.Empty);
            if (ListMarkerRegex().IsMatch(trimmed))
            {
                Flush();
                trimmed = ListMarkerRegex().Replace(trimmed, string.Empty);
            }

            if (block.Length > 0)
            {
                block.Append(' ');
            }

            block.Append(trimmed);
        }

        Flush();
        return new ArticleDraft(
            title,
            paragraphs,
            Field(fields, "source", "outlet", "publisher", "site"),
            Field(fields, "url", "canonical", "canonical_url", "link"),
            MetadataDates.Parse(Field(fields, "published", "date", "published_at", "publishedAt")));

        void Flush()
        {
            if (block.Length > 0)
            {
                var paragraph = Inline(block.ToString());
                if (paragraph.Length > 0)
                {
                    paragraphs.Add(paragraph);
                }

                block.Clear();
            }
        }
    }

    /// <summary>Removes inline markdown from one paragraph.</summary>
    public static string Inline(string text)
    {
        text = ImageRegex().Replace(text, string.Empty);
        text = LinkRegex().Replace(text, "${text}");
        text = ReferenceLinkRegex().Replace(text, "${text}");
        text = AutoLinkRegex().Replace(text, string.Empty);
        text = InlineCodeRegex().Replace(text, "${code}");
        text = StrongRegex().Replace(text, "${inner}");
        text = EmphasisRegex().Replace(text, "${inner}");
        text = StrikeRegex().Replace(text, "${inner}");
        text = HtmlTagRegex().Replace(text, string.Empty);
        text = text.Replace("\\", string.Empty, StringComparison.Ordinal).Trim().TrimEnd('#').Trim();
        return text.Trim('|').Trim();
    }

    private static string? Field(Dictionary<string, string> fields, params string[] keys) =>
        keys.Select(k => fields.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    [GeneratedRegex(@"^\s*(```|~~~)")]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*$")]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"^([-*_=]\s*){3,}$")]
    private static partial Regex RuleRegex();

    [GeneratedRegex(@"^\|?\s*:?-{3,}")]
    private static partial Regex TableRuleRegex();

    [GeneratedRegex(@"^\[[^\]]+\]:\s*\S+")]
    private static partial Regex LinkDefinitionRegex();

    [GeneratedRegex(@"^(>\s?)+")]
    private static partial Regex QuoteMarkerRegex();

    [GeneratedRegex(@"^([-*+]|\d{1,3}[.)])\s+")]
    private static partial Regex ListMarkerRegex();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")]
    private static partial Regex ImageRegex();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkRegex();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\[[^\]]*\]")]
    private static partial Regex ReferenceLinkRegex();

    [GeneratedRegex(@"<(https?://|mailto:)[^>]+>")]
    private static partial Regex AutoLinkRegex();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex InlineCodeRegex();

    [GeneratedRegex(@"(\*\*|__)(?=\S)(?<inner>.+?)(?<=\S)\1")]
    private static partial Regex StrongRegex();

    [GeneratedRegex(@"(?<![\w*])([*_])(?=\S)(?<inner>.+?)(?<=\S)\1(?![\w*])")]
    private static partial Regex EmphasisRegex();

    [GeneratedRegex(@"~~(?<inner>.+?)~~")]
    private static partial Regex StrikeRegex();

    [GeneratedRegex(@"</?[A-Za-z][^>]*>")]
    private static partial Regex HtmlTagRegex();
}
