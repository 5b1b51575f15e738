using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SummaryBot.Core.Stories;

public static class StoriesServiceCollectionExtensions
{
    /// <summary>Same-story detection over the state store, configured by section <c>Stories</c>, and the
    /// story documents. Unless the model's registration (<c>AzureOpenAI/</c>) adds an
    /// <see cref="IStoryArbiter"/>, the similarity threshold decides alone.</summary>
    public static IServiceCollection AddSummaryBotStories(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoryOptions>()
            .Bind(configuration.GetSection(StoryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IStoryArbiter, NoStoryArbiter>();
        services.AddSingleton<IStoryIndex, StoreStoryIndex>();
        services.TryAddSingleton<StoryRepository>();
        services.TryAddSingleton<Summaries.ISummaryTranslator, Summaries.NoSummaryTranslator>(); // The model's registration adds its own.
        services.TryAddSingleton<StoryTranslations>();
        return services;
    }
}
