using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Pipeline;

namespace SummaryBot.Cli.Commands;

/// <summary><c>summarybot run</c>: process the inbox once, or keep watching it.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var inbox = CliOptions.Inbox();
        var state = CliOptions.State();
        var blob = CliOptions.Blob();
        var container = CliOptions.Container();
        var once = new Option<bool>("--once") { Description = "Process what is in the inbox now, then exit." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between inbox polls when watching.",
            DefaultValueFactory = _ => 2,
        };
        var verbose = CliOptions.Verbose();
        var command = new Command("run", "Process articles from the inbox (a folder, or a blob container with --blob), deliver alerts, and record results.")
        {
            inbox, state, blob, container, once, interval, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state), parse.GetValue(inbox), parse.GetValue(blob), parse.GetValue(container)));
            if (!host.ValidateConfiguration())
            {
                return 2;
            }

            var processor = host.Get<InboxProcessor>();
            if (parse.GetValue(once))
            {
                var outcomes = await processor.ProcessPendingAsync(cancellationToken);
                RunReport.Write(Console.Out, processor.InboxDescription, outcomes);
                return 0;
            }

            await host.StartAsync(cancellationToken);

            // With Telegram:BotToken set, commands arrive by long polling while the inbox is watched.
            var polling = host.Services.GetService<TelegramPollingService>();
            if (polling is not null)
            {
                await polling.StartAsync(cancellationToken);
                Console.Error.WriteLine("Telegram bot on: receiving commands by long polling.");
            }

            Console.Error.WriteLine($"Watching {processor.InboxDescription}; press Ctrl+C to stop.");
            var pause = TimeSpan.FromSeconds(Math.Max(0.2, parse.GetValue(interval)));
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var outcomes = await processor.ProcessPendingAsync(cancellationToken);
                    if (outcomes.Count > 0)
                    {
                        RunReport.Write(Console.Out, processor.InboxDescription, outcomes);
                    }

                    await Task.Delay(pause, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: a normal way to stop watching.
            }

            if (polling is not null)
            {
                await polling.StopAsync(CancellationToken.None);
            }

            await host.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
