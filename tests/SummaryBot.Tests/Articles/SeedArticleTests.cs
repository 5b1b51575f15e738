using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Articles;

public sealed class SeedArticleTests
{
    private static readonly ArticleReader Reader = new(Options.Create(new ArticleOptions()));

    private static Article ReadSeed(string prefix)
    {
        var (name, content) = SharedSeeds.Read(prefix);
        var result = Reader.Read(name, content);
        Assert.Null(result.RejectionReason);
        return result.Article!;
    }

    [Fact]
    public void Read_FirstSeed_KeepsTitleAndRemovesCreditsAppealAndWidgets()
    {
        var article = ReadSeed("000_");

        Assert.Equal("Putin gave Kim a car", article.Title);
        var body = article.Body;
        Assert.DoesNotContain("EPA-EFE", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Dear reader", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Become a member", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Video of the day", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Council. CNN.", body, StringComparison.Ordinal);
        Assert.DoesNotContain(article.Paragraphs, p => p.EndsWith("CNN.", StringComparison.Ordinal));
        Assert.StartsWith("North Korean leader Kim Jong Un received a car", article.Paragraphs[0], StringComparison.Ordinal);
        Assert.Contains(article.Paragraphs, p => p.StartsWith("Kremlin spokesman Dmitry Peskov", StringComparison.Ordinal));
        Assert.EndsWith("violation of UN sanctions.", article.Paragraphs[^1], StringComparison.Ordinal);
        Assert.Equal(9, article.Paragraphs.Count);
    }

    [Fact]
    public void Read_SecondSeed_RemovesDatelineBreadcrumbAdsAndTeasers()
    {
        var article = ReadSeed("001_");

        Assert.Equal("Putin gave North Korea’s Kim Jong-Un Car as a Gift", article.Title);
        Assert.Equal(new DateTimeOffset(2024, 7, 19, 0, 0, 0, TimeSpan.Zero), article.Published);
        var body = article.Body;
        foreach (var boilerplate in new[] { "Home", "Latest News", "Visit our", "Russia Artillery:", "also read", "Advertisment", "Most Popular", "Friday, July 19" })
        {
            Assert.DoesNotContain(boilerplate, body, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(article.Paragraphs, p => ArticleCleaner.NormalizeText(p) == article.Title);
        Assert.Equal("The North Korean leader Kim Jong-un received a car as gift from Putin.", article.Paragraphs[0]);
        Assert.Contains(article.Paragraphs, p => p.StartsWith("The two nations’ exchanges have becoming more frequent", StringComparison.Ordinal));
        Assert.StartsWith("A team of North Korean ruling party leaders", article.Paragraphs[^1], StringComparison.Ordinal);
        Assert.Equal(15, article.Paragraphs.Count);
    }
}
