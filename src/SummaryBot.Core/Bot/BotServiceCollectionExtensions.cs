using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SummaryBot.Core.Delivery.Telegram;

namespace SummaryBot.Core.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>
    /// The bot's side of Telegram: the command handler (the CLI's console commands use it too) and,
    /// when <c>Telegram:BotToken</c> is set, the update and webhook handlers, admin checks and the
    /// command menu registration at start; without a bot the webhook is closed (401). Long polling is
    /// separate (<see cref="AddSummaryBotTelegramPolling"/>): only the CLI uses it. Sending goes
    /// through Delivery, which registers the Bot API client.
    /// </summary>
    public static IServiceCollection AddSummaryBotBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<ChatSettings>();
        services.TryAddSingleton<BotCommandHandler>();
        if (configuration.IsTelegramConfigured())
        {
            services.TryAddSingleton<TelegramBotIdentity>();
            services.TryAddSingleton<TelegramChatAccess>();
            services.TryAddSingleton<BotUpdateHandler>();
            services.TryAddSingleton<TelegramWebhookHandler>();
            services.TryAddSingleton<ITelegramWebhook>(sp => sp.GetRequiredService<TelegramWebhookHandler>());
            services.TryAddSingleton<TelegramPollingService>();
            services.AddHostedService<TelegramCommandsRegistrar>();
        }

        services.TryAddSingleton<ITelegramWebhook, ClosedTelegramWebhook>();
        return services;
    }

    /// <summary>Runs long polling as a hosted service. The Functions host uses the webhook instead;
    /// the CLI starts <see cref="TelegramPollingService"/> itself, only when it watches.</summary>
    public static IServiceCollection AddSummaryBotTelegramPolling(this IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TelegramPollingService>());
        return services;
    }
}
