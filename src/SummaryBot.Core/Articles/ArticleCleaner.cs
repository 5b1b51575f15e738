using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Articles;

/// <summary>
/// Rule-based cleaning shared by every format: decodes entities, normalises whitespace (curly
/// quotes are kept), removes page furniture (see <see cref="BoilerplateRules"/>), breadcrumbs,
/// datelines (kept as the published date when metadata has none), donation appeals and copies of
/// the title, and picks the title of a plain-text file (its first real line).
/// </summary>
public static partial class ArticleCleaner
{
    public const string NoTextReason = "No article text was found after removing page boilerplate.";

    /// <summary>The most text of a draft that is cleaned: 200,000 characters, ten times a long
    /// feature. What lies beyond is not an article's body (a 2 MB page of 12,000 paragraphs took
    /// 0.5 s to clean whole), and the later stages use far less.</summary>
    internal const int MaxBodyCharacters = 200_000;

    /// <summary>Cleans a draft into an article, or returns the reason there is nothing left.</summary>
    internal static ArticleReadResult Clean(string name, ArticleDraft draft)
    {
        var published = draft.Published;
        var paragraphs = WithinBodyLimit(draft.Paragraphs).Select(NormalizeText).Where(p => p.Length > 0).ToList();
        var title = draft.Title is null ? null : CleanTitle(draft.Title);

        if (string.IsNullOrEmpty(title))
        {
            title = TakeTitle(paragraphs, ref published);

            // A news brief with no title line: its first "line" is a paragraph, which stays the
            // body, and the headline is its first sentence.
            if (title is not null && IsParagraph(title))
            {
                paragraphs.Insert(0, title);
                title = HeadlineOf(title);
            }
        }

        if (string.IsNullOrEmpty(title))
        {
            return ArticleReadResult.Rejected("No title was found (no heading, title field or first line of text).");
        }

        var body = CleanBody(paragraphs, title, ref published);
        if (body.Count == 0)
        {
            return ArticleReadResult.Rejected(NoTextReasonFor(draft.Found, paragraphs));
        }

        var url = CanonicalUrl(draft.Url);
        var outlet = string.IsNullOrWhiteSpace(draft.Outlet) ? OutletFromUrl(url) : NormalizeText(draft.Outlet);
        return ArticleReadResult.Accepted(new Article(name, title, body, outlet, url, published));
    }

    private static IEnumerable<string> WithinBodyLimit(IEnumerable<string> paragraphs)
    {
        var total = 0;
        foreach (var paragraph in paragraphs)
        {
            if (total > MaxBodyCharacters)
            {
                yield break;
            }

            total += paragraph.Length;
            yield return paragraph;
        }
    }

    /// <summary>Says what was found: the source's text (for a page) and the paragraphs that were
    /// all removed as furniture, with one of them as an example.</summary>
    private static string NoTextReasonFor(string? found, List<string> paragraphs)
    {
        var reason = new StringBuilder(NoTextReason.TrimEnd('.'));
        reason.Append(found is null ? "." : $": {found}.");
        if (paragraphs.Count > 0)
        {
            var example = paragraphs[0].Length > 60 ? paragraphs[0][..57] + "..." : paragraphs[0];
            reason.Append(CultureInfo.InvariantCulture, $" The {paragraphs.Count} {(paragraphs.Count == 1 ? "line" : "lines")} of text found {(paragraphs.Count == 1 ? "was" : "were all")} page furniture, such as “{example}”.");
        }

        return reason.ToString();
    }

