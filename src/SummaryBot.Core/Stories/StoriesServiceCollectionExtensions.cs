using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SummaryBot.Core.Stories;

public static class StoriesServiceCollectionExtensions
{
    public static IServiceCollection AddSummaryBotStories(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IStoryIndex, StoreStoryIndex>();
        return services;
    }
}
