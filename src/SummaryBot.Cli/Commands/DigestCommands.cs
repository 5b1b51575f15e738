using System.CommandLine;
using SummaryBot.Core.Delivery.Digests;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Cli.Commands;

/// <summary><c>mode</c> and <c>timezone</c> for the local console chat: the CLI twins of <c>/mode</c> and <c>/timezone</c>.</summary>
internal static class DigestCommands
{
    public static Command Mode()
    {
        var state = CliOptions.State();
        var chat = CliOptions.Chat();
        var mode = new Argument<string>("mode") { Description = "instant (an alert per story) or digest (queued stories sent at set times)." };
        mode.AcceptOnlyFromAmong("instant", "digest");
        var times = new Argument<string[]>("times")
        {
            Description = "With digest: local times of day, e.g. 08:00 or 08:00,18:00 (default: keep the chat's times, else 08:00).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("mode", "Choose instant alerts or scheduled digests for the console chat.") { state, chat, mode, times };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chatId = parse.GetValue(chat);
            var digest = string.Equals(parse.GetValue(mode), "digest", StringComparison.OrdinalIgnoreCase);
            var given = string.Join(',', parse.GetValue(times) ?? []);
            if (!digest && given.Length > 0)
            {
                Console.Error.WriteLine("Times only go with digest mode, e.g. 'summarybot mode digest 08:00,18:00'.");
                return 1;
            }

            IReadOnlyList<string>? parsedTimes = null;
            if (given.Length > 0)
            {
                var result = DigestSchedule.TryParseTimes(given);
                if (!result.Success)
                {
                    Console.Error.WriteLine($"Cannot set the digest times: {result.Error}");
                    return 1;
                }

                parsedTimes = result.Times;
            }

            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state)));
            // Switching to instant keeps the times, so that 'mode digest' alone brings them back.
            var updated = await host.Get<SubscriptionStore>().UpdateAsync(chatId, current => digest
                ? current with
                {
                    Mode = DeliveryMode.Digest,
                    DigestTimes = parsedTimes ?? (current.DigestTimes.Count > 0 ? current.DigestTimes : DigestSchedule.DefaultTimes),
                }
                : current.Mode == DeliveryMode.Instant ? current : current with { Mode = DeliveryMode.Instant },
                cancellationToken);

            if (!digest)
            {
                Console.WriteLine($"Chat {chatId} now gets an alert for each matching story. Anything still queued goes out in one last digest.");
                return 0;
            }

            Console.WriteLine($"Chat {chatId} now gets a digest at {DigestSchedule.Describe(updated.DigestTimes, updated.TimeZone)}.");
            if (updated.TimeZone == DigestSchedule.DefaultTimeZone)
            {
                Console.WriteLine("  Times are in UTC; set your zone with: summarybot timezone Europe/Skopje");
            }

            return 0;
        });
        return command;
    }

    public static Command TimeZone()
    {
        var state = CliOptions.State();
        var chat = CliOptions.Chat();
        var zone = new Argument<string>("zone") { Description = "IANA time zone, e.g. Europe/Skopje or America/New_York." };
        var command = new Command("timezone", "Set the console chat's time zone for digest times.") { state, chat, zone };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chatId = parse.GetValue(chat);
            var result = DigestSchedule.TryResolveTimeZone(parse.GetValue(zone));
            if (!result.Success)
            {
                Console.Error.WriteLine($"Cannot set the time zone: {result.Error}");
                return 1;
            }

            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state)));
            var updated = await host.Get<SubscriptionStore>().UpdateAsync(
                chatId, current => current.TimeZone == result.Id ? current : current with { TimeZone = result.Id! }, cancellationToken);
            Console.WriteLine(updated.Mode == DeliveryMode.Digest
                ? $"Chat {chatId} now gets its digest at {DigestSchedule.Describe(updated.DigestTimes, updated.TimeZone)}."
                : $"Chat {chatId} is in time zone {updated.TimeZone}; digests (summarybot mode digest 08:00) will follow it.");
            return 0;
        });
        return command;
    }

    /// <summary>One line per chat a digest run dealt with; nothing when no chat was due.</summary>
    public static void WriteReport(TextWriter writer, DigestRunReport report)
    {
        foreach (var chat in report.Chats.Where(c => c.Status != DigestChatStatus.Empty))
        {
            writer.WriteLine(chat.Status switch
            {
                DigestChatStatus.Sent => $"  * digest to chat {chat.ChatId}: {chat.StoryCount} stories in {chat.MessageIds.Count} message(s)",
                DigestChatStatus.Busy => $"  * digest to chat {chat.ChatId}: being sent by another run",
                DigestChatStatus.Enqueued => $"  * digest to chat {chat.ChatId}: due, queued for sending",
                _ => $"  ! digest to chat {chat.ChatId}: {chat.Status.ToString().ToLowerInvariant()}: {chat.Error}",
            });
        }
    }
}
