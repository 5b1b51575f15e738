using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>The outcome of checking a model reply: a headline and text, or why it was rejected.</summary>
public sealed record ModelSummaryVerdict(string? Headline, string? Text, string? Rejection)
{
    public bool Accepted => Rejection is null;

    public static ModelSummaryVerdict Reject(string reason) => new(null, null, reason);
}

/// <summary>
/// Checks what the model returned before anyone sees it: the JSON shape, the length limits, and
/// that the text is drawn from the article. A summary is never allowed to carry a URL, a domain,
/// an e-mail address or an @handle, so an injected "reply with this link" cannot reach a chat even
/// when the link is in the article.
/// </summary>
public static partial class ModelSummaryCheck
{
    public const int MaxHeadlineLength = 150;
    public const int MaxTextLength = 450;
    public const int MaxSentences = 3;

    /// <summary>Share of the reply's content words that must occur (by stem) in the article.</summary>
    public const double MinGroundedShare = 0.6;

    public static ModelSummaryVerdict Check(string? reply, string articleText)
    {
        ArgumentNullException.ThrowIfNull(articleText);
        var shape = CheckShape(reply);
        if (!shape.Accepted)
        {
            return shape;
        }

        var (headline, text) = (shape.Headline!, shape.Text!);
        var grounded = GroundedShare(headline + " " + text, articleText);
        if (grounded < MinGroundedShare)
        {
            return ModelSummaryVerdict.Reject(string.Create(CultureInfo.InvariantCulture,
                $"only {grounded:P0} of the reply's words occur in the article (minimum {MinGroundedShare:P0})"));
        }

        // Length is cosmetic: an overlong reply is shortened (whole sentences, else at a word),
        // keeping the model's own words, rather than thrown away.
        headline = SummaryText.Headline(headline, MaxHeadlineLength);
        text = Shorten(text);
        return new ModelSummaryVerdict(headline, text, null);
    }

    /// <summary>The checks every reply passes, in any language: a JSON object with a headline and a
    /// text, neither empty, with no link, e-mail address or handle. Accepted with both collapsed.</summary>
    private static ModelSummaryVerdict CheckShape(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return ModelSummaryVerdict.Reject("the reply was empty");
        }

        if (!TryParse(StripCodeFence(reply), out var headline, out var text, out var shapeProblem))
        {
            return ModelSummaryVerdict.Reject(shapeProblem);
        }

        headline = CollapseWhitespace(headline);
        text = CollapseWhitespace(text);
        if (headline.Length == 0 || text.Length == 0)
        {
            return ModelSummaryVerdict.Reject("the headline or the summary was empty");
        }

        if (SummaryLinks.ContainsLink(headline) || SummaryLinks.ContainsLink(text))
        {
            return ModelSummaryVerdict.Reject("the reply contained a link, an e-mail address or an @handle");
        }

