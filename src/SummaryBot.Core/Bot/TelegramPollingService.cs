using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using SummaryBot.Core.Delivery.Telegram;

namespace SummaryBot.Core.Bot;

/// <summary>
/// Long polling for the CLI: deletes any webhook (Telegram refuses getUpdates while one is set),
/// then asks for updates with an offset past the last one handled and hands each to
/// <see cref="BotUpdateHandler"/>. A failing update is logged and skipped, never retried forever.
/// </summary>
public sealed class TelegramPollingService(
    ITelegramBotClient bot,
    BotUpdateHandler handler,
    IOptions<TelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    private static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.ChannelPost, UpdateType.CallbackQuery, UpdateType.MyChatMember];
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stoppingToken);
        logger.LogInformation("Polling Telegram for updates");
        var offset = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await bot.GetUpdates(offset, limit: 100, timeout: options.Value.PollingTimeoutSeconds, allowedUpdates: Wanted, cancellationToken: stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("getUpdates failed ({Error}); retrying in {Pause}", e.Message, ErrorPause);
                await Task.Delay(ErrorPause, timeProvider, stoppingToken);
                continue;
            }

            foreach (var update in updates)
            {
                offset = update.Id + 1;
                try
                {
                    await handler.HandleAsync(update, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Handling update {UpdateId} failed", update.Id);
                }
            }
        }
    }
}
