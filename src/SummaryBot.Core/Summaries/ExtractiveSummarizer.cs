using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Summaries;

/// <summary>The offline summarizer. (Skeleton: title and first paragraph.)</summary>
public sealed class ExtractiveSummarizer : ISummarizer
{
    public Task<Summary> SummarizeAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Task.FromResult(new Summary(article.Title, article.Paragraphs.Count > 0 ? article.Paragraphs[0] : string.Empty, SummarizerNames.Extractive));
    }
}
