using System.Globalization;
using System.Text;
using SummaryBot.Core.Text;

namespace SummaryBot.Core.Stories;

/// <summary>
/// Turns an article's text into weighted terms: content words, runs of capitalized words (names),
/// numbers, dates ("February 18") and word pairs inside quotes. Light normalization only:
/// lowercase, no diacritics, no apostrophes or possessive "s", plural "s" removed, hyphens split.
/// </summary>
internal static class StoryText
{
    private const float ProperNounBoost = 1.5f;
    private const float NameRunWeight = 3.0f;
    private const float NumberWeight = 2.5f;
    private const float DateWeight = 4.0f;
    private const float QuotePairWeight = 2.0f;
    private const float TitleCount = 2f;
    private const int MaxNameRun = 5;

    /// <summary>Raw term weights: term text (with a kind prefix) to weight before normalization.</summary>
    public static Dictionary<string, float> Terms(string title, IEnumerable<string> paragraphs) =>
        Terms(title, paragraphs, out _);

    /// <param name="counts">How often each term occurs (the title counted twice), for the full-text vector.</param>
    public static Dictionary<string, float> Terms(string title, IEnumerable<string> paragraphs, out Dictionary<string, float> counts)
    {
        var terms = new Dictionary<string, TermStats>(StringComparer.Ordinal);
        Add(terms, title, TitleCount);
        foreach (var paragraph in paragraphs)
        {
            Add(terms, paragraph, 1f);
        }

        var weights = new Dictionary<string, float>(terms.Count, StringComparer.Ordinal);
        counts = new Dictionary<string, float>(terms.Count, StringComparer.Ordinal);
        foreach (var (term, stats) in terms)
        {
            // Sublinear term frequency: the tenth mention adds far less than the second.
            weights[term] = (1f + MathF.Log(stats.Count)) * stats.Weight;
            counts[term] = stats.Count;
        }

        return weights;
    }

