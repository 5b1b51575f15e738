using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Summaries;
using SummaryBot.Tests.Articles;

namespace SummaryBot.Tests.Summaries;

public sealed class SeedSummaryTests
{
    [Theory]
    [InlineData("000_")]
    [InlineData("001_")]
    public void Summarize_SeedArticle_ShortFactualAndFreeOfBoilerplate(string prefix)
    {
        var (name, content) = SharedSeeds.Read(prefix);
        var article = new ArticleReader(Options.Create(new ArticleOptions())).Read(name, content).Article!;

        var summary = new ExtractiveSummarizer().Summarize(article);

        Assert.Equal(article.Title, summary.Headline);
        Assert.InRange(summary.Text.Length, 150, 400);
        Assert.Contains("car", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Kim", summary.Text, StringComparison.Ordinal);
        foreach (var boilerplate in new[] { "Dear reader", "member", "Advert", "photo", "Visit our", "Most Popular" })
        {
            Assert.DoesNotContain(boilerplate, summary.Text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
