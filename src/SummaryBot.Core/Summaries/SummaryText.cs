using System.Text.RegularExpressions;

namespace SummaryBot.Core.Summaries;

/// <summary>Small text helpers for summaries: content words, dateline prefixes, headline length.</summary>
internal static partial class SummaryText
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "it", "its",
        "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your",
        "him", "them", "us", "me", "my", "not", "no", "so", "than", "then", "there", "here", "who", "whom", "which",
        "what", "when", "where", "why", "how", "will", "would", "can", "could", "should", "may", "might", "must",
        "said", "says", "say", "also", "just", "about", "into", "over", "after", "before", "more", "most", "some",
        "all", "any", "s", "t", "n", "ll", "re", "ve", "d", "m", "up", "out", "one", "new", "cnn",
    };

    /// <summary>Lowercased words that carry meaning (stop words and one-letter tokens left out).</summary>
    public static List<string> ContentWords(string text) =>
        WordRegex().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 1 && !StopWords.Contains(w)).ToList();

    public static int WordCount(string text) => WordRegex().Count(text);

    /// <summary>Removes an agency dateline from the start of a sentence: "WASHINGTON (CNN) --",
    /// "LONDON (Reuters) -", "(AP) —"; a summary states facts, not where the wire filed from.</summary>
    public static string StripDateline(string sentence)
    {
        var match = DatelineRegex().Match(sentence);
        return match.Success && match.Length < sentence.Length - 20 ? sentence[match.Length..] : sentence;
    }

    public static bool IsQuestion(string sentence) => sentence.TrimEnd('"', '”', '’', '\'', ')', ' ').EndsWith('?');

    /// <summary>A sentence that is only a quotation, with no speaker or context: it reads as opinion.</summary>
    public static bool IsBareQuote(string sentence)
    {
        var trimmed = sentence.Trim();
        return trimmed.Length > 0 && trimmed[0] is '"' or '“' or '`' or '\'' or '‘'
            && !SaidRegex().IsMatch(trimmed);
    }

    /// <summary>Shortens a long headline: first at a separator (" | ", " - ", ": "), then at the
    /// last word boundary that fits, with an ellipsis. Never cuts inside a word.</summary>
    public static string Headline(string title, int maxCharacters)
    {
        var headline = title.Trim();
        if (headline.Length <= maxCharacters)
        {
            return headline;
        }

        foreach (var separator in new[] { " | ", " — ", " – ", " - ", ": " })
        {
            var at = headline.IndexOf(separator, StringComparison.Ordinal);
            if (at >= 20 && at <= maxCharacters)
            {
                return headline[..at].Trim();
            }
        }

        var cut = headline.LastIndexOf(' ', maxCharacters - 1);
        var shortened = cut > maxCharacters / 2 ? headline[..cut] : headline[..(maxCharacters - 1)];
        return shortened.TrimEnd(',', ';', ':', '-', '–', '—', ' ') + "…";
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"^(?:[\p{L} .,'’/-]{0,60}?)?\(\s*(?:cnn|reuters|ap|afp|upi|ians|pti|ani|efe|dpa|ansa|xinhua|yonhap|tass|kcna|bloomberg|the\s+conversation)\s*\)\s*(?:--|—|–|-|:)?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex DatelineRegex();

    [GeneratedRegex(@"\b(?:said|says|told|according|added|stated|wrote|asked|explained)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SaidRegex();
}
