using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Summaries;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Stories;

public sealed class StoryRepositoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static Article Report(string name) => new(name, $"Dam opens ({name})", ["A new dam opened in the Tessen valley."], $"Outlet {name}", null, null);

    [Fact]
    public async Task CreateAsync_NoStoryYet_StoresTheSummaryAndTheFirstSource()
    {
        var clock = new FakeTimeProvider(Start);
        var repository = new StoryRepository(new InMemoryObjectStore(), clock);

        var story = await repository.CreateAsync("s1", Report("a.txt"), new Summary("Dam opens", "A dam opened.", "extractive"));

        var stored = await repository.GetAsync("s1");
        Assert.Equal(Start, story.FirstSeen);
        Assert.Equal(["a.txt"], story.Sources.Select(s => s.ArticleName));
        Assert.Equal("A dam opened.", story.Summary.Text);
        Assert.Equal(story.Summary, stored!.Summary);
        Assert.Equal(story.Sources, stored.Sources);
    }

    [Fact]
    public async Task CreateAsync_AnotherWorkerCreatedItMeanwhile_KeepsTheirSummaryAndAddsThisSource()
    {
        var clock = new FakeTimeProvider(Start);
        var repository = new StoryRepository(new InMemoryObjectStore(), clock);
        await repository.CreateAsync("s1", Report("a.txt"), new Summary("Dam opens", "First summary.", "extractive"));
        clock.Advance(TimeSpan.FromMinutes(5));

        var story = await repository.CreateAsync("s1", Report("b.txt"), new Summary("Dam opens", "Second summary.", "extractive"));

        Assert.Equal("First summary.", story.Summary.Text);
        Assert.Equal(Start, story.FirstSeen);
        Assert.Equal(["a.txt", "b.txt"], story.Sources.Select(s => s.ArticleName));
        Assert.Equal(story.Sources, (await repository.GetAsync("s1"))!.Sources);
    }
}
