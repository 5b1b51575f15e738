using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Stories;
using SummaryBot.Testing.Stories;

namespace SummaryBot.Tests.Stories;

/// <summary>Same cleaned text under another name: the same story, founded once.</summary>
public sealed class StoreStoryIndexCopyTests
{
    private readonly FakeTimeProvider _time = new(StoryTestArticles.Day);

    // A short wire brief: fewer distinct content words than Stories:MinContentWords, so the
    // similarity search never joins it to anything; only its content hash can.
    private static Article Brief(string name) => new(
        name,
        "Copper output rises at Chilean mine",
        ["Output at the Escondida copper mine rose 4 percent in January, its operator said on Monday, after repairs to a concentrator were finished ahead of schedule."],
        null, null, StoryTestArticles.Day);

    private StoreStoryIndex Index(IObjectStore store) =>
        new(store, Options.Create(new StoryOptions()), _time, NullLogger<StoreStoryIndex>.Instance);

    [Fact]
    public async Task AssignAsync_ThirteenCopiesUnderOtherNames_OneStoryFoundedOnce()
    {
        var store = new CountingInMemoryObjectStore();
        var index = Index(store);

        var results = new List<StoryAssignment>();
        for (var i = 0; i < 13; i++)
        {
            results.Add(await index.AssignAsync(Brief($"copy-{i}.txt")));
        }

        Assert.Single(results.Select(r => r.StoryId).Distinct());
        Assert.Single(results, r => r.IsNew);
        Assert.True(results[0].IsNew);
    }

    [Fact]
    public async Task AssignAsync_CopyWithOtherWhitespace_JoinsTheFirstReport()
    {
        var index = Index(new CountingInMemoryObjectStore());
        var first = await index.AssignAsync(StoryTestArticles.CarGift("car.txt"));
        var car = StoryTestArticles.CarGift("car-copy.html");

        var copy = await index.AssignAsync(car with { Paragraphs = [.. car.Paragraphs.Select(p => "  " + p.Replace(" ", "\u00a0 ", StringComparison.Ordinal) + "\n")] });

        Assert.Equal(first.StoryId, copy.StoryId);
        Assert.False(copy.IsNew);
    }

    [Fact]
    public async Task AssignAsync_Copy_CostsThreeCalls()
    {
        var store = new CountingInMemoryObjectStore();
        var index = Index(store);
        await index.AssignAsync(Brief("first.txt"));
        store.ResetCalls();

        await index.AssignAsync(Brief("second.txt"));

        // Record read, content-hash read, record create: no fingerprint lookup.
        Assert.Equal(3, store.Calls);
    }

    [Fact]
    public async Task AssignAsync_ConcurrentCopies_OneStoryWithOneFounder()
    {
        for (var round = 0; round < 4; round++)
        {
            // Every worker reads the content entry (absent) and the buckets before any of them writes.
            var shared = new CountingInMemoryObjectStore();
            var rendezvous = new Rendezvous(3);
            var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() =>
                Index(new RendezvousObjectStore(shared, rendezvous, "story-index/buckets/")).AssignAsync(Brief($"race-{round}-{i}.txt")))));

            Assert.Single(results.Select(r => r.StoryId).Distinct());
            Assert.Single(results, r => r.IsNew);
        }
    }

    [Fact]
    public async Task AssignAsync_SameTextAfterTheWindow_FoundsANewStoryThatLaterCopiesJoin()
    {
        var index = Index(new CountingInMemoryObjectStore());
        var early = await index.AssignAsync(Brief("early.txt"));
        _time.Advance(TimeSpan.FromDays(5));

        var late = await index.AssignAsync(Brief("late.txt"));
        var lateCopy = await index.AssignAsync(Brief("late-copy.txt"));

        Assert.True(late.IsNew);
        Assert.NotEqual(early.StoryId, late.StoryId);
        Assert.Equal(late.StoryId, lateCopy.StoryId);
        Assert.False(lateCopy.IsNew);
    }

    [Fact]
    public async Task AssignAsync_InMemoryIndex_JoinsCopiesAsTheStoreDoes()
    {
        var memory = new InMemoryStoryIndex(new StoryOptions(), _time);

        var first = await memory.AssignAsync(Brief("a.txt"));
        var copy = await memory.AssignAsync(Brief("b.txt"));

        Assert.Equal(first.StoryId, copy.StoryId);
        Assert.False(copy.IsNew);
    }
}