    /// <summary>Light plural stemming, shared by the lexicon so that both sides agree.</summary>
    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        }

        if (word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i') && !char.IsDigit(word[^2]))
        {
            return word[..^1];
        }

        return word;
    }

    private static void Add(Dictionary<string, TermStats> counts, string text, float count)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var tokens = Tokenize(text);
        if (IsMostlyCapitalized(tokens))
        {
            // Headline Case Or SHOUTING carries no information about which words are names.
            for (var t = 0; t < tokens.Count; t++)
            {
                tokens[t] = tokens[t] with { IsCapitalized = false };
            }
        }

        var nameRun = new List<string>();
        string? previousContent = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsSentence || token.BreaksBefore)
            {
                previousContent = null;
            }

            // Runs of capitalized words are names ("Kim Jong Un", "Security Council").
            if (token.IsCapitalized && !(token.IsStopword && nameRun.Count == 0))
            {
                if (!token.BreaksBefore || nameRun.Count == 0)
                {
                    nameRun.Add(token.Normalized);
                }
                else
                {
                    FlushNameRun(counts, nameRun, count);
                    nameRun.Add(token.Normalized);
                }
            }
            else
            {
                FlushNameRun(counts, nameRun, count);
            }

            if (token.IsNumber)
            {
                // A year is in every story of that year; a count, a sum or a code is specific.
                var isYear = token.Normalized.Length == 4 && token.Normalized[0] is '1' or '2';
                Bump(counts, "n:" + token.Normalized, count, isYear ? StoryLexicon.CommonWeight : NumberWeight);
                if (i > 0 && Month(tokens[i - 1]) is { } before && DayOfMonth(token.Normalized) is { } day1 && !token.BreaksBefore)
                {
                    Bump(counts, $"d:{before}-{day1}", count, DateWeight);
                }
                else if (i + 1 < tokens.Count && Month(tokens[i + 1]) is { } after && DayOfMonth(token.Normalized) is { } day2 && !tokens[i + 1].BreaksBefore)
                {
                    Bump(counts, $"d:{after}-{day2}", count, DateWeight);
                }

                previousContent = null;
                continue;
            }

            if (token.IsStopword || token.Normalized.Length < 2)
            {
                continue;
            }

            var weight = StoryLexicon.PriorWeight(token.Normalized);
            if (token.IsCapitalized && !token.StartsSentence && weight > StoryLexicon.CommonWeight)
            {
                weight *= ProperNounBoost;
            }

            Bump(counts, token.Normalized, count, weight);
            if (token.InQuote && previousContent is not null)
            {
                Bump(counts, $"q:{previousContent} {token.Normalized}", count, QuotePairWeight);
            }

            previousContent = token.InQuote ? token.Normalized : null;
        }

        FlushNameRun(counts, nameRun, count);
    }

    private static void FlushNameRun(Dictionary<string, TermStats> counts, List<string> run, float count)
    {
        while (run.Count > 0 && Stopwords.Contains(run[^1]))
        {
            run.RemoveAt(run.Count - 1);
        }

        if (run.Count is >= 2 and <= MaxNameRun)
        {
            // "North Korea" or "Kim Jong Un" alone says little; "Aurus Senat" says a lot.
            var weight = run.Exists(w => StoryLexicon.PriorWeight(w) > StoryLexicon.CommonWeight) ? NameRunWeight : StoryLexicon.CommonWeight;
            Bump(counts, "e:" + string.Join(' ', run), count, weight);
        }

        run.Clear();
    }

    private static void Bump(Dictionary<string, TermStats> counts, string term, float count, float weight)
    {
        counts[term] = counts.TryGetValue(term, out var stats)
            ? new TermStats(stats.Count + count, MathF.Max(stats.Weight, weight))
            : new TermStats(count, weight);
    }

    private static bool IsMostlyCapitalized(List<Token> tokens)
    {
        var words = 0;
        var capitalized = 0;
        foreach (var token in tokens)
        {
            if (!token.IsNumber && !token.IsStopword)
            {
                words++;
                capitalized += token.IsCapitalized ? 1 : 0;
            }
        }

        return words >= 4 && capitalized >= words * 0.7;
    }

    private static int? Month(Token token) =>
        !token.IsNumber && StoryLexicon.Months.TryGetValue(token.Lower, out var month) ? month : null;

    private static int? DayOfMonth(string number) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31 ? day : null;

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var folded = FoldDiacritics(text);
        var sentenceStart = true;
        var breakBefore = true;
        var inQuote = false;
        var position = 0;
        var gap = 0;
        while (WordScanner.Next(folded, ref position, WordJoins.Apostrophes | WordJoins.NumberSeparators, out var start, out var end))
        {
            // The punctuation since the previous word says where sentences, clauses and quotes are.
            foreach (var c in folded.AsSpan(gap, start - gap))
            {
                switch (c)
                {
                    case '.' or '!' or '?' or ';' or ':':
                        sentenceStart = c is not (';' or ':') || sentenceStart;
                        breakBefore = true;
                        break;
                    case '"':
                        inQuote = !inQuote;
                        breakBefore = true;
                        break;
                    case '\u201C':
                        inQuote = true;
                        breakBefore = true;
                        break;
                    case '\u201D':
                        inQuote = false;
                        breakBefore = true;
                        break;
                    case '\n':
                        sentenceStart = true;
                        breakBefore = true;
                        inQuote = false;
                        break;
                    case ',' or '(' or ')' or '[' or ']' or '\u2014' or '\u2013' or '/':
                        breakBefore = true;
                        break;
                    default:
                        break;
                }
            }

            tokens.Add(MakeToken(folded[start..end], sentenceStart, breakBefore, inQuote));
            sentenceStart = false;
            breakBefore = false;
            gap = end;
        }

        return tokens;
    }

    private static Token MakeToken(string raw, bool sentenceStart, bool breakBefore, bool inQuote)
    {
        var lower = raw.ToLowerInvariant().Replace(",", string.Empty, StringComparison.Ordinal);
        var isNumber = char.IsDigit(lower[0]);
        var word = lower;
        if (!isNumber)
        {
            var apostrophe = word.IndexOfAny(['\'', '\u2019']);
            if (apostrophe > 0 && word.Length - apostrophe <= 2 && word[^1] == 's')
            {
                word = word[..apostrophe];
            }

            word = word.Replace("'", string.Empty, StringComparison.Ordinal).Replace("\u2019", string.Empty, StringComparison.Ordinal);
        }

        var isStopword = !isNumber && Stopwords.Contains(word);
        var normalized = isNumber || isStopword ? word : Stem(word);
        var isCapitalized = char.IsUpper(raw[0]);
        return new Token(lower, normalized, isNumber, isStopword, isCapitalized, sentenceStart, breakBefore, inQuote);
    }

    private static string FoldDiacritics(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private readonly record struct Token(
        string Lower, string Normalized, bool IsNumber, bool IsStopword, bool IsCapitalized, bool StartsSentence, bool BreaksBefore, bool InQuote);

    private readonly record struct TermStats(float Count, float Weight);
}
