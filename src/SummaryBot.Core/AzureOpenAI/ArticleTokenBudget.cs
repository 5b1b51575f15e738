using Microsoft.ML.Tokenizers;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>The part of an article that fits a token budget.</summary>
/// <param name="Text">The kept text: always a prefix of the input.</param>
/// <param name="TokenCount">Its size in o200k tokens.</param>
/// <param name="Truncated">True when the input did not fit and was cut.</param>
public sealed record TokenBudgetCut(string Text, int TokenCount, bool Truncated);

/// <summary>
/// Cuts text to a number of tokens as the gpt-4o family counts them (o200k_base), keeping the
/// beginning, where news puts the facts. The cut falls on a paragraph end when one is close
/// enough, else on a sentence end, else on a word boundary.
/// </summary>
public static class ArticleTokenBudget
{
    // A boundary is used only when it keeps at least this share of what fits: cutting a
    // 3,000-token budget back to a 200-token first paragraph would throw away too much.
    private const double MinimumKeptShare = 0.6;

    private static readonly Lazy<Tokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static Tokenizer Tokenizer => SharedTokenizer.Value;

    public static int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenizer.CountTokens(text);
    }

    public static TokenBudgetCut Cut(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);

        var total = Tokenizer.CountTokens(text);
        if (total <= maxTokens)
        {
            return new TokenBudgetCut(text, total, Truncated: false);
        }

        // considerNormalization: false keeps the index valid for the original text.
        var fitting = Tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _, considerPreTokenization: true, considerNormalization: false);
        var end = FindBoundary(text, fitting);
        var kept = text[..end].TrimEnd();
        return new TokenBudgetCut(kept, Tokenizer.CountTokens(kept), Truncated: true);
    }

    private static int FindBoundary(string text, int fitting)
    {
        var floor = (int)(fitting * MinimumKeptShare);

        var paragraph = text.LastIndexOf("\n\n", Math.Max(0, fitting - 1), StringComparison.Ordinal);
        if (paragraph >= floor && paragraph > 0)
        {
            return paragraph;
        }

        for (var i = fitting - 1; i >= floor && i > 0; i--)
        {
            var sentenceEnd = SentenceEndAt(text, i, fitting);
            if (sentenceEnd > 0)
            {
                return sentenceEnd;
            }
        }

        for (var i = fitting; i > floor && i > 0; i--)
        {
            if (char.IsWhiteSpace(text[i - 1]) || (i < text.Length && char.IsWhiteSpace(text[i])))
            {
                return i;
            }
        }

        return fitting;
    }

    /// <summary>The index just after the sentence that ends at <paramref name="i"/> (with any
    /// closing quotes), or -1; never beyond <paramref name="limit"/>.</summary>
    private static int SentenceEndAt(string text, int i, int limit)
    {
        var c = text[i];
        if (c is '。' or '！' or '？')
        {
            return i + 1;
        }

        if (c is not ('.' or '!' or '?' or '…'))
        {
            return -1;
        }

        var next = i + 1;
        while (next < limit && text[next] is '"' or '\'' or '”' or '’' or '»' or ')')
        {
            next++;
        }

        var followedBySpace = next >= text.Length || char.IsWhiteSpace(text[next]);
        return followedBySpace && next <= limit ? next : -1;
    }
}
