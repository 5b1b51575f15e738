namespace SummaryBot.Core.Summaries;

/// <summary>
/// Writes a story's summary in another language (Azure OpenAI when configured). Never throws for a
/// failing service: the result then carries the reason, and the caller keeps the original summary.
/// </summary>
public interface ISummaryTranslator
{
    /// <summary>False without a model: summaries stay in each article's own language.</summary>
    bool IsAvailable { get; }

    Task<TranslatedSummary> TranslateAsync(Summary summary, SummaryLanguage language, CancellationToken cancellationToken = default);
}

/// <summary>The summary in the requested language, or why there is none (a sentence for the log and the story document).</summary>
public sealed record TranslatedSummary(Summary? Summary, string? Failure)
{
    public static TranslatedSummary Failed(string reason) => new(null, reason);
}

/// <summary>The default without Azure OpenAI: no other languages.</summary>
public sealed class NoSummaryTranslator : ISummaryTranslator
{
    public bool IsAvailable => false;

    public Task<TranslatedSummary> TranslateAsync(Summary summary, SummaryLanguage language, CancellationToken cancellationToken = default) =>
        Task.FromResult(TranslatedSummary.Failed("no AI model is configured (AzureOpenAI:Endpoint)"));
}
