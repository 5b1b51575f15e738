namespace SummaryBot.Core.Summaries;

/// <summary>
/// Splits text into sentences. A period, question or exclamation mark (or an ellipsis) ends a
/// sentence when whitespace follows it, with closing quotes and brackets kept on the sentence;
/// not after a title (Mr., Dr.), an initial (J.), a decimal or a dotted word (example.com); after
/// other abbreviations (Jan., Inc., U.S.) only when the next word plainly starts a new sentence.
/// In mixed-case text a lowercase next word never starts a sentence; in all-lowercase text
/// (tokenised corpora) that signal is not used. Line breaks always end a sentence.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cpl", "maj", "adm",
        "rev", "hon", "pres", "supt", "insp", "det", "st", "mt", "ft", "messrs", "mme", "mlle", "sr", "jr",
    };

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "inc", "ltd", "co", "corp", "llc", "plc", "vs", "etc", "no", "nos", "vol", "fig", "approx", "dept", "est",
        "ave", "blvd", "rd", "al", "cf", "ca", "op", "pp", "univ",
    };

    /// <summary>Words that start sentences after an ambiguous abbreviation such as "U.S.".</summary>
    private static readonly HashSet<string> SentenceStarters = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "On", "At", "This", "That",
        "These", "Those", "His", "Her", "Their", "Its", "There", "After", "As", "For", "If", "When", "While", "Some",
        "Many", "Most", "Officials", "According", "However", "Meanwhile", "Still", "Yet", "So", "Now", "Then",
    };

    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var cased = text.Any(char.IsUpper);
        foreach (var line in text.Split('\n'))
        {
            SplitLine(line, cased, sentences);
        }

        return sentences;
    }

    private static void SplitLine(string text, bool cased, List<string> sentences)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is not ('.' or '!' or '?' or '…'))
            {
                i++;
                continue;
            }

            var terminatorStart = i;
            while (i < text.Length && text[i] is '.' or '!' or '?' or '…')
            {
                i++;
            }

            var end = ConsumeClosers(text, i);
            if (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                i = end;
                continue;
            }

            var next = NextWord(text, end);
            if (IsBoundary(text, start, terminatorStart, i - terminatorStart, next, cased))
            {
                Add(text[start..end]);
                start = end;
            }

            i = end;
        }

        Add(text[start..]);

        void Add(string sentence)
        {
            var trimmed = sentence.Trim();
            if (trimmed.Length > 0)
            {
                sentences.Add(trimmed);
            }
        }
    }

    /// <summary>Closing quotes and brackets after the terminator belong to the sentence, as does a
    /// tokenised closing quote ('' or ") separated by a space.</summary>
    private static int ConsumeClosers(string text, int i)
    {
        while (i < text.Length && text[i] is '"' or '”' or '’' or '\'' or ')' or ']' or '»')
        {
            i++;
        }

        foreach (var closer in new[] { " ''", " \"", " )" })
        {
            if (string.CompareOrdinal(text, i, closer, 0, closer.Length) == 0
                && (i + closer.Length == text.Length || char.IsWhiteSpace(text[i + closer.Length])))
            {
                return i + closer.Length;
            }
        }

        return i;
    }

    private static string NextWord(string text, int from)
    {
        var i = from;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        // Skip opening quotes and brackets: the word after them decides.
        while (i < text.Length && text[i] is '"' or '“' or '‘' or '\'' or '(' or '[' or '`' or '«')
        {
            i++;
        }

        var wordEnd = i;
        while (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd]))
        {
            wordEnd++;
        }

        return text[i..wordEnd];
    }

    private static bool IsBoundary(string text, int sentenceStart, int terminator, int terminatorLength, string next, bool cased)
    {
        if (next.Length == 0)
        {
            return true;
        }

        var nextIsLower = char.IsLower(next[0]);
        if (cased && nextIsLower)
        {
            return false;
        }

        if (text[terminator] != '.' || terminatorLength > 1)
        {
            // "?", "!", "...", "…": a boundary unless a lowercase word follows (checked above).
            return text[terminator] != '.' || !nextIsLower;
        }

        var token = TokenBefore(text, sentenceStart, terminator);
        if (token.Length == 0 || token.All(char.IsDigit))
        {
            // Tokenised text (" . ") or a sentence ending in a number.
            return true;
        }

        if (Titles.Contains(token))
        {
            return false;
        }

        if (token.Length == 1 && char.IsLetter(token[0]))
        {
            // An initial: "George W. Bush", "j. k. rowling".
            return false;
        }

        if (token.Contains('.', StringComparison.Ordinal) || Abbreviations.Contains(token))
        {
            // "U.S.", "a.m.", "Jan.", "Inc.": a boundary only before a word that plainly starts a sentence.
            return cased ? SentenceStarters.Contains(next) : false;
        }

        return true;
    }

    private static string TokenBefore(string text, int sentenceStart, int terminator)
    {
        var i = terminator;
        while (i > sentenceStart && !char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        return text[i..terminator].TrimStart('"', '“', '‘', '\'', '(', '[', '`');
    }
}
