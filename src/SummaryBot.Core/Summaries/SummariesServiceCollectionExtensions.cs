using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SummaryBot.Core.Summaries;

public static class SummariesServiceCollectionExtensions
{
    /// <summary>The offline extractive summarizer; Azure OpenAI in front of it when configured.</summary>
    public static IServiceCollection AddSummaryBotSummaries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ExtractiveSummarizer>();
        services.AddSingleton<ISummarizer>(sp => sp.GetRequiredService<ExtractiveSummarizer>());
        return services;
    }
}
