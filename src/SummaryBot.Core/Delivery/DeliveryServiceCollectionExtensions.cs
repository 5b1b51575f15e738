using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SummaryBot.Core.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>The ledger-backed delivery service and an outbox: the console unless a host registered another.</summary>
    public static IServiceCollection AddSummaryBotDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<Digests.DigestScheduler>();
        services.TryAddSingleton<IOutbox>(sp => new ConsoleOutbox(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
