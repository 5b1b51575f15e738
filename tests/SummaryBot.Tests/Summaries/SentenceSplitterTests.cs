using SummaryBot.Core.Summaries;

namespace SummaryBot.Tests.Summaries;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_AbbreviationsInitialsAndDecimals_NotBroken()
    {
        var sentences = SentenceSplitter.Split(
            "Mr. Smith met Dr. Jones on Jan. 5 in Washington. George W. Bush paid $3.5 million for it. Visit example.com today.");

        Assert.Equal(
            ["Mr. Smith met Dr. Jones on Jan. 5 in Washington.", "George W. Bush paid $3.5 million for it.", "Visit example.com today."],
            sentences);
    }

    [Fact]
    public void Split_DottedAbbreviationBeforeSentenceStarter_Breaks()
    {
        var sentences = SentenceSplitter.Split("Talks moved to the U.S. The minister left. U.S. officials agreed.");

        Assert.Equal(["Talks moved to the U.S.", "The minister left.", "U.S. officials agreed."], sentences);
    }

    [Fact]
    public void Split_QuotesAndQuestions_ClosingQuoteStaysWithSentence()
    {
        var sentences = SentenceSplitter.Split("“We will win.” She smiled. Is it over? “Not yet!” he said.");

        Assert.Equal(["“We will win.”", "She smiled.", "Is it over?", "“Not yet!” he said."], sentences);
    }

    [Fact]
    public void Split_TokenizedLowercaseText_BreaksOnStandalonePeriods()
    {
        var sentences = SentenceSplitter.Split("the u.s. team won . `` we did it , '' mr. lee said . then it rained .");

        Assert.Equal(["the u.s. team won .", "`` we did it , '' mr. lee said .", "then it rained ."], sentences);
    }

    [Fact]
    public void Split_LineBreak_AlwaysEndsSentence()
    {
        Assert.Equal(["A heading without a period", "Then a sentence."], SentenceSplitter.Split("A heading without a period\nThen a sentence."));
    }
}
