using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Subscriptions;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace SummaryBot.Core.Bot;

/// <summary>Registers the command menu with setMyCommands when a host starts (both hosts run hosted
/// services). A failure is logged, not fatal: the menu is a convenience, the commands work anyway.</summary>
public sealed class TelegramCommandsRegistrar(ITelegramBotClient bot, ILogger<TelegramCommandsRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RegisterAsync(cancellationToken);
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning("Could not register the bot's commands with Telegram: {Error}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await bot.SetMyCommands(
            BotCommandHandler.Menu.Select(c => new BotCommand { Command = c.Name, Description = c.Description }),
            cancellationToken: cancellationToken);
        logger.LogInformation("Registered {CommandCount} bot commands", BotCommandHandler.Menu.Count);
    }
}
