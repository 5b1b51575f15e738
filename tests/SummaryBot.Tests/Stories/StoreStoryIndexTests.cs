using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Stories;
using SummaryBot.Testing.Stories;
using SummaryBot.Tests.Storage;

namespace SummaryBot.Tests.Stories;

public sealed class StoreStoryIndexTests : IDisposable
{
    private readonly TempSqliteStores _stores = new();
    private readonly FakeTimeProvider _time = new(StoryTestArticles.Day);

    public void Dispose() => _stores.Dispose();

    private StoreStoryIndex Index(IObjectStore store, StoryOptions? options = null) =>
        new(store, Options.Create(options ?? new StoryOptions()), _time, NullLogger<StoreStoryIndex>.Instance);

    [Fact]
    public async Task AssignAsync_TwoSeedReportsOfOneStory_GetTheSameStory()
    {
        var seeds = StoryTestArticles.Seeds();
        Assert.True(seeds is { Count: 2 }, "shared/seeds with two articles must sit beside the repository");
        var index = Index(_stores.Open(_stores.Root));

        var first = await index.AssignAsync(seeds[0]);
        var second = await index.AssignAsync(seeds[1]);

        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
        Assert.Equal(first.StoryId, second.StoryId);
    }

    [Fact]
    public async Task AssignAsync_DifferentEventsAboutTheSameCountries_GetDifferentStories()
    {
        var index = Index(_stores.Open(_stores.Root));
        Article[] articles = [StoryTestArticles.DefencePact(), StoryTestArticles.CarGift(), StoryTestArticles.MissileLaunch(), StoryTestArticles.Bridge()];

        var assignments = new List<StoryAssignment>();
        foreach (var article in articles)
        {
            assignments.Add(await index.AssignAsync(article));
        }

        Assert.All(assignments, a => Assert.True(a.IsNew));
        Assert.Equal(articles.Length, assignments.Select(a => a.StoryId).Distinct().Count());
    }

    [Fact]
    public async Task AssignAsync_SeedStoryThenOtherEventsOfTheSameCountries_KeepsThemApart()
    {
        var seeds = StoryTestArticles.Seeds();
        Assert.NotNull(seeds);
        var index = Index(_stores.Open(_stores.Root));

        var seed = await index.AssignAsync(seeds[0]);
        var pact = await index.AssignAsync(StoryTestArticles.DefencePact());
        var car = await index.AssignAsync(StoryTestArticles.CarGift());

        Assert.NotEqual(seed.StoryId, pact.StoryId);
        Assert.True(pact.IsNew);
        // The car gift written for the tests is the seed story told a third way.
        Assert.Equal(seed.StoryId, car.StoryId);
    }

    [Fact]
    public async Task AssignAsync_SameArticleTwice_ReturnsTheSameAnswer()
    {
        var index = Index(_stores.Open(_stores.Root));
        var founder = await index.AssignAsync(StoryTestArticles.CarGift("a.txt"));
        var joiner = await index.AssignAsync(StoryTestArticles.CarGift("b.txt"));

        Assert.Equal(founder, await index.AssignAsync(StoryTestArticles.CarGift("a.txt")));
        Assert.Equal(joiner, await Index(_stores.Open(_stores.Root)).AssignAsync(StoryTestArticles.CarGift("b.txt")));
        Assert.True(founder.IsNew);
        Assert.False(joiner.IsNew);
    }

    [Fact]
    public async Task AssignAsync_RetryAfterCrashBeforeTheRecord_KeepsTheFirstDecision()
    {
        var store = _stores.Open(_stores.Root);
        var first = await Index(store).AssignAsync(StoryTestArticles.Bridge());
        // Simulate a crash between the bucket writes and the article record.
        Assert.True(await store.DeleteAsync(StoreStoryIndex.ArticlePath("bridge.txt")));

        var retry = await Index(store).AssignAsync(StoryTestArticles.Bridge());

        Assert.Equal(first, retry);
    }

    [Fact]
    public async Task AssignAsync_RetryAfterCrashBeforeTheRecord_SkipsTheBucketWrites()
    {
        var store = new CountingInMemoryObjectStore();
        var options = new StoryOptions();
        var first = await Index(store, options).AssignAsync(StoryTestArticles.Bridge());
        Assert.True(await store.DeleteAsync(StoreStoryIndex.ArticlePath("bridge.txt")));
        store.ResetCalls();

        var retry = await Index(store, options).AssignAsync(StoryTestArticles.Bridge());

        Assert.Equal(first, retry);
        // 1 record read, 1 content-hash read, 1 record create: the content entry, written after
        // every bucket, already holds this article's decision.
        Assert.Equal(3, store.Calls);
    }

