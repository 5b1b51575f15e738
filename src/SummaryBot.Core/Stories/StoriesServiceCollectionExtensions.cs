using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SummaryBot.Core.Stories;

public static class StoriesServiceCollectionExtensions
{
    /// <summary>Same-story detection over the state store, configured by section <c>Stories</c>.
    /// Without another <see cref="IStoryArbiter"/> registered (the summaries registration adds the
    /// model when Azure OpenAI is configured), the similarity threshold decides alone.</summary>
    public static IServiceCollection AddSummaryBotStories(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoryOptions>()
            .Bind(configuration.GetSection(StoryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IStoryArbiter, NoStoryArbiter>();
        services.AddSingleton<IStoryIndex, StoreStoryIndex>();
        return services;
    }
}
