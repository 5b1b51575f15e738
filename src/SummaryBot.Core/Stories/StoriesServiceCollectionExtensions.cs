using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SummaryBot.Core.Stories;

public static class StoriesServiceCollectionExtensions
{
    /// <summary>Same-story detection over the state store, configured by section <c>Stories</c>.</summary>
    public static IServiceCollection AddSummaryBotStories(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoryOptions>()
            .Bind(configuration.GetSection(StoryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IStoryIndex, StoreStoryIndex>();
        return services;
    }
}
