using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Summaries;

/// <summary>Summarizes one article. The registered <see cref="ISummarizer"/> never fails for a
/// readable article: the Azure OpenAI one falls back to the extractive one.</summary>
public interface ISummarizer
{
    Task<Summary> SummarizeAsync(Article article, CancellationToken cancellationToken = default);
}
