using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SummaryBot.Core.Delivery.Digests;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Bot;

namespace SummaryBot.Cli.Commands;

/// <summary><c>summarybot run</c>: process the inbox once, or keep watching it.</summary>
internal static class RunCommand
{
    /// <summary>How often a watching <c>run</c> sends the digests that are due.</summary>
    private static readonly TimeSpan DigestRunInterval = TimeSpan.FromMinutes(1);

    public static Command Create()
    {
        var inbox = CliOptions.Inbox();
        var state = CliOptions.State();
        var blob = CliOptions.Blob();
        var container = CliOptions.Container();
        var once = new Option<bool>("--once") { Description = "Process what is in the inbox now, then exit (exit code 1 when any file failed)." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between inbox polls when watching.",
            DefaultValueFactory = _ => 2,
        };
        var subscriptions = new Option<FileInfo?>("--subscriptions")
        {
            Description = "A JSON file of console-chat subscriptions to apply before running (see samples/subscriptions.json).",
        };
        var verbose = CliOptions.Verbose();
        var command = new Command("run", "Process articles from the inbox (a folder, or a blob container with --blob), deliver alerts, and record results.")
        {
            inbox, state, blob, container, once, interval, subscriptions, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state), parse.GetValue(inbox), parse.GetValue(blob), parse.GetValue(container)));
            if (!host.ValidateConfiguration())
            {
                return 2;
            }

            if (parse.GetValue(subscriptions) is { } seedFile &&
                !await SubscriptionSeed.ApplyAsync(seedFile.FullName, host.Get<SubscriptionService>(), cancellationToken))
            {
                return 2;
            }

            var processor = host.Get<InboxProcessor>();
            var sender = host.Get<DeliveryQueueProcessor>();
            if (parse.GetValue(once))
            {
                try
                {
                    // The sender empties the outbox queue while the article stage fills it, as in Azure.
                    var articles = processor.ProcessPendingAsync(cancellationToken);
                    var sent = await sender.RunAlongsideAsync(articles, IdleSenderPause, cancellationToken);
                    sent = sent.Add(await FinishSoonDueJobsAsync(sender, host.Get<IDeliveryQueue>(), cancellationToken));
                    var outcomes = await WithDeliveriesAsync(await articles, host.Get<ArticlePipeline>(), cancellationToken);
                    RunReport.Write(Console.Out, processor.InboxDescription, outcomes);
                    await WriteOutboxAsync(sent, host.Get<IDeliveryQueue>(), cancellationToken);
                    // Digests that are due leave through the outbox queue too: scheduled, then sent.
                    var scheduled = await host.Get<DigestScheduler>().RunDueAsync(cancellationToken);
                    var digestsSent = await sender.DrainAsync(cancellationToken);
                    digestsSent = digestsSent.Add(await FinishSoonDueJobsAsync(sender, host.Get<IDeliveryQueue>(), cancellationToken));
                    DigestCommands.WriteReport(Console.Out, new DigestRunReport(
                        scheduled.ChatsChecked, [.. scheduled.Chats.Where(c => c.Status != DigestChatStatus.Enqueued), .. digestsSent.Digests]));
                    return outcomes.Any(o => o.Error is not null) ? 1 : 0;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Listing the inbox failed (storage unreachable, bad credentials): say so, without a stack trace.
                    Console.Error.WriteLine($"Cannot read {processor.InboxDescription}: {CliErrors.Describe(e)}");
                    return 1;
                }
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
            using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sending = SendUntilStoppedAsync(sender, stopSending.Token);
            var pause = TimeSpan.FromSeconds(Math.Max(0.2, parse.GetValue(interval)));
            var digests = host.Get<DigestScheduler>();
            var clock = host.Get<TimeProvider>();
            var nextDigestRun = DateTimeOffset.MinValue;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        // Starts what is new and settled; each file's line is printed when it is done,
                        // while the loop goes on polling (one slow file holds back nothing).
                        await processor.PollAsync(outcome => Console.Out.WriteLine(RunReport.Describe(outcome)), cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        // Storage trouble while listing: keep watching, the next poll tries again.
                        Console.Error.WriteLine($"Cannot read {processor.InboxDescription} (will retry): {CliErrors.Describe(e)}");
                    }

                    if (clock.GetUtcNow() >= nextDigestRun)
                    {
                        nextDigestRun = clock.GetUtcNow() + DigestRunInterval;
                        try
                        {
                            DigestCommands.WriteReport(Console.Out, await digests.RunDueAsync(cancellationToken));
                        }
                        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                        {
                            // The state store is unreachable, say: keep watching, the next minute retries.
                            Console.Error.WriteLine($"Digest run failed: {CliErrors.Describe(e)}");
                        }
                    }

                    await Task.Delay(pause, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: a normal way to stop watching.
            }

            await processor.WhenIdleAsync();

            await stopSending.CancelAsync();
            await sending;
            if (polling is not null)
            {
                await polling.StopAsync(CancellationToken.None);
            }

            await host.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    /// <summary>How long the sender rests when the outbox queue has nothing visible.</summary>
    private static readonly TimeSpan IdleSenderPause = TimeSpan.FromMilliseconds(200);

    /// <summary>How long <c>run --once</c> waits, at most, for outbox jobs that were sent back for a moment.</summary>
    private static readonly TimeSpan OnceGrace = TimeSpan.FromSeconds(15);

    /// <summary>The watching sender: passes over the outbox queue until stopped; a failed pass is reported and retried.</summary>
    private static async Task SendUntilStoppedAsync(DeliveryQueueProcessor sender, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if ((await sender.RunPassAsync(cancellationToken)).Received == 0)
                {
                    await Task.Delay(IdleSenderPause, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"Sending failed (will retry): {CliErrors.Describe(e)}");
                await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Jobs that come back within seconds (one waiting for another job's alert of the same story, a
    /// chat's 1 s turn, a first back-off) are finished before a single run exits, so that its report
    /// is complete; only jobs held longer (a long retry_after) are left for the next run.
    /// </summary>
    private static async Task<DeliveryPassReport> FinishSoonDueJobsAsync(DeliveryQueueProcessor sender, IDeliveryQueue queue, CancellationToken cancellationToken)
    {
        var total = DeliveryPassReport.Empty;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < OnceGrace && await queue.CountAsync(cancellationToken) > 0)
        {
            await Task.Delay(IdleSenderPause, cancellationToken);
            total = total.Add(await sender.DrainAsync(cancellationToken));
        }

        return total;
    }

    /// <summary>The outcomes with their results read again, now that the sender has recorded its deliveries.</summary>
    private static async Task<IReadOnlyList<InboxItemOutcome>> WithDeliveriesAsync(
        IReadOnlyList<InboxItemOutcome> outcomes, ArticlePipeline pipeline, CancellationToken cancellationToken)
    {
        var updated = new List<InboxItemOutcome>(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            updated.Add(outcome.Result is null ? outcome : outcome with { Result = await pipeline.GetResultAsync(outcome.Name, cancellationToken) ?? outcome.Result });
        }

        return updated;
    }

    private static async Task WriteOutboxAsync(DeliveryPassReport sent, IDeliveryQueue queue, CancellationToken cancellationToken)
    {
        var waiting = await queue.CountAsync(cancellationToken);
        if (sent.Received > 0 || waiting > 0)
        {
            Console.Out.WriteLine($"Outbox: {sent.Done} delivery job(s) done, {waiting} waiting to be retried (the next run sends them).");
        }
    }
}
