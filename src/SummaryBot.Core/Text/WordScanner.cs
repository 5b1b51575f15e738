namespace SummaryBot.Core.Text;

/// <summary>What may join two runs of word characters into one word.</summary>
[Flags]
internal enum WordJoins
{
    /// <summary>Only letters and digits: <c>don't</c> is <c>don</c>, <c>t</c>; <c>1,000</c> is <c>1</c>, <c>000</c>.</summary>
    None = 0,

    /// <summary>An apostrophe between two letters: <c>don't</c>, <c>Kim's</c>.</summary>
    Apostrophes = 1,

    /// <summary>A comma or a dot between two digits: <c>1,000</c>, <c>3.5</c>.</summary>
    NumberSeparators = 2,
}

/// <summary>
/// The one definition of a word in SummaryBot: a run of letters and digits
/// (<see cref="TextFolding.IsWordChar"/>), optionally joined across an apostrophe or a number
/// separator. Topic matching, story terms, summary scoring and the ROUGE evaluation all cut text
/// with it; each keeps its own view of the gaps between words (sentence breaks, quotes).
/// </summary>
internal static class WordScanner
{
    /// <summary>Finds the next word at or after <paramref name="position"/> and moves past it.</summary>
    /// <returns>False when no word is left.</returns>
    public static bool Next(ReadOnlySpan<char> text, ref int position, WordJoins joins, out int start, out int end)
    {
        var i = position;
        while (i < text.Length && !TextFolding.IsWordChar(text[i]))
        {
            i++;
        }

        start = i;
        while (i < text.Length && (TextFolding.IsWordChar(text[i]) || Joins(text, i, joins)))
        {
            i++;
        }

        end = i;
        position = i;
        return end > start;
    }

    /// <summary>The lowercased words of a text, joined by nothing (the ROUGE definition of a token).</summary>
    public static List<string> LowerWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var position = 0;
        while (Next(text, ref position, WordJoins.None, out var start, out var end))
        {
            words.Add(text[start..end].ToLowerInvariant());
        }

        return words;
    }

    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        var position = 0;
        while (Next(text, ref position, WordJoins.None, out _, out _))
        {
            count++;
        }

        return count;
    }

    private static bool Joins(ReadOnlySpan<char> text, int i, WordJoins joins)
    {
        if (joins == WordJoins.None || i == 0 || i + 1 >= text.Length)
        {
            return false;
        }

        return text[i] switch
        {
            '\'' or '\u2019' => (joins & WordJoins.Apostrophes) != 0 && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]),
            ',' or '.' => (joins & WordJoins.NumberSeparators) != 0 && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]),
            _ => false,
        };
    }
}
