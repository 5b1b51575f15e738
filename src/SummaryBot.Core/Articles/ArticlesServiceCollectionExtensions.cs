using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SummaryBot.Core.Articles;

public static class ArticlesServiceCollectionExtensions
{
    public static IServiceCollection AddSummaryBotArticles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArticleOptions>()
            .Bind(configuration.GetSection(ArticleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IArticleReader, ArticleReader>();
        return services;
    }
}