    [Fact]
    public async Task AssignAsync_SameTextOutsideTheWindow_StartsANewStory()
    {
        var index = Index(_stores.Open(_stores.Root), new StoryOptions { Window = TimeSpan.FromDays(3) });
        var early = await index.AssignAsync(StoryTestArticles.CarGift("early.txt"));

        _time.Advance(TimeSpan.FromDays(5));
        var late = await index.AssignAsync(StoryTestArticles.CarGift("late.txt") with { Published = StoryTestArticles.Day.AddDays(5) });

        Assert.True(late.IsNew);
        Assert.NotEqual(early.StoryId, late.StoryId);
    }

    [Fact]
    public async Task AssignAsync_OneReportDatedDaysAgoOneUndated_SameStory()
    {
        // One outlet's page carries a real date six days back, the other none: both arrive now.
        var index = Index(_stores.Open(_stores.Root), new StoryOptions { Window = TimeSpan.FromDays(3) });
        var dated = await index.AssignAsync(StoryTestArticles.CarGift("dated.txt") with { Published = StoryTestArticles.Day.AddDays(-6) });
        var undated = await index.AssignAsync(StoryTestArticles.CarGift("undated.txt") with { Published = null });

        Assert.Equal(dated.StoryId, undated.StoryId);
        Assert.False(undated.IsNew);
    }

    [Fact]
    public async Task AssignAsync_NoPublishedDate_UsesTheClockForTheWindow()
    {
        var index = Index(_stores.Open(_stores.Root));
        var first = await index.AssignAsync(StoryTestArticles.CarGift("one.txt") with { Published = null });
        _time.Advance(TimeSpan.FromDays(1));
        var sameWeek = await index.AssignAsync(StoryTestArticles.CarGift("two.txt") with { Published = null });
        _time.Advance(TimeSpan.FromDays(10));
        var muchLater = await index.AssignAsync(StoryTestArticles.CarGift("three.txt") with { Published = null });

        Assert.Equal(first.StoryId, sameWeek.StoryId);
        Assert.NotEqual(first.StoryId, muchLater.StoryId);
    }

    [Fact]
    public async Task AssignAsync_ThinBoilerplate_NeverJoinsAStory()
    {
        var index = Index(_stores.Open(_stores.Root));
        var notice = new Article("n1.txt", "Cookie notice", ["We use cookies to improve your experience. Accept all cookies to continue reading."], null, null, StoryTestArticles.Day);

        var first = await index.AssignAsync(notice);
        // Another notice, not a copy (a copy is the same story by its content hash).
        var second = await index.AssignAsync(notice with { Name = "n2.txt", Paragraphs = ["We use cookies to improve your experience. Accept all cookies to keep reading."] });

        Assert.True(second.IsNew);
        Assert.NotEqual(first.StoryId, second.StoryId);
    }

    [Fact]
    public async Task AssignAsync_EmptyArticle_FoundsItsOwnStory()
    {
        var index = Index(_stores.Open(_stores.Root));

        var empty = await index.AssignAsync(new Article("empty.txt", "", [], null, null, null));

        Assert.True(empty.IsNew);
        Assert.Equal(16, empty.StoryId.Length);
    }

    [Fact]
    public async Task AssignAsync_NewStoryId_IsDerivedFromTheFoundingArticle()
    {
        var one = await Index(_stores.Open(Path.Combine(_stores.Root, "a"))).AssignAsync(StoryTestArticles.Bridge());
        var two = await Index(_stores.Open(Path.Combine(_stores.Root, "b"))).AssignAsync(StoryTestArticles.Bridge());

        Assert.Equal(one.StoryId, two.StoryId);
    }

    [Fact]
    public async Task AssignAsync_StorageCalls_DoNotGrowWithTheNumberOfStories()
    {
        var options = new StoryOptions();
        var bound = 5 + (2 * options.LookupKeys) + options.FullTextCandidates;
        var small = await CallsForOneMoreAsync(storiesBefore: 10, options);
        var large = await CallsForOneMoreAsync(storiesBefore: 2_000, options);

        Assert.InRange(small.Calls, 1, bound);
        Assert.InRange(large.Calls, 1, bound);
        Assert.Equal(small.Calls, large.Calls);
        Assert.True(large.Objects > small.Objects * 10, "the larger index must really hold more state");
    }

