using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Tests.Stories;

/// <summary>
/// Borderline decisions with an <see cref="IStoryArbiter"/>. The two seed reports (similarity
/// about 0.48) are the pair; the band is moved around them through the options.
/// </summary>
public sealed class StoreStoryIndexArbiterTests
{
    private readonly FakeTimeProvider _time = new(StoryTestArticles.Day);
    private readonly CountingInMemoryObjectStore _store = new();

    private static StoryOptions Band(double floor, double ceiling, double threshold = 0.10) =>
        new() { ArbiterFloor = floor, ArbiterCeiling = ceiling, SimilarityThreshold = threshold };

    private StoreStoryIndex Index(StoryOptions options, IStoryArbiter arbiter, IObjectStore? store = null) =>
        new(store ?? _store, Options.Create(options), _time, NullLogger<StoreStoryIndex>.Instance, arbiter);

    private static IReadOnlyList<Article> Seeds()
    {
        var seeds = StoryTestArticles.Seeds();
        Assert.True(seeds is { Count: 2 }, "shared/seeds with two articles must sit beside the repository");
        return seeds;
    }

    /// <summary>Founds the story of the first seed and stores its document, as the pipeline does.</summary>
    private async Task<StoryAssignment> FoundAsync(StoreStoryIndex index, Article article)
    {
        var founder = await index.AssignAsync(article);
        Assert.True(founder.IsNew);
        await new StoryRepository(_store, _time).CreateAsync(founder.StoryId, article, new Summary("Putin gives Kim a car", "Putin gave Kim an Aurus.", SummarizerNames.Extractive));
        return founder;
    }

    [Fact]
    public async Task AssignAsync_InTheBandAndArbiterSaysAnotherEvent_FoundsANewStory()
    {
        var seeds = Seeds();
        var arbiter = new StubArbiter(false);
        var index = Index(Band(0.05, 0.9), arbiter);
        var founder = await FoundAsync(index, seeds[0]);

        var second = await index.AssignAsync(seeds[1]);

        Assert.True(second.IsNew);
        Assert.NotEqual(founder.StoryId, second.StoryId);
        var (article, story) = Assert.Single(arbiter.Questions);
        Assert.Equal(seeds[1].Name, article.Name);
        Assert.Equal(founder.StoryId, story.StoryId);
    }

    [Fact]
    public async Task AssignAsync_InTheBandAndArbiterSaysSameEvent_JoinsEvenAboveTheThreshold()
    {
        var seeds = Seeds();
        var arbiter = new StubArbiter(true);
        // The threshold alone would keep the two apart.
        var index = Index(Band(0.05, 0.9, threshold: 0.8), arbiter);
        var founder = await FoundAsync(index, seeds[0]);

        var second = await index.AssignAsync(seeds[1]);

        Assert.False(second.IsNew);
        Assert.Equal(founder.StoryId, second.StoryId);
        Assert.Single(arbiter.Questions);
    }

    [Theory]
    [InlineData(0.10, false)]
    [InlineData(0.80, true)]
    public async Task AssignAsync_ArbiterCannotTell_TheThresholdDecides(double threshold, bool expectNew)
    {
        var seeds = Seeds();
        var arbiter = new StubArbiter(null);
        var index = Index(Band(0.05, 0.9, threshold), arbiter);
        await FoundAsync(index, seeds[0]);

        var second = await index.AssignAsync(seeds[1]);

        Assert.Equal(expectNew, second.IsNew);
        Assert.Single(arbiter.Questions);
    }

    [Fact]
    public async Task AssignAsync_StoryNotStoredYet_DoesNotAskAndTheThresholdDecides()
    {
        var seeds = Seeds();
        var arbiter = new StubArbiter(false);
        var index = Index(Band(0.05, 0.9), arbiter);
        var founder = await index.AssignAsync(seeds[0]); // no story document: its summary is still being made

        var second = await index.AssignAsync(seeds[1]);

        Assert.Equal(founder.StoryId, second.StoryId);
        Assert.Empty(arbiter.Questions);
    }

    [Fact]
    public async Task AssignAsync_AtOrAboveTheCeiling_JoinsWithoutAsking()
    {
        var seeds = Seeds();
        var arbiter = new StubArbiter(false);
        var index = Index(Band(0.05, 0.3), arbiter);
        var founder = await FoundAsync(index, seeds[0]);

        var second = await index.AssignAsync(seeds[1]);

        Assert.Equal(founder.StoryId, second.StoryId);
        Assert.Empty(arbiter.Questions);
    }

