using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SummaryBot.Core.Articles;
using SummaryBot.Core.AzureOpenAI;
using SummaryBot.Core.Bot;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Telemetry;
using SummaryBot.Core.Topics;

namespace SummaryBot.Core.Hosting;

public static class SummaryBotServiceCollectionExtensions
{
    /// <summary>
    /// Everything SummaryBot needs, for every host: the Functions worker and the CLI call this and
    /// add only triggers. Each capability registers itself from its own folder.
    /// </summary>
    public static IServiceCollection AddSummaryBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSummaryBotMetrics();
        services.AddSummaryBotStorage(configuration);
        services.AddSummaryBotArticles(configuration);
        services.AddSummaryBotSummaries();
        services.AddSummaryBotTopics(configuration);
        services.AddSummaryBotStories(configuration);
        services.AddSummaryBotSubscriptions();
        services.AddSummaryBotAzureOpenAI(configuration);
        services.AddSummaryBotDelivery(configuration);
        services.AddSummaryBotBot(configuration);
        services.AddSummaryBotPipeline(configuration);
        return services;
    }
}
