using System.CommandLine;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Cli.Commands;

/// <summary><c>subscribe</c>, <c>unsubscribe</c> and <c>topics</c> for the local console chat.</summary>
internal static class SubscriptionCommands
{
    public static Command Subscribe()
    {
        var state = CliOptions.State();
        var chat = CliOptions.Chat();
        var thread = CliOptions.Thread();
        var topic = new Argument<string>("topic") { Description = "What to follow, e.g. \"Russia–North Korea\", \"\\\"climate summit\\\" AND Brazil\"." };
        var command = new Command("subscribe", "Subscribe the console chat to a topic.") { state, chat, thread, topic };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state)));
            var service = host.Get<SubscriptionService>();
            var chatId = new ChatAddress(parse.GetValue(chat), parse.GetValue(thread));
            var outcome = await service.SubscribeAsync(chatId, parse.GetValue(topic)!, ChatKind.Console, "console", cancellationToken);
            switch (outcome.Status)
            {
                case SubscribeStatus.Invalid:
                    Console.Error.WriteLine($"Cannot subscribe: {outcome.Topic.Error}");
                    return 1;
                case SubscribeStatus.TooManyTopics:
                    Console.Error.WriteLine($"{Label(chatId)} already follows {SubscriptionService.MaxTopicsPerChat} topics; unsubscribe from one first.");
                    return 1;
                case SubscribeStatus.AlreadySubscribed:
                    Console.WriteLine($"{Label(chatId)} already follows {outcome.Topic.Normalized}.");
                    Console.WriteLine($"  matches {outcome.Topic.Description}");
                    return 0;
                default:
                    Console.WriteLine($"{Label(chatId)} now follows {outcome.Topic.Normalized}.");
                    Console.WriteLine($"  matches {outcome.Topic.Description}");
                    return 0;
            }
        });
        return command;
    }

    public static Command Unsubscribe()
    {
        var state = CliOptions.State();
        var chat = CliOptions.Chat();
        var thread = CliOptions.Thread();
        var topic = new Argument<string?>("topic") { Description = "The topic to drop; all topics when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("unsubscribe", "Unsubscribe the console chat from a topic, or from everything.") { state, chat, thread, topic };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state)));
            var chatId = new ChatAddress(parse.GetValue(chat), parse.GetValue(thread));
            var removed = await host.Get<SubscriptionService>().UnsubscribeAsync(chatId, parse.GetValue(topic), cancellationToken);
            if (removed.Count == 0)
            {
                Console.Error.WriteLine(parse.GetValue(topic) is { } t
                    ? $"{Label(chatId)} does not follow \"{t}\". See 'summarybot topics --chat {chatId.ChatId}{(chatId.ThreadId is { } t2 ? $" --thread {t2}" : string.Empty)}'."
                    : $"{Label(chatId)} follows no topics.");
                return 1;
            }

            foreach (var t in removed)
            {
                Console.WriteLine($"{Label(chatId)} no longer follows {t}.");
            }

            return 0;
        });
        return command;
    }

    public static Command Topics()
    {
        var state = CliOptions.State();
        var chat = CliOptions.Chat();
        var thread = CliOptions.Thread();
        var command = new Command("topics", "List the console chat's topics and what each will match.") { state, chat, thread };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state)));
            var chatId = new ChatAddress(parse.GetValue(chat), parse.GetValue(thread));
            var service = host.Get<SubscriptionService>();
            var settings = await service.GetChatAsync(chatId, cancellationToken);
            var topics = await service.ListTopicsAsync(chatId, cancellationToken);
            if (topics.Count == 0)
            {
                Console.WriteLine($"{Label(chatId)} follows no topics. Add one with: summarybot subscribe \"Russia–North Korea\"");
                return 0;
            }

            Console.WriteLine($"{Label(chatId)} ({settings!.Mode.ToString().ToLowerInvariant()}{(settings.Active ? string.Empty : $", inactive: {settings.DeactivatedReason}")}) follows:");
            foreach (var topic in topics)
            {
                Console.WriteLine($"  {topic.Normalized}");
                Console.WriteLine(topic.Success ? $"    matches {topic.Description}" : $"    cannot be matched: {topic.Error}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>"Chat 1", or "Chat -100123 (topic 17)" for a forum topic.</summary>
    private static string Label(ChatAddress chat) => chat.ThreadId is { } thread ? $"Chat {chat.ChatId} (topic {thread})" : $"Chat {chat.ChatId}";
}
