using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SummaryBot.Core.Delivery.Outbox;

namespace SummaryBot.Core.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddSummaryBotPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSummaryBotMetrics();
        services.AddOptions<InboxOptions>()
            .Bind(configuration.GetSection(InboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ArticlePipeline>();
        services.AddSingleton<InboxProcessor>();
        services.TryAddSingleton<IDeliveryOutcomeSink, ResultOutcomeSink>();
        return services;
    }
}
