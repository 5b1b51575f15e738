using SummaryBot.Core.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Core.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// The outbox queue (an Azure Storage queue with Azure storage, else a table in the embedded
    /// database <c>{StateDirectory}/summarybot.db</c>), the sender that empties it, the ledger-backed
    /// delivery service, and an outbox: Telegram when <c>Telegram:BotToken</c> is set (with limits
    /// shared through the state store), else the console unless a host registered another.
    /// </summary>
    public static IServiceCollection AddSummaryBotDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSummaryBotMetrics();
        services.AddOptions<DeliveryOptions>()
            .Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IDeliveryQueue>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var delivery = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            return storage.UsesAzure
                ? AzureDeliveryQueue.Create(storage, delivery.QueueName)
                : new SqliteDeliveryQueue(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ChatSender>();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<DeliveryQueueProcessor>();
        services.AddSingleton<Digests.DigestScheduler>();
        services.AddSingleton<Digests.DigestSender>();
        if (configuration.IsTelegramConfigured())
        {
            services.AddSummaryBotTelegram(configuration);
            services.TryAddSingleton<ISendGate, StoreSendGate>();
        }

        services.TryAddSingleton<ISendGate, OpenSendGate>();
        services.TryAddSingleton<IOutbox>(sp => new ConsoleOutbox(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
