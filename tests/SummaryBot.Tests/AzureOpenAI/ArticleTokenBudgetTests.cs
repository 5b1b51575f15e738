using SummaryBot.Core.AzureOpenAI;

namespace SummaryBot.Tests.AzureOpenAI;

public sealed class ArticleTokenBudgetTests
{
    [Fact]
    public void Cut_TextWithinBudget_ReturnsItWhole()
    {
        const string text = "A short article.\n\nIt fits.";

        var cut = ArticleTokenBudget.Cut(text, 100);

        Assert.False(cut.Truncated);
        Assert.Equal(text, cut.Text);
        Assert.Equal(ArticleTokenBudget.CountTokens(text), cut.TokenCount);
    }

    [Fact]
    public void Cut_ManyParagraphs_EndsAtParagraphWithinBudget()
    {
        var text = string.Join("\n\n", Enumerable.Range(1, 200).Select(i => $"Paragraph {i}. The harbour works continued and the council reviewed the costs again."));

        var cut = ArticleTokenBudget.Cut(text, 300);

        Assert.True(cut.Truncated);
        Assert.True(cut.TokenCount <= 300, $"{cut.TokenCount} tokens");
        Assert.True(cut.TokenCount >= 180, $"{cut.TokenCount} tokens");
        Assert.StartsWith(cut.Text, text, StringComparison.Ordinal);
        Assert.StartsWith("\n\n", text[cut.Text.Length..], StringComparison.Ordinal);
    }

    [Fact]
    public void Cut_OneLongParagraph_EndsAtSentence()
    {
        var text = string.Concat(Enumerable.Range(1, 300).Select(i => $"Sentence number {i} says the bridge will open. "));

        var cut = ArticleTokenBudget.Cut(text, 250);

        Assert.True(cut.TokenCount <= 250, $"{cut.TokenCount} tokens");
        Assert.EndsWith("will open.", cut.Text, StringComparison.Ordinal);
        Assert.StartsWith(cut.Text, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cut_NoSentenceStops_EndsAtWordBoundary()
    {
        var text = string.Join(' ', Enumerable.Repeat("harbour bridge council", 400));

        var cut = ArticleTokenBudget.Cut(text, 200);

        Assert.True(cut.TokenCount <= 200, $"{cut.TokenCount} tokens");
        Assert.Matches("(harbour|bridge|council)$", cut.Text);
    }

    [Fact]
    public void Cut_CyrillicText_CountsWithRealTokenizer()
    {
        var text = string.Concat(Enumerable.Repeat("Президент России подарил лидеру КНДР автомобиль. ", 200));

        var cut = ArticleTokenBudget.Cut(text, 150);

        Assert.True(cut.Truncated);
        Assert.True(cut.TokenCount <= 150, $"{cut.TokenCount} tokens");
        Assert.EndsWith("автомобиль.", cut.Text, StringComparison.Ordinal);
        // o200k_base is a subword tokenizer: far fewer tokens than characters.
        Assert.True(cut.Text.Length > 2 * cut.TokenCount);
    }
}