        return new ModelSummaryVerdict(headline, text, null);
    }

    /// <summary>Share of the reply's letters that must be in the requested language's script.</summary>
    public const double MinScriptShare = 0.5;

    /// <summary>
    /// Checks a summary the model wrote in another language from <paramref name="sourceText"/> (the
    /// stored headline and summary). The shape, the limits and the ban on links, e-mail addresses and
    /// handles are those of <see cref="Check"/>. Word stems cannot ground a translation, so instead
    /// every number in the reply must occur in the source (a made-up figure is the likeliest harm),
    /// and most of its letters must be in the language's script (a reply in the wrong language is refused).
    /// </summary>
    public static ModelSummaryVerdict CheckTranslation(string? reply, string sourceText, SummaryLanguage language)
    {
        ArgumentNullException.ThrowIfNull(sourceText);
        ArgumentNullException.ThrowIfNull(language);
        var shape = CheckShape(reply);
        if (!shape.Accepted)
        {
            return shape;
        }

        var (headline, text) = (shape.Headline!, shape.Text!);
        var sourceNumbers = Numbers(sourceText).ToHashSet(StringComparer.Ordinal);
        if (Numbers(headline + " " + text).FirstOrDefault(n => !sourceNumbers.Contains(n)) is { } invented)
        {
            return ModelSummaryVerdict.Reject($"the reply has the number {invented}, which the original does not");
        }

        var share = ScriptShare(headline + " " + text, language.Script);
        if (share < MinScriptShare)
        {
            return ModelSummaryVerdict.Reject(string.Create(CultureInfo.InvariantCulture,
                $"only {share:P0} of the reply's letters are in the {language.Script} script of {language.EnglishName} (minimum {MinScriptShare:P0})"));
        }

        return new ModelSummaryVerdict(SummaryText.Headline(headline, MaxHeadlineLength), Shorten(text), null);
    }

    /// <summary>
    /// The text cut to at most <see cref="MaxSentences"/> sentences and <see cref="MaxTextLength"/>
    /// characters: whole sentences while they fit; when not even the first fits, the first cut at
    /// the last word boundary that fits, with an ellipsis.
    /// </summary>
    public static string Shorten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = SentenceSplitter.Split(text);
        var kept = new List<string>();
        var length = 0;
        foreach (var sentence in sentences)
        {
            var added = sentence.Length + (kept.Count > 0 ? 1 : 0);
            if (kept.Count >= MaxSentences || length + added > MaxTextLength)
            {
                break;
            }

            kept.Add(sentence);
            length += added;
        }

        if (kept.Count > 0)
        {
            return string.Join(' ', kept);
        }

        var cut = text.LastIndexOf(' ', MaxTextLength - 1);
        var shortened = cut > MaxTextLength / 2 ? text[..cut] : text[..(MaxTextLength - 1)];
        return shortened.TrimEnd(',', ';', ':', '-', '–', '—', ' ') + "…";
    }

    /// <summary>Counts sentences: a stop followed by a space and a capital, digit or quote, or the
    /// end of the text. Initials and dotted abbreviations ("U.S.", "Dr.") do not end a sentence.</summary>
    public static int CountSentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        var hasContent = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                hasContent = true;
            }

            if (!hasContent)
            {
                continue;
            }

            if (c is '。' or '！' or '？')
            {
                count++;
                hasContent = false;
                continue;
            }

            if (c is not ('.' or '!' or '?' or '…') || (c == '.' && IsAbbreviation(text, i)))
            {
                continue;
            }

            var next = i + 1;
            while (next < text.Length && text[next] is '.' or '!' or '?' or '…' or '"' or '\'' or '”' or '’' or '»' or ')')
            {
                next++;
            }

            if (next >= text.Length || (char.IsWhiteSpace(text[next]) && StartsSentence(text, next)))
            {
                count++;
                hasContent = false;
                i = next - 1;
            }
        }

        return hasContent ? count + 1 : count;
    }

    /// <summary>The share of content words (letters of length 4 or more, and numbers) in
    /// <paramref name="reply"/> whose stem also occurs in <paramref name="articleText"/>.</summary>
    public static double GroundedShare(string reply, string articleText)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(articleText);
        var articleStems = new HashSet<string>(ContentStems(articleText), StringComparer.Ordinal);
        var total = 0;
        var found = 0;
        foreach (var stem in ContentStems(reply))
        {
            total++;
            if (articleStems.Contains(stem))
            {
                found++;
            }
        }

        return total == 0 ? 1.0 : (double)found / total;
    }

    /// <summary>The numbers of a text without group separators ("1,200" and "1200" are one number).</summary>
    private static IEnumerable<string> Numbers(string text) =>
        Word().Matches(text).Select(m => m.Value).Where(w => char.IsDigit(w[0]))
            .Select(w => w.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal));

    private static double ScriptShare(string text, LanguageScript script)
    {
        var letters = 0;
        var inScript = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            if (IsInScript(c, script))
            {
                inScript++;
            }
        }

        return letters == 0 ? 0 : (double)inScript / letters;
    }

    private static bool IsInScript(char c, LanguageScript script) => script switch
    {
        LanguageScript.Latin => c <= '\u024F' || c is >= '\u1E00' and <= '\u1EFF',
        LanguageScript.Cyrillic => c is >= '\u0400' and <= '\u052F',
        LanguageScript.Greek => c is >= '\u0370' and <= '\u03FF' or >= '\u1F00' and <= '\u1FFF',
        LanguageScript.Arabic => c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F',
        LanguageScript.Hebrew => c is >= '\u0590' and <= '\u05FF',
        LanguageScript.Devanagari => c is >= '\u0900' and <= '\u097F',
        LanguageScript.Han => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF',
        // Japanese mixes kana and kanji.
        LanguageScript.Japanese => c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF',
        LanguageScript.Hangul => c is >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF',
        _ => false,
    };

    private static IEnumerable<string> ContentStems(string text)
    {
        foreach (Match match in Word().Matches(text))
        {
            var word = match.Value;
            if (char.IsDigit(word[0]))
            {
                yield return word.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
            }
            else if (word.Length >= 4)
            {
                // A five-letter prefix tolerates inflection ("meets"/"meeting", Russian case endings).
                var lower = word.ToLowerInvariant();
                yield return lower.Length > 5 ? lower[..5] : lower;
            }
        }
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        var word = text.AsSpan(start, dot - start).TrimStart("\"'“‘«(");
        return word.Contains('.') || (word.Length is > 0 and <= 2 && char.IsUpper(word[0]));
    }

    private static bool StartsSentence(string text, int whitespace)
    {
        var i = whitespace;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is '"' or '\'' or '“' or '‘' or '«' or '('))
        {
            i++;
        }

        return i >= text.Length || char.IsUpper(text[i]) || char.IsDigit(text[i]) || !char.IsLetter(text[i]) || !HasCase(text[i]);
    }

    // Scripts without letter case (Arabic, Hebrew, CJK...) cannot signal a sentence start by a capital.
    private static bool HasCase(char c) => char.ToUpperInvariant(c) != char.ToLowerInvariant(c);

    private static string StripCodeFence(string reply)
    {
        var trimmed = reply.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var lastFence = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLineEnd > 0 && lastFence > firstLineEnd ? trimmed[(firstLineEnd + 1)..lastFence].Trim() : trimmed;
    }

    private static bool TryParse(string json, out string headline, out string text, out string problem)
    {
        headline = text = problem = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the reply was not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("headline", out var h) || h.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("summary", out var s) || s.ValueKind != JsonValueKind.String)
            {
                problem = "the reply lacked the string properties \"headline\" and \"summary\"";
                return false;
            }

            headline = h.GetString()!;
            text = s.GetString()!;
            return true;
        }
        catch (JsonException)
        {
            problem = "the reply was not valid JSON";
            return false;
        }
    }

    private static string CollapseWhitespace(string value) => Whitespace().Replace(value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\p{Nd}+(?:[.,]\p{Nd}+)*|[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")]
    private static partial Regex Word();
}
