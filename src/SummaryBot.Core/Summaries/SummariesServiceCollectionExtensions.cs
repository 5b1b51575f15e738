using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SummaryBot.Core.Summaries;

public static class SummariesServiceCollectionExtensions
{
    /// <summary>The offline extractive summarizer, the <see cref="ISummarizer"/> unless the model's
    /// registration (<c>AzureOpenAI/</c>) puts Azure OpenAI in front of it; likewise no
    /// <see cref="ISummaryTranslator"/> (summaries stay in the article's language) unless the model's.</summary>
    public static IServiceCollection AddSummaryBotSummaries(this IServiceCollection services)
    {
        services.TryAddSingleton<ExtractiveSummarizer>();
        services.TryAddSingleton<ISummarizer>(sp => sp.GetRequiredService<ExtractiveSummarizer>());
        services.TryAddSingleton<ISummaryTranslator, NoSummaryTranslator>();
        return services;
    }
}
