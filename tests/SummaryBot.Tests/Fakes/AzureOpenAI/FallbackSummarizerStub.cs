using SummaryBot.Core.Articles;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Tests.Fakes.AzureOpenAI;

/// <summary>A stand-in for the extractive summarizer that says when it was used.</summary>
public sealed class FallbackSummarizerStub : ISummarizer
{
    public const string Headline = "Fallback headline";

    private int _calls;

    public int Calls => _calls;

    public Task<Summary> SummarizeAsync(Article article, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new Summary(Headline, "Fallback text.", SummarizerNames.Extractive));
    }
}