    [Fact]
    public async Task AssignAsync_BelowTheFloor_FoundsANewStoryWithoutAsking()
    {
        var seeds = Seeds();
        var arbiter = new StubArbiter(true);
        // The floor is above the similarity of the pair, the threshold below it: the floor wins.
        var index = Index(Band(0.6, 0.9), arbiter);
        await FoundAsync(index, seeds[0]);

        var second = await index.AssignAsync(seeds[1]);

        Assert.True(second.IsNew);
        Assert.Empty(arbiter.Questions);
    }

    [Fact]
    public async Task AssignAsync_NoArbiterAvailable_TheThresholdDecides()
    {
        var seeds = Seeds();
        var index = Index(Band(0.6, 0.9), new NoStoryArbiter());
        var founder = await FoundAsync(index, seeds[0]);

        var second = await index.AssignAsync(seeds[1]);

        Assert.Equal(founder.StoryId, second.StoryId);
    }

    [Fact]
    public async Task AssignAsync_RetriesAfterTheArbiterTurnedAReportDown_KeepTheAnswerWithoutAskingAgain()
    {
        var seeds = Seeds();
        var arbiter = new StubArbiter(false);
        var index = Index(Band(0.05, 0.9), arbiter);
        await FoundAsync(index, seeds[0]);
        var first = await index.AssignAsync(seeds[1]);

        // A repeated trigger (the record exists), then a crash before the record (the buckets hold
        // the decision), on a new worker whose model would now say the opposite.
        var repeated = await index.AssignAsync(seeds[1]);
        Assert.True(await _store.DeleteAsync(StoreStoryIndex.ArticlePath(seeds[1].Name)));
        arbiter.Answer = true;
        var afterCrash = await Index(Band(0.05, 0.9), arbiter).AssignAsync(seeds[1]);

        Assert.Equal(first, repeated);
        Assert.Equal(first, afterCrash);
        Assert.Single(arbiter.Questions);
    }

    [Fact]
    public async Task AssignAsync_AskingTheArbiter_CostsOneStoryReadMore()
    {
        var seeds = Seeds();
        var options = Band(0.05, 0.9);
        var index = Index(options, new StubArbiter(true));
        await FoundAsync(index, seeds[0]);
        _store.ResetCalls();

        await index.AssignAsync(seeds[1]);

        // Record read, content-hash read, vector create, bucket reads, the one candidate's vector,
        // bucket writes, content-hash create, record create, and the story document.
        Assert.Equal(5 + (2 * options.LookupKeys) + 1 + 1, _store.Calls);
    }

    [Theory]
    [InlineData(0.10, true)]
    [InlineData(0.60, false)]
    public async Task AssignAsync_TwoReportsFoundAtOnceInTheBand_TheThresholdDecidesAndOneDefers(double threshold, bool expectOneStory)
    {
        // Both workers read the buckets before either writes: each founds, then meets the other while
        // appending. Neither story is stored yet, so the arbiter cannot be asked; the threshold decides,
        // as it does when a report finds a story whose document is not there yet.
        var seeds = Seeds();
        var arbiter = new StubArbiter(false);
        var options = Band(0.05, 0.9, threshold);
        var rendezvous = new Rendezvous(2);

        var results = await Task.WhenAll(seeds.Select(article => Task.Run(() =>
            Index(options, arbiter, new RendezvousObjectStore(_store, rendezvous, StoryPaths.IndexPrefix + "buckets/")).AssignAsync(article))));

        Assert.Empty(arbiter.Questions);
        Assert.Equal(expectOneStory ? 1 : 2, results.Select(r => r.StoryId).Distinct().Count());
        Assert.Equal(expectOneStory ? 1 : 2, results.Count(r => r.IsNew));
        var again = await Task.WhenAll(seeds.Select(article => Index(options, arbiter).AssignAsync(article)));
        Assert.Equal(results, again);
    }

    private sealed class StubArbiter(bool? answer) : IStoryArbiter
    {
        public bool? Answer { get; set; } = answer;

        public List<(Article Article, StoryDocument Story)> Questions { get; } = [];

        public bool IsAvailable => true;

        public Task<bool?> IsSameEventAsync(Article article, StoryDocument story, CancellationToken cancellationToken = default)
        {
            Questions.Add((article, story));
            return Task.FromResult(Answer);
        }
    }
}
