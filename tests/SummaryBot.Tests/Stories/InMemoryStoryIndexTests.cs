using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Stories;
using SummaryBot.Testing.Stories;

namespace SummaryBot.Tests.Stories;

public sealed class InMemoryStoryIndexTests
{
    private static InMemoryStoryIndex Index() => new(new StoryOptions(), new FakeTimeProvider(StoryTestArticles.Day));

    [Fact]
    public async Task AssignAsync_SeedReports_GetTheSameStory()
    {
        var seeds = StoryTestArticles.Seeds();
        Assert.NotNull(seeds);
        var index = Index();

        var first = await index.AssignAsync(seeds[0]);
        var second = await index.AssignAsync(seeds[1]);

        Assert.Equal(first.StoryId, second.StoryId);
        Assert.Equal(1, index.StoryCount);
        Assert.Equal(2, index.ReportCount);
    }

    [Fact]
    public async Task AssignAsync_DifferentEventsAboutTheSameCountries_GetDifferentStories()
    {
        var index = Index();

        var ids = new[]
        {
            (await index.AssignAsync(StoryTestArticles.DefencePact())).StoryId,
            (await index.AssignAsync(StoryTestArticles.CarGift())).StoryId,
            (await index.AssignAsync(StoryTestArticles.MissileLaunch())).StoryId,
            (await index.AssignAsync(StoryTestArticles.Bridge())).StoryId,
        };

        Assert.Equal(4, ids.Distinct().Count());
    }

    [Fact]
    public async Task AssignAsync_SameArticleAgain_ReturnsTheSameAnswerWithoutAddingAReport()
    {
        var index = Index();
        var first = await index.AssignAsync(StoryTestArticles.CarGift());

        var again = await index.AssignAsync(StoryTestArticles.CarGift());

        Assert.Equal(first, again);
        Assert.True(again.IsNew);
        Assert.Equal(1, index.ReportCount);
    }

    [Fact]
    public void Find_ManyUnrelatedStories_StillFindsTheMatchingOne()
    {
        var index = Index();
        var random = new Random(3);
        for (var i = 0; i < 5_000; i++)
        {
            var article = StoryTestArticles.Synthetic(random, $"s{i}.txt");
            index.Assign(article.Name, article.Title, StoryFingerprint.Create(article, 32), StoryTestArticles.Day);
        }

        var car = StoryTestArticles.CarGift();
        var founded = index.Assign(car.Name, car.Title, StoryFingerprint.Create(car, 32), StoryTestArticles.Day);

        Assert.Equal(founded.StoryId, index.Find(StoryFingerprint.Create(StoryTestArticles.CarGift("other.txt"), 32), StoryTestArticles.Day));
        Assert.Null(index.Find(StoryFingerprint.Create(StoryTestArticles.Bridge(), 32), StoryTestArticles.Day));
    }

    [Fact]
    public void Find_ReportSharingEveryKey_IsComparedOnce()
    {
        var index = Index();
        var car = StoryTestArticles.CarGift();
        var founded = index.Assign(car.Name, car.Title, StoryFingerprint.Create(car, 32), StoryTestArticles.Day);
        var before = index.Comparisons;

        var found = index.Find(StoryFingerprint.Create(StoryTestArticles.CarGift("again.txt"), 32), StoryTestArticles.Day);

        Assert.Equal(founded.StoryId, found);
        Assert.Equal(1, index.Comparisons - before);
    }

    [Fact]
    public void Find_AfterManyLookups_StillComparesEachReport()
    {
        var index = Index();
        var car = StoryTestArticles.CarGift();
        var founded = index.Assign(car.Name, car.Title, StoryFingerprint.Create(car, 32), StoryTestArticles.Day);
        var query = StoryFingerprint.Create(StoryTestArticles.CarGift("again.txt"), 32);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(founded.StoryId, index.Find(query, StoryTestArticles.Day));
        }

        Assert.Equal(1_000, index.Comparisons);
    }
}
