using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.Stories;

/// <summary>Reads and writes <see cref="StoryDocument"/>s; adding a source is idempotent.</summary>
public sealed class StoryRepository(IObjectStore store, TimeProvider timeProvider)
{
    public async Task<StoryDocument?> GetAsync(string storyId, CancellationToken cancellationToken = default) =>
        (await store.GetJsonAsync<StoryDocument>(StoryPaths.Story(storyId), cancellationToken))?.Value;

    /// <summary>Creates a story that was just found absent, with its summary and first source; when
    /// another worker created it meanwhile, adds <paramref name="article"/> to theirs instead.</summary>
    public async Task<StoryDocument> CreateAsync(string storyId, Article article, Summary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(summary);
        var story = NewStory(storyId, Source(article), summary);
        return await store.TryCreateJsonAsync(StoryPaths.Story(storyId), story, cancellationToken)
            ? story
            : await AddSourceAsync(storyId, article, () => summary, cancellationToken);
    }

    /// <summary>Creates the story with its summary and first source unless it exists, then makes
    /// sure <paramref name="article"/> is among its sources. Returns the story as stored.</summary>
    public async Task<StoryDocument> AddSourceAsync(
        string storyId, Article article, Func<Summary> summaryWhenNew, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(summaryWhenNew);
        var source = Source(article);
        var stored = await store.UpdateJsonAsync<StoryDocument>(
            StoryPaths.Story(storyId),
            current => current switch
            {
                null => NewStory(storyId, source, summaryWhenNew()),
                _ when current.Sources.Any(s => s.ArticleName == article.Name) => current,
                _ => current with { Sources = [.. current.Sources, source] },
            },
            cancellationToken);
        return stored!;
    }

    private StorySource Source(Article article) =>
        new(article.Name, article.Title, article.Outlet, article.Url, timeProvider.GetUtcNow());

    private static StoryDocument NewStory(string storyId, StorySource first, Summary summary) =>
        new() { StoryId = storyId, FirstSeen = first.AddedAt, Summary = summary, Sources = [first] };
}
