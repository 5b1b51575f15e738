using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SummaryBot.Core.Summaries;

public static class SummariesServiceCollectionExtensions
{
    /// <summary>The offline extractive summarizer, the <see cref="ISummarizer"/> unless the model's
    /// registration (<c>AzureOpenAI/</c>) puts Azure OpenAI in front of it.</summary>
    public static IServiceCollection AddSummaryBotSummaries(this IServiceCollection services)
    {
        services.TryAddSingleton<ExtractiveSummarizer>();
        services.TryAddSingleton<ISummarizer>(sp => sp.GetRequiredService<ExtractiveSummarizer>());
        return services;
    }
}
