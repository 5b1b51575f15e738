using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Articles;

public sealed class ArticleCleanerTests
{
    private static Article ReadText(string text) =>
        new ArticleReader(Options.Create(new ArticleOptions())).Read("a.txt", BinaryData.FromString(text)).Article!;

    [Fact]
    public void NormalizeText_EntitiesSpacesAndInvisibles_NormalizedCurlyQuotesKept()
    {
        Assert.Equal("“Tom & Jerry’s” café", ArticleCleaner.NormalizeText("  &ldquo;Tom &amp; Jerry&#8217;s&rdquo;\u00A0\u200Bcaf&eacute;\t\n "));
    }

    [Theory]
    [InlineData("Advertisement")]
    [InlineData("— ADVERTISMENT —")]
    [InlineData("Advertisemnt")]
    [InlineData("Story continues below advertisement")]
    [InlineData("Read more: Dam opens next year")]
    [InlineData("READ ALSO - Dam opens next year")]
    [InlineData("Related: Dam opens next year")]
    [InlineData("Visit our Spanish website")]
    [InlineData("Photo: Reuters")]
    [InlineData("(AP Photo/Lee Jin-man)")]
    [InlineData("Dam workers photo AFP/")]
    [InlineData("Getty Images / file photo")]
    [InlineData("Flood Warnings:")]
    [InlineData("Trending Now")]
    [InlineData("Share on Facebook")]
    [InlineData("© 2025 Example Media")]
    [InlineData("Reuters")]
    [InlineData("Play Facebook")]
    [InlineData("Google Plus")]
    [InlineData("Embed Dam opens in Tessen valley 2:49 autoplay autoplay Copy this code to your website or blog")]
    [InlineData("Tweet with a location")]
    [InlineData("You can add location information to your Tweets, such as your city or precise location, from the web and via third-party applications. Learn more")]
    public void Read_BoilerplateParagraph_Removed(string boilerplate)
    {
        var article = ReadText($"Dam opens in Tessen valley\n\nA new dam opened in the Tessen valley on Friday after six years of work.\n\n{boilerplate}\n\nIt will supply water to 80,000 people.\n");

        Assert.Equal(["A new dam opened in the Tessen valley on Friday after six years of work.", "It will supply water to 80,000 people."], article.Paragraphs);
    }

    [Theory]
    [InlineData("He listed three demands:")]
    [InlineData("Subscribers to the water service will pay 3 percent more from July, the utility said.")]
    [InlineData("A photo of the dam was shared widely on social media after the opening.")]
    [InlineData("“We will support the farmers,” the minister said.")]
    [InlineData("The utility will embed sensors in the dam wall, the engineers said.")]
    [InlineData("Residents can tweet with a location tag to report leaks, the utility said.")]
    public void Read_SentenceThatLooksLikeBoilerplate_Kept(string sentence)
    {
        var article = ReadText($"Dam opens in Tessen valley\n\nA new dam opened in the Tessen valley on Friday after six years of work.\n\n{sentence}\n");

        Assert.Equal(sentence, article.Paragraphs[^1]);
    }

    [Fact]
    public void Read_DonationAppealWithoutSalutation_Removed()
    {
        var article = ReadText("Dam opens\n\nA new dam opened on Friday after six years of work.\n\nIndependent journalism costs money. If you value our reporting, please donate or become a member today.\n");

        Assert.Equal(["A new dam opened on Friday after six years of work."], article.Paragraphs);
    }

    [Fact]
    public void Read_InlinePhotoCreditAndStrayAgencyTag_Removed()
    {
        var article = ReadText("Dam opens\n\nThe dam opened on Friday (AP Photo/Jane Roe) after six years. Water flows next month. AFP.\n");

        Assert.Equal(["The dam opened on Friday after six years. Water flows next month."], article.Paragraphs);
    }

    [Fact]
    public void Read_BreadcrumbGluedToTitleWithoutSeparateTitleLine_TitleRecovered()
    {
        var article = ReadText("HomeNewsRegionDam opens in Tessen valley\n\nA new dam opened on Friday after six years of work.\n");

        Assert.Equal("Dam opens in Tessen valley", article.Title);
    }

    [Fact]
    public void Read_SeparatedBreadcrumbAndTitleRepeatedInBody_Removed()
    {
        var article = ReadText("Home > Region > Dam opens in Tessen valley\n\nDam opens in Tessen valley\n\nA new dam opened on Friday after six years of work.\n");

        Assert.Equal("Dam opens in Tessen valley", article.Title);
        Assert.Equal(["A new dam opened on Friday after six years of work."], article.Paragraphs);
    }
}
