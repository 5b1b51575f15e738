using Microsoft.Extensions.DependencyInjection;

namespace SummaryBot.Core.Subscriptions;

public static class SubscriptionsServiceCollectionExtensions
{
    public static IServiceCollection AddSummaryBotSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<SubscriptionCatalog>();
        return services;
    }
}
