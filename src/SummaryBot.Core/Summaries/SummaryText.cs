using System.Text.RegularExpressions;
using SummaryBot.Core.Text;

namespace SummaryBot.Core.Summaries;

/// <summary>Small text helpers for summaries: content words, dateline prefixes, headline length.</summary>
internal static partial class SummaryText
{
    /// <summary>Lowercased words that carry meaning (stop words and one-letter tokens left out).</summary>
    public static List<string> ContentWords(string text) =>
        WordScanner.LowerWords(text).Where(w => w.Length > 1 && !Stopwords.Contains(w)).ToList();

    public static int WordCount(string text) => WordScanner.Count(text);

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

    [GeneratedRegex(@"^(?:[\p{L} .,'’/-]{0,60}?)?\(\s*(?:cnn|reuters|ap|afp|upi|ians|pti|ani|efe|dpa|ansa|xinhua|yonhap|tass|kcna|bloomberg|the\s+conversation)\s*\)\s*(?:--|—|–|-|:)?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex DatelineRegex();

    [GeneratedRegex(@"\b(?:said|says|told|according|added|stated|wrote|asked|explained)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SaidRegex();
}
