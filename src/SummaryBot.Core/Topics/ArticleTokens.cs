using SummaryBot.Core.Text;

namespace SummaryBot.Core.Topics;

/// <summary>How a word is written in the article, for aliases that must be capitalised (<c>Chad</c>, not
/// <c>chad</c>) or upper-case (<c>US</c>, not <c>us</c>).</summary>
internal enum WordCase : byte
{
    Lower = 0,
    Capitalized = 1,
    Upper = 2,
}

/// <summary>
/// One article cut into folded words, with where each word is in the original text (for evidence),
/// how it is capitalised, and whether a sentence break precedes it (phrases never span sentences).
/// Reused between articles to avoid allocations.
/// </summary>
internal sealed class ArticleTokens
{
    private char[] _folded = new char[8192];

    public int Count { get; private set; }

    public int[] FoldStart { get; private set; } = new int[1024];

    public int[] FoldLength { get; private set; } = new int[1024];

    public int[] Start { get; private set; } = new int[1024];

    public int[] End { get; private set; } = new int[1024];

    public WordCase[] Case { get; private set; } = new WordCase[1024];

    public bool[] BreakBefore { get; private set; } = new bool[1024];

    public string Text { get; private set; } = string.Empty;

    public ReadOnlySpan<char> Word(int index) => _folded.AsSpan(FoldStart[index], FoldLength[index]);

    public void Load(string text)
    {
        Text = text;
        Count = 0;
        if (_folded.Length < (text.Length * 2) + 2)
        {
            _folded = new char[(text.Length * 2) + 2];
        }

        var folded = _folded.AsSpan();
        var length = 0;
        var pendingBreak = false;
        var position = 0;
        var gap = 0;
        while (WordScanner.Next(text, ref position, WordJoins.None, out var start, out var end))
        {
            for (var g = gap; g < start; g++)
            {
                var c = text[g];
                if (c is '\n' or '!' or '?' or ';' or ':' or '…' or '|' or '•'
                    || (c == '.' && Count > 0 && FoldLength[Count - 1] > 2 && (g + 1 == text.Length || char.IsWhiteSpace(text[g + 1]))))
                {
                    pendingBreak = true;
                }
            }

            EnsureCapacity();
            var foldStart = length;
            var letters = 0;
            var uppers = 0;
            var firstUpper = false;
            for (var i = start; i < end; i++)
            {
                TextFolding.Append(text[i], folded, ref length);
                if (char.IsLetter(text[i]))
                {
                    var upper = char.IsUpper(text[i]);
                    if (letters == 0)
                    {
                        firstUpper = upper;
                    }

                    letters++;
                    uppers += upper ? 1 : 0;
                }
            }

            FoldStart[Count] = foldStart;
            FoldLength[Count] = length - foldStart;
            Start[Count] = start;
            End[Count] = end;
            Case[Count] = letters == 0 || uppers == letters ? WordCase.Upper : firstUpper ? WordCase.Capitalized : WordCase.Lower;
            BreakBefore[Count] = pendingBreak;
            pendingBreak = false;
            Count++;

            // A possessive 's belongs to the word before it: Russia's, Kim’s.
            if (end + 2 <= text.Length && TextFolding.IsApostrophe(text[end]) && (text[end + 1] is 's' or 'S') && (end + 2 == text.Length || !TextFolding.IsWordChar(text[end + 2])))
            {
                position = end + 2;
            }

            gap = position;
        }
    }

    private void EnsureCapacity()
    {
        if (Count < FoldStart.Length)
        {
            return;
        }

        var size = FoldStart.Length * 2;
        FoldStart = Grow(FoldStart, size);
        FoldLength = Grow(FoldLength, size);
        Start = Grow(Start, size);
        End = Grow(End, size);
        Case = Grow(Case, size);
        BreakBefore = Grow(BreakBefore, size);
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        Array.Copy(array, grown, array.Length);
        return grown;
    }
}
