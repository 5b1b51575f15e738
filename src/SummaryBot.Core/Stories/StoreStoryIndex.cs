using System.Security.Cryptography;
using System.Text;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Stories;

/// <summary>(Skeleton: one story per distinct title.)</summary>
public sealed class StoreStoryIndex(IObjectStore store) : IStoryIndex
{
    public async Task<StoryAssignment> AssignAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(article.Title.ToUpperInvariant())))[..16];
        var entry = await store.UpdateJsonAsync<Entry>(
            $"{StatePaths.StoryIndexPrefix}{key}.json",
            current => current ?? new Entry(key, article.Name),
            cancellationToken);
        return new StoryAssignment(entry!.StoryId, entry.FirstArticle == article.Name);
    }

    private sealed record Entry(string StoryId, string FirstArticle);
}
