using Microsoft.Extensions.DependencyInjection;

namespace SummaryBot.Core.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddSummaryBotPipeline(this IServiceCollection services)
    {
        services.AddSingleton<ArticlePipeline>();
        services.AddSingleton<InboxProcessor>();
        return services;
    }
}
