using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Summaries;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Stories;

/// <summary>One model call per (story, language), whoever asks and however they race.</summary>
public sealed class StoryTranslationsTests
{
    private const string StoryId = "story-1";
    private readonly InMemoryObjectStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly GatedTranslator _translator = new();

    [Fact]
    public async Task GetAsync_TwoLanguagesAndARepeat_OneCallPerLanguageStoredOnTheStory()
    {
        var story = await CreateStoryAsync();
        var translations = NewInstance();

        var german = await translations.GetAsync(story, "de");
        var french = await translations.GetAsync(story, "fr");
        var germanAgain = await translations.GetAsync((await ReadAsync())!, "de");

        Assert.Equal(1, _translator.Calls("de"));
        Assert.Equal(1, _translator.Calls("fr"));
        Assert.Equal(LocalizedSummaryStatus.Translated, german.Status);
        Assert.Equal("[de] Ferry capsizes", german.Summary.Headline);
        Assert.Equal("[fr] Ferry capsizes", french.Summary.Headline);
        Assert.Equal(german.Summary, germanAgain.Summary);
        Assert.True(german.MadeNow);
        Assert.False(germanAgain.MadeNow);
        var stored = (await ReadAsync())!.Translations!;
        Assert.Equal(StoryTranslationState.Ready, stored["de"].State);
        Assert.Equal(StoryTranslationState.Ready, stored["fr"].State);
    }

    [Fact]
    public async Task GetAsync_EightSendersOnTwoInstancesRace_ExactlyOneCallAndNoLostTranslation()
    {
        var story = await CreateStoryAsync();
        _translator.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StoryTranslations[] instances = [NewInstance(), NewInstance()];

        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(() => instances[i % 2].GetAsync(story, "de"))).ToList();
        await _translator.FirstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // While the call is in flight, another report joins the story (a write to the same document).
        var repository = new StoryRepository(_store, _clock);
        await repository.AddSourceAsync(StoryId, NewArticle("second.txt"), () => throw new InvalidOperationException("the story exists"));
        // The seven that lost the claim are told to come back at once, without waiting on the call.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (racers.Count(r => r.IsCompleted) < 7 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var waiting = await Task.WhenAll(racers.Where(r => r.IsCompleted));
        Assert.Equal(7, waiting.Length);
        _translator.Gate.SetResult();
        var all = await Task.WhenAll(racers);

        Assert.Equal(1, _translator.Calls("de"));
        Assert.Equal(7, all.Count(r => r.Status == LocalizedSummaryStatus.Pending));
        Assert.All(waiting, r => Assert.Equal(LocalizedSummaryStatus.Pending, r.Status));
        Assert.Single(all, r => r.Status == LocalizedSummaryStatus.Translated);
        var stored = (await ReadAsync())!;
        Assert.Equal(["first.txt", "second.txt"], stored.Sources.Select(s => s.ArticleName));
        Assert.Equal("[de] Ferry capsizes", stored.Translations!["de"].Summary!.Headline);

        // Those told to come back find it ready, with no further call.
        var later = await instances[1].GetAsync(stored, "de");
        Assert.Equal(LocalizedSummaryStatus.Translated, later.Status);
        Assert.Equal(1, _translator.Calls("de"));
    }

    [Fact]
    public async Task GetAsync_ModelFailsOnALanguage_FallsBackWithANoteAndNeverAsksAgain()
    {
        var story = await CreateStoryAsync();
        _translator.Failing.Add("ja");
        var translations = NewInstance();

        var first = await translations.GetAsync(story, "ja");
        var second = await NewInstance().GetAsync((await ReadAsync())!, "ja");

        Assert.Equal(LocalizedSummaryStatus.FellBack, first.Status);
        Assert.Equal(story.Summary, first.Summary);
        Assert.Equal("Summary in the article's language: the AI model could not write it in Japanese.", first.Note);
        Assert.Equal(LocalizedSummaryStatus.FellBack, second.Status);
        Assert.Equal(1, _translator.Calls("ja"));
        var entry = (await ReadAsync())!.Translations!["ja"];
        Assert.Equal(StoryTranslationState.Failed, entry.State);
        Assert.Equal("the test model fails on ja", entry.Error);
    }

    [Fact]
    public async Task GetAsync_ClaimHolderDied_ClaimIsTakenOverAfterTheLease()
    {
        var story = await CreateStoryAsync();
        // A sender claimed the call and died: the claim is on the story, no summary came.
        await _store.UpdateJsonAsync<StoryDocument>(StoryPaths.Story(StoryId), s => s! with
        {
            Translations = new Dictionary<string, StoryTranslation>
            {
                ["de"] = new() { State = StoryTranslationState.Pending, ClaimedBy = "dead", ClaimedAt = _clock.GetUtcNow() },
            },
        });
        var translations = NewInstance();

        var during = await translations.GetAsync((await ReadAsync())!, "de");
        _clock.Advance(StoryTranslations.ClaimLease + TimeSpan.FromSeconds(1));
        var after = await translations.GetAsync((await ReadAsync())!, "de");

        Assert.Equal(LocalizedSummaryStatus.Pending, during.Status);
        Assert.Equal(LocalizedSummaryStatus.Translated, after.Status);
        Assert.Equal(1, _translator.Calls("de"));
        Assert.Equal(story.Summary, during.Summary);
    }

    [Fact]
    public async Task GetAsync_NoLanguageUnknownTagOrNoModel_StoryOwnSummaryWithoutACall()
    {
        var story = await CreateStoryAsync();
        var offline = new StoryTranslations(_store, new NoSummaryTranslator(), _clock, NullLogger<StoryTranslations>.Instance);

        var none = await NewInstance().GetAsync(story, null);
        var unknown = await NewInstance().GetAsync(story, "xx");
        var withoutModel = await offline.GetAsync(story, "de");

        Assert.Equal(LocalizedSummaryStatus.Original, none.Status);
        Assert.Equal(LocalizedSummaryStatus.Original, unknown.Status);
        Assert.Equal(LocalizedSummaryStatus.FellBack, withoutModel.Status);
        Assert.Equal(story.Summary, withoutModel.Summary);
        Assert.Equal("Summary in the article's language: summaries in German need an AI model, and none is configured.", withoutModel.Note);
        Assert.Equal(0, _translator.TotalCalls);
        Assert.Null((await ReadAsync())!.Translations);
    }

    [Fact]
    public async Task Known_ReadsOnlyWhatTheStoryHolds()
    {
        var story = await CreateStoryAsync();
        await NewInstance().GetAsync(story, "de");
        var stored = (await ReadAsync())!;

        Assert.Equal("[de] Ferry capsizes", StoryTranslations.Known(stored, "de").Summary.Headline);
        Assert.Equal(story.Summary, StoryTranslations.Known(stored, "fr").Summary);
        Assert.Equal(1, _translator.TotalCalls);
    }

    private StoryTranslations NewInstance() => new(_store, _translator, _clock, NullLogger<StoryTranslations>.Instance);

    private async Task<StoryDocument> CreateStoryAsync() =>
        await new StoryRepository(_store, _clock).CreateAsync(
            StoryId, NewArticle("first.txt"), new Summary("Ferry capsizes", "A ferry with 84 people capsized off Zanzibar on Monday.", SummarizerNames.Extractive));

    private async Task<StoryDocument?> ReadAsync() => (await _store.GetJsonAsync<StoryDocument>(StoryPaths.Story(StoryId)))?.Value;

    private static Article NewArticle(string name) =>
        new(name, "Ferry capsizes off Zanzibar", ["A ferry with 84 people capsized off Zanzibar on Monday."], name, null, null);
}
