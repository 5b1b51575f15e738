using System.Globalization;
using System.Text;

namespace SummaryBot.Core.Text;

/// <summary>
/// Folds text for matching: letters and digits lower-cased with diacritics removed (<c>Türkiye</c> → <c>turkiye</c>,
/// <c>ß</c> → <c>ss</c>); everything else separates words. One table lookup per character.
/// </summary>
internal static class TextFolding
{
    private const char Separator = '\0';
    private const char Expands = '\uFFFF';

    private static readonly char[] Table = BuildTable();

    private static readonly Dictionary<char, string> Expansions = new()
    {
        ['ß'] = "ss", ['ẞ'] = "ss", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe",
        ['þ'] = "th", ['Þ'] = "th",
    };

    /// <summary>True for the apostrophes that start a possessive <c>'s</c> or join <c>d'Ivoire</c>.</summary>
    public static bool IsApostrophe(char c) => c is '\'' or '’' or '‘' or 'ʼ' or '`' or '´';

    public static bool IsWordChar(char c) => Table[c] != Separator;

    /// <summary>Appends the folded form of <paramref name="c"/>; returns false when it is a separator.</summary>
    public static bool Append(char c, Span<char> buffer, ref int length)
    {
        var folded = Table[c];
        if (folded == Separator)
        {
            return false;
        }

        if (folded != Expands)
        {
            buffer[length++] = folded;
            return true;
        }

        foreach (var e in Expansions[c])
        {
            buffer[length++] = e;
        }

        return true;
    }

    /// <summary>Folds a phrase into its words, e.g. <c>Kim Jong-un's</c> → [kim, jong, un].</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var buffer = new char[(text.Length * 2) + 2];
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var length = 0;
            while (i < text.Length && Append(text[i], buffer, ref length))
            {
                i++;
            }

            words.Add(new string(buffer, 0, length));
            if (i + 2 <= text.Length && IsApostrophe(text[i]) && (text[i + 1] is 's' or 'S') && (i + 2 == text.Length || !IsWordChar(text[i + 2])))
            {
                i += 2;
            }
        }

        return words;
    }

    /// <summary>The folded words joined by single spaces: the identity of a phrase.</summary>
    public static string Key(string text) => string.Join(' ', Words(text));

    /// <summary>True when the words of one phrase appear, in order and adjacent, in the other
    /// (<c>Putin</c> and <c>Vladimir Putin</c>; not <c>Russia</c> and <c>Russian</c>).</summary>
    public static bool OverlapsWords(string a, string b)
    {
        var x = " " + Key(a) + " ";
        var y = " " + Key(b) + " ";
        return x.Contains(y, StringComparison.Ordinal) || y.Contains(x, StringComparison.Ordinal);
    }

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            if (char.IsSurrogate(ch) || !char.IsLetterOrDigit(ch))
            {
                continue;
            }

            if (ch is 'ß' or 'ẞ' or 'æ' or 'Æ' or 'œ' or 'Œ' or 'þ' or 'Þ')
            {
                table[c] = Expands;
                continue;
            }

            table[c] = FoldOne(ch);
        }

        return table;
    }

    private static char FoldOne(char ch)
    {
        var special = ch switch
        {
            'ø' or 'Ø' => 'o',
            'đ' or 'Đ' or 'ð' or 'Ð' => 'd',
            'ł' or 'Ł' => 'l',
            'ı' or 'İ' => 'i',
            'ħ' or 'Ħ' => 'h',
            _ => '\0',
        };
        if (special != '\0')
        {
            return special;
        }

        var decomposed = ch.ToString().Normalize(NormalizationForm.FormD);
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                var lower = char.ToLowerInvariant(d);
                return lower == Separator || lower == Expands ? ch : lower;
            }
        }

        return char.ToLowerInvariant(ch);
    }
}
