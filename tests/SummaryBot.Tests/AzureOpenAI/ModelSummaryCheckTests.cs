using System.Text.Json;
using SummaryBot.Core.AzureOpenAI;

namespace SummaryBot.Tests.AzureOpenAI;

public sealed class ModelSummaryCheckTests
{
    private const string Article =
        "City council approves new harbour bridge\n\nThe city council of Northport voted on Tuesday to build a new bridge across the harbour. " +
        "Mayor Elena Ruiz said construction would start in March. The project is expected to cost 240 million euros. Follow @northportcouncil for updates.";

    private static string Reply(string headline, string summary) => JsonSerializer.Serialize(new { headline, summary });

    [Fact]
    public void Check_GroundedReply_AcceptsAndCollapsesWhitespace()
    {
        var verdict = ModelSummaryCheck.Check(Reply("Northport council  approves harbour bridge", "The council voted on Tuesday\nto build a bridge. It will cost 240 million euros."), Article);

        Assert.True(verdict.Accepted, verdict.Rejection);
        Assert.Equal("Northport council approves harbour bridge", verdict.Headline);
        Assert.Equal("The council voted on Tuesday to build a bridge. It will cost 240 million euros.", verdict.Text);
    }

    [Fact]
    public void Check_ReplyInCodeFence_Accepts()
    {
        var verdict = ModelSummaryCheck.Check("```json\n" + Reply("Council approves bridge", "The council voted to build a bridge.") + "\n```", Article);

        Assert.True(verdict.Accepted, verdict.Rejection);
    }

    [Theory]
    [InlineData("https://northport.example/x")]
    [InlineData("see www.northport.gov")]
    [InlineData("northport.example/bridge")]
    [InlineData("t.me/northport")]
    [InlineData("write to press@northport.example")]
    [InlineData("follow @northportcouncil")]
    public void Check_LinkLikeText_Rejects(string link)
    {
        var verdict = ModelSummaryCheck.Check(Reply("Council approves bridge", "The council voted to build a bridge, " + link + "."), Article);

        Assert.False(verdict.Accepted);
        Assert.Contains("link", verdict.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DottedAbbreviations_AreNotLinks()
    {
        var article = Article + " U.S. officials and the E.U. welcomed the vote at 9 a.m. on Tuesday.";

        var verdict = ModelSummaryCheck.Check(Reply("U.S. officials welcome Northport bridge vote", "U.S. officials welcomed the council vote on Tuesday."), article);

        Assert.True(verdict.Accepted, verdict.Rejection);
    }

    [Fact]
    public void Check_HeadlineOverLimit_IsShortenedAtAWord()
    {
        var verdict = ModelSummaryCheck.Check(Reply(string.Join(' ', Enumerable.Repeat("council bridge", 20)), "The council voted."), Article);

        Assert.True(verdict.Accepted, verdict.Rejection);
        Assert.InRange(verdict.Headline!.Length, 100, ModelSummaryCheck.MaxHeadlineLength);
        Assert.EndsWith("…", verdict.Headline, StringComparison.Ordinal);
        Assert.All(verdict.Headline[..^1].Split(' '), word => Assert.Contains(word, new[] { "council", "bridge" }));
    }

    [Fact]
    public void Check_FourSentences_KeepsTheFirstThree()
    {
        var verdict = ModelSummaryCheck.Check(Reply("Council approves bridge", "The council voted. The mayor spoke. Work starts in March. It costs 240 million euros."), Article);

        Assert.True(verdict.Accepted, verdict.Rejection);
        Assert.Equal("The council voted. The mayor spoke. Work starts in March.", verdict.Text);
    }

    [Fact]
    public void Shorten_OneSentenceOverTheLimit_CutsAtAWordWithAnEllipsis()
    {
        var text = string.Join(", ", Enumerable.Repeat("the council of Northport voted to build a new bridge", 12)) + ".";

        var shortened = ModelSummaryCheck.Shorten(text);

        Assert.InRange(shortened.Length, 300, ModelSummaryCheck.MaxTextLength);
        Assert.EndsWith("…", shortened, StringComparison.Ordinal);
        Assert.StartsWith(shortened[..^1], text, StringComparison.Ordinal);
        Assert.False(char.IsLetter(text[shortened.Length - 1]), "cut inside a word");
    }

    [Fact]
    public void Check_WordsNotInArticle_Rejects()
    {
        var verdict = ModelSummaryCheck.Check(Reply("Celebrity chef opens restaurant", "A famous chef opened a luxurious seafood restaurant downtown yesterday evening."), Article);

        Assert.False(verdict.Accepted);
        Assert.Contains("occur in the article", verdict.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyReply_Rejects()
    {
        Assert.False(ModelSummaryCheck.Check("  ", Article).Accepted);
    }

    [Theory]
    [InlineData("The council voted. The mayor spoke.", 2)]
    [InlineData("U.S. officials met Dr. Ruiz on Tuesday. They agreed.", 2)]
    [InlineData("Prices rose 3.5 percent in May! Analysts were surprised? No.", 3)]
    [InlineData("Совет одобрил мост. Строительство начнётся в марте.", 2)]
    [InlineData("理事会批准了新桥。工程将于三月开始。", 2)]
    [InlineData("He said \"we will build it.\" Work starts soon", 2)]
    [InlineData("no stop at the end", 1)]
    public void CountSentences_VariousTexts_CountsSentences(string text, int expected)
    {
        Assert.Equal(expected, ModelSummaryCheck.CountSentences(text));
    }

    [Fact]
    public void GroundedShare_InflectedRussianWords_CountAsGrounded()
    {
        var share = ModelSummaryCheck.GroundedShare("Путин подарил автомобиль Ким Чен Ыну", "Президент России Путин подарил Ким Чен Ыну автомобиль Aurus.");

        Assert.Equal(1.0, share);
    }
}
