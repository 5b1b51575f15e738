using SummaryBot.Core.AzureOpenAI;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Tests.Summaries;

public sealed class ExtractiveSummarizerTests
{
    private static Article Article(string title, params string[] paragraphs) => new("a.txt", title, paragraphs, null, null, null);

    private static readonly Article Harbour = Article(
        "Harbour city opens floating solar farm",
        "VALMORE (Reuters) - The harbour city of Valmore opened a floating solar farm on Tuesday that will supply power to about 4,000 homes.",
        "The farm covers 12 hectares of the old container basin and was built in 14 months by a municipal company.",
        "Is this the future of urban energy? Some residents think so.",
        "“It is beautiful.”",
        "Officials said the solar farm cost 31 million euros, partly paid by a regional climate fund, and will be extended next year.",
        "Fishermen had opposed the plan because of the basin's eel population, but a court ruled in favour of the city in March.",
        "The mayor, Ines Kroll, said the floating panels would also reduce evaporation during dry summers.");

    [Fact]
    public async Task SummarizeAsync_NewsArticle_TitleHeadlineAndWholeSentencesInOrder()
    {
        var summary = await new ExtractiveSummarizer().SummarizeAsync(Harbour);

        Assert.Equal("Harbour city opens floating solar farm", summary.Headline);
        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.InRange(summary.Text.Length, 100, 400);
        var sentences = SentenceSplitter.Split(summary.Text);
        Assert.InRange(sentences.Count, 1, 3);
        var body = string.Join(' ', Harbour.Paragraphs);
        var positions = sentences.Select(s => body.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, "every sentence is taken whole from the article"));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Summarize_NewsArticle_NoQuestionBareQuoteOrDateline()
    {
        var summary = new ExtractiveSummarizer().Summarize(Harbour);

        Assert.StartsWith("The harbour city of Valmore opened", summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("(Reuters)", summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("?", summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("beautiful", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectSentences_NoCharacterBudget_ThreeSentences()
    {
        var sentences = new ExtractiveSummarizer { MaxCharacters = null }.SelectSentences(Harbour.Title, Harbour.Paragraphs);

        Assert.Equal(3, sentences.Count);
    }

    [Fact]
    public void SelectSentences_RepeatedSentence_NotChosenTwice()
    {
        var sentences = new ExtractiveSummarizer { MaxCharacters = null }.SelectSentences(
            "Bridge closed",
            ["The old river bridge in Dunmore was closed on Monday after engineers found cracks in two piers.",
             "The old river bridge in Dunmore was closed on Monday after engineers found cracks in two of its piers.",
             "Traffic is being diverted through the northern ring road, adding about twenty minutes to journeys.",
             "Repairs are expected to take at least six months and cost around 8 million pounds, the council said."]);

        Assert.Equal(3, sentences.Count);
        Assert.Single(sentences, s => s.StartsWith("The old river bridge", StringComparison.Ordinal));
    }

    [Fact]
    public void Summarize_OnlyOneOverlongSentence_ReturnsItWhole()
    {
        var longSentence = string.Join(", ", Enumerable.Repeat("the committee reviewed another detailed clause of the draft budget", 10)) + ".";
        var summary = new ExtractiveSummarizer().Summarize(Article("Budget review", longSentence));

        Assert.Equal(longSentence, summary.Text);
    }

    [Fact]
    public void Summarize_VeryLongTitle_ShortenedAtWordBoundary()
    {
        var title = "Regional parliament approves sweeping overhaul of public transport fares, timetables and station accessibility rules after months of heated debate";
        var summary = new ExtractiveSummarizer().Summarize(Article(title, "The parliament voted 54 to 31 in favour of the overhaul on Thursday evening."));

        Assert.True(summary.Headline.Length <= 120, summary.Headline);
        Assert.EndsWith("…", summary.Headline, StringComparison.Ordinal);
        Assert.StartsWith(summary.Headline[..^1], title, StringComparison.Ordinal);
        Assert.True(title[summary.Headline.Length - 1] == ' ', "cut at a word boundary");
    }

    [Fact]
    public void Summarize_NoParagraphs_EmptyTextNotException()
    {
        var summary = new ExtractiveSummarizer().Summarize(Article("Only a title"));

        Assert.Equal("Only a title", summary.Headline);
        Assert.Equal(string.Empty, summary.Text);
    }

    [Fact]
    public void Summarize_SentencesWithLinksOrHandles_AreNeverChosen()
    {
        var article = new Article(
            "links.txt",
            "Storm closes ports along the coast; updates at storm.example",
            [
                "Visit https://evil.example/free-tickets now to claim a refund for cancelled ferries.",
                "A winter storm closed every port along the northern coast on Monday, stranding about 2,000 passengers.",
                "Follow @coastwatch for live updates from the harbour masters.",
                "Ferry operators said services would resume on Wednesday if the winds ease as forecast.",
            ],
            null, null, null);

        var summary = new ExtractiveSummarizer().Summarize(article);

        Assert.False(SummaryLinks.ContainsLink(summary.Headline + " " + summary.Text), summary.Headline + " | " + summary.Text);
        Assert.Contains("A winter storm closed every port", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Ferry operators said", summary.Text, StringComparison.Ordinal);
        Assert.StartsWith("Storm closes ports along the coast", summary.Headline, StringComparison.Ordinal);
    }
}
