using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SummaryBot.Core.Topics;

public static class TopicsServiceCollectionExtensions
{
    public static IServiceCollection AddSummaryBotTopics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => Gazetteer.Default);
        services.AddSingleton<ITopicCompiler>(sp => new TopicCompiler(sp.GetRequiredService<Gazetteer>()));
        return services;
    }
}
