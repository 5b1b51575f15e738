using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Core.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>The ledger-backed delivery service and an outbox: Telegram when <c>Telegram:BotToken</c>
    /// is set, else the console unless a host registered another; the webhook is closed (401) without a bot.</summary>
    public static IServiceCollection AddSummaryBotDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSummaryBotMetrics();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<Digests.DigestScheduler>();
        services.TryAddSingleton<Subscriptions.BotCommandHandler>();
        services.TryAddSingleton<Summaries.IAliasSuggester, Summaries.NoAliasSuggester>(); // AddSummaryBotSummaries registers the model's.
        if (configuration.IsTelegramConfigured())
        {
            services.AddSummaryBotTelegram(configuration);
        }

        services.TryAddSingleton<IOutbox>(sp => new ConsoleOutbox(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITelegramWebhook, ClosedTelegramWebhook>();
        return services;
    }
}
