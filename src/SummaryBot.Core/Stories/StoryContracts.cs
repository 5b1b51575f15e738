using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Stories;

/// <summary>Which story an article belongs to.</summary>
/// <param name="StoryId">Same value for every report of one story.</param>
/// <param name="IsNew">True when this article founded the story (also on a retry of that article).</param>
public sealed record StoryAssignment(string StoryId, bool IsNew);

/// <summary>
/// Same-story detection with persistent state. Idempotent per article name: assigning the same
/// article again (a retry, a second trigger) returns the same story and the same <c>IsNew</c>.
/// Lookup cost must not grow with the number of stories seen.
/// </summary>
public interface IStoryIndex
{
    Task<StoryAssignment> AssignAsync(Article article, CancellationToken cancellationToken = default);
}