    private async Task<(int Calls, int Objects)> CallsForOneMoreAsync(int storiesBefore, StoryOptions options)
    {
        var store = new CountingInMemoryObjectStore();
        var index = Index(store, options);
        var random = new Random(7);
        for (var i = 0; i < storiesBefore; i++)
        {
            await index.AssignAsync(StoryTestArticles.Synthetic(random, $"s{i}.txt"));
        }

        store.ResetCalls();
        var assignment = await index.AssignAsync(StoryTestArticles.CarGift());
        Assert.True(assignment.IsNew);
        return (store.Calls, store.ObjectCount);
    }

    [Fact]
    public async Task AssignAsync_RepeatedArticle_CostsOneRead()
    {
        var store = new CountingInMemoryObjectStore();
        var index = Index(store);
        await index.AssignAsync(StoryTestArticles.CarGift());
        store.ResetCalls();

        await index.AssignAsync(StoryTestArticles.CarGift());

        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task AssignAsync_ConcurrentReportsOfOneStory_EndInOneStoryWithOneFounder()
    {
        var seeds = StoryTestArticles.Seeds();
        Assert.NotNull(seeds);
        for (var round = 0; round < 8; round++)
        {
            // Two workers (two index instances, one folder) race on two reports of one story.
            var root = Path.Combine(_stores.Root, $"round{round}");
            Article[] reports = [seeds[0], seeds[1]];
            var results = await Task.WhenAll(reports.Select(article =>
                Task.Run(() => Index(_stores.Open(root)).AssignAsync(article))));

            Assert.Single(results.Select(r => r.StoryId).Distinct());
            Assert.Single(results, r => r.IsNew);
        }
    }

    [Fact]
    public async Task AssignAsync_ConcurrentWorkersOnTheSameArticle_GetTheSameAnswer()
    {
        for (var round = 0; round < 8; round++)
        {
            var root = Path.Combine(_stores.Root, $"same{round}");
            var store = _stores.Open(root);
            await Index(store).AssignAsync(StoryTestArticles.CarGift("founder.txt"));

            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                Task.Run(() => Index(_stores.Open(root)).AssignAsync(StoryTestArticles.CarGift("again.txt")))));

            Assert.Single(results.Distinct());
            Assert.False(results[0].IsNew);
        }
    }

    [Fact]
    public async Task AssignAsync_ReportsOfOverlappingTopics_InMemoryIndexDecidesTheSame()
    {
        // Reports drawn from a few topics with shared vocabulary: some join, some found stories,
        // and many decisions fall near the threshold, where the capped similarity must agree.
        var random = new Random(7);
        var topics = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 40).Select(_ => RandomWord(random)).ToArray()).ToArray();
        var articles = Enumerable.Range(0, 80).Select(i =>
        {
            var topic = topics[random.Next(topics.Length)];
            string Word() => random.Next(3) == 0 ? RandomWord(random) : topic[random.Next(topic.Length)];
            var paragraphs = Enumerable.Range(0, 3).Select(_ => string.Join(' ', Enumerable.Range(0, 30).Select(_ => Word())) + ".").ToList();
            return new Article($"r{i}.txt", string.Join(' ', Enumerable.Range(0, 6).Select(_ => Word())), paragraphs, null, null, StoryTestArticles.Day);
        }).ToList();
        var store = Index(new CountingInMemoryObjectStore());
        var memory = new InMemoryStoryIndex(new StoryOptions(), _time);

        var stored = new List<StoryAssignment>();
        var inMemory = new List<StoryAssignment>();
        foreach (var article in articles)
        {
            stored.Add(await store.AssignAsync(article));
            inMemory.Add(await memory.AssignAsync(article));
        }

        Assert.Equal(stored, inMemory);
        Assert.Contains(stored, a => !a.IsNew);
        Assert.True(stored.Count(a => a.IsNew) > 1, "every report joined one story");
    }

    private static string RandomWord(Random random) => new([.. Enumerable.Range(0, random.Next(5, 9)).Select(_ => (char)('a' + random.Next(26)))]);

    [Fact]
    public async Task AssignAsync_Null_Throws()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Index(_stores.Open(_stores.Root)).AssignAsync(null!));
    }
}
