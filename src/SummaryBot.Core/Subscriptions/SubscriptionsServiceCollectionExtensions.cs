using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SummaryBot.Core.Subscriptions;

public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>Chats' subscriptions and the catalog matchers are built from. Topics get no alias
    /// suggestions unless the model's registration (<c>AzureOpenAI/</c>) adds a suggester.</summary>
    public static IServiceCollection AddSummaryBotSubscriptions(this IServiceCollection services)
    {
        services.TryAddSingleton<IAliasSuggester, NoAliasSuggester>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<SubscriptionCatalog>();
        return services;
    }
}