    /// <summary>Text that is a paragraph, not a title line: 20 words or more, ending like a sentence.</summary>
    private static bool IsParagraph(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 20 && ".!?\"”’".Contains(text[^1], StringComparison.Ordinal);

    /// <summary>The first sentence, cut after 14 words when longer.</summary>
    private static string HeadlineOf(string paragraph)
    {
        var end = FirstSentenceEndRegex().Match(paragraph);
        var sentence = end.Success ? paragraph[..(end.Index + 1)] : paragraph;
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 14 ? sentence.TrimEnd('.') : string.Join(' ', words[..14]) + "…";
    }

    /// <summary>Decodes HTML entities, drops invisible characters, folds every kind of space into
    /// one and trims. Curly quotes and dashes are kept as written.</summary>
    public static string NormalizeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' || (char.IsControl(c) && !char.IsWhiteSpace(c)))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The key two texts are compared by: lowercase letters and digits, quotes and
    /// punctuation ignored.</summary>
    internal static string ComparisonKey(string text) => NonAlphanumericRegex().Replace(text.ToLowerInvariant(), " ").Trim();

    private static string CleanTitle(string title)
    {
        var cleaned = NormalizeText(title).Trim('#', ' ', '*', '_');
        if (BreadcrumbPrefixRegex().Match(cleaned) is { Success: true } crumb)
        {
            return crumb.Groups["title"].Value.Trim();
        }

        // "HomeLatest NewsWorldSome Headline": navigation words glued to the headline; the
        // headline starts after the last lower-to-upper case join.
        if (GluedHomeRegex().IsMatch(cleaned))
        {
            var joins = GlueRegex().Matches(cleaned);
            var start = joins[^1].Index + 1;
            return cleaned.Length - start >= 10 ? cleaned[start..] : cleaned;
        }

        return cleaned;
    }

    /// <summary>Plain text: the first paragraph that is not a dateline, furniture or breadcrumb.</summary>
    private static string? TakeTitle(List<string> paragraphs, ref DateTimeOffset? published)
    {
        while (paragraphs.Count > 0)
        {
            var first = paragraphs[0];
            paragraphs.RemoveAt(0);
            if (MetadataDates.ParseDateline(first) is { } date)
            {
                published ??= date;
                continue;
            }

            if (BoilerplateRules.IsFurniture(first))
            {
                continue;
            }

            // "HomeLatest NewsWorld<title>" followed by "<title>": the next line is the title.
            if (paragraphs.Count > 0 && IsBreadcrumbOf(first, paragraphs[0]))
            {
                continue;
            }

            return CleanTitle(first);
        }

        return null;
    }

    private static List<string> CleanBody(List<string> paragraphs, string title, ref DateTimeOffset? published)
    {
        var titleKey = ComparisonKey(title);
        var body = new List<string>();
        var afterSalutation = false;
        foreach (var raw in paragraphs)
        {
            var paragraph = BoilerplateRules.RemoveTrailingFragment(BoilerplateRules.RemoveInlineCredits(raw)).Trim();
            if (paragraph.Length == 0)
            {
                continue;
            }

            if (BoilerplateRules.IsAppealSalutation(paragraph))
            {
                afterSalutation = true;
                continue;
            }

            var appeal = BoilerplateRules.IsAppeal(paragraph, afterSalutation ? 1 : 2);
            afterSalutation = false;
            if (appeal || BoilerplateRules.IsFurniture(paragraph))
            {
                continue;
            }

            if (MetadataDates.ParseDateline(paragraph) is { } date)
            {
                published ??= date;
                continue;
            }

            var key = ComparisonKey(paragraph);
            if (key == titleKey || (key.EndsWith(titleKey, StringComparison.Ordinal) && key.Length - titleKey.Length <= 60 && IsNavigationPrefix(paragraph, title)))
            {
                continue;
            }

            body.Add(paragraph);
        }

        return body;
    }

    /// <summary>A line that is the next line with navigation words glued in front of it.</summary>
    private static bool IsBreadcrumbOf(string line, string next)
    {
        var key = ComparisonKey(line);
        var nextKey = ComparisonKey(next);
        return nextKey.Length > 0 && key.Length > nextKey.Length && key.EndsWith(nextKey, StringComparison.Ordinal)
            && key.Length - nextKey.Length <= 60 && IsNavigationPrefix(line, next);
    }

    /// <summary>The part of <paramref name="line"/> before the title has no sentence in it: a few
    /// capitalised words, possibly glued together ("HomeLatest NewsWorld") or split by separators.</summary>
    private static bool IsNavigationPrefix(string line, string title)
    {
        var titleKey = ComparisonKey(title);
        var lineKey = ComparisonKey(line);
        var prefixKey = lineKey[..(lineKey.Length - titleKey.Length)].Trim();
        var prefixWords = prefixKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return prefixWords.Length <= 8 && !line.Contains(". ", StringComparison.Ordinal);
    }

    private static string? CanonicalUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.ToString()
            : null;

    private static string? OutletFromUrl(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var host = new Uri(url).Host;
        return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
    }

    [GeneratedRegex(@"[.!?](?=\s+[\p{Lu}\p{N}“""])")]
    private static partial Regex FirstSentenceEndRegex();

    [GeneratedRegex(@"^Home\p{Lu}")]
    private static partial Regex GluedHomeRegex();

    [GeneratedRegex(@"\p{Ll}\p{Lu}")]
    private static partial Regex GlueRegex();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonAlphanumericRegex();

    /// <summary>"Home &gt; World &gt; Title", "Home / News / Title", "Home » Title".</summary>
    [GeneratedRegex(@"^Home\s*(?:[>»/|›]\s*[^>»/|›]{1,30}\s*)*[>»/|›]\s*(?<title>[^>»/|›]{10,})$")]
    private static partial Regex BreadcrumbPrefixRegex();
}
