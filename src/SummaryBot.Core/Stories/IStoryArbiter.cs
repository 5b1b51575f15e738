using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Stories;

/// <summary>
/// A second opinion on borderline same-story decisions. When one is available, a report whose best
/// similarity falls in [<see cref="StoryOptions.ArbiterFloor"/>, <see cref="StoryOptions.ArbiterCeiling"/>)
/// joins the best story only if the arbiter says it reports the same event; at or above the
/// ceiling it joins without asking, below the floor it founds a new story. When the arbiter
/// cannot tell (null), the plain <see cref="StoryOptions.SimilarityThreshold"/> decides.
/// </summary>
public interface IStoryArbiter
{
    /// <summary>False when there is nobody to ask (no model configured): the threshold decides alone.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Whether <paramref name="article"/> reports the same event as <paramref name="story"/>; null
    /// when the arbiter cannot tell (the request failed, the reply made no sense).
    /// </summary>
    Task<bool?> IsSameEventAsync(Article article, StoryDocument story, CancellationToken cancellationToken = default);
}

/// <summary>No arbiter: every decision is the similarity threshold's.</summary>
public sealed class NoStoryArbiter : IStoryArbiter
{
    public bool IsAvailable => false;

    public Task<bool?> IsSameEventAsync(Article article, StoryDocument story, CancellationToken cancellationToken = default) =>
        Task.FromResult<bool?>(null);
}
