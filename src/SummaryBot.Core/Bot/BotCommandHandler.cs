using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Text;
using SummaryBot.Core.Topics;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Bot;

/// <summary>
/// What each bot command does, whatever the transport: the Telegram update handler decides who may
/// run a command and in which chat, then calls this. Replies are Telegram HTML with user input escaped.
/// </summary>
public sealed class BotCommandHandler(
    SubscriptionService subscriptions,
    SubscriptionStore store,
    IAliasSuggester aliasSuggester,
    ChatSettings settings,
    TimeProvider timeProvider,
    ILogger<BotCommandHandler> logger)
{
    /// <summary>Callback data prefix of "remove this topic" buttons: <c>unsub:{TopicKey}</c>.</summary>
    public const string UnsubscribePrefix = "unsub:";

    /// <summary>Callback data prefix of "also match the suggested aliases" buttons: <c>alias:{TopicKey}</c>.</summary>
    public const string AcceptAliasesPrefix = "alias:";

    /// <summary>The most entities or phrases of one topic that aliases are asked for.</summary>
    public const int MaxTermsToSuggestFor = 3;

    /// <summary>The most suggested aliases shown (and kept) per entity or phrase.</summary>
    public const int MaxSuggestionsPerTerm = 8;

    /// <summary>The commands, in menu order, with the descriptions registered through setMyCommands.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> Menu =
    [
        ("subscribe", "Follow a topic, e.g. /subscribe Russia–North Korea"),
        ("topics", "Show the topics this chat follows"),
        ("unsubscribe", "Stop following a topic"),
        ("settings", "All settings: alerts or digests, quiet hours, language…"),
        ("mode", "instant alerts, or digest HH:MM[,HH:MM]"),
        ("timezone", "Set the time zone for digests, e.g. Europe/Berlin"),
        ("quiet", "Quiet hours, e.g. /quiet 22:00-07:00 or /quiet off"),
        ("language", "Language of summaries, e.g. /language de"),
        ("help", "How to use this bot"),
        ("start", "Start"),
    ];

    private static readonly HashSet<string> ReadOnlyCommands = ["start", "help", "topics", "settings"];
    private static readonly HashSet<string> KnownCommands = [.. Menu.Select(m => m.Name)];

    public static bool IsKnown(string command) => KnownCommands.Contains(command);

    /// <summary>Commands anyone in a chat may run: they change nothing.</summary>
    public static bool IsReadOnly(string command) => ReadOnlyCommands.Contains(command);

    public async Task<OutboxMessage> ExecuteAsync(BotChat chat, string command, string arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(command);
        arguments ??= string.Empty;
        return command switch
        {
            "start" => OutboxMessage.Text("Hello! I send a short alert when the news covers a topic you follow.\n\n" + HelpText),
            "help" => OutboxMessage.Text(HelpText),
            "subscribe" => await SubscribeAsync(chat, arguments, cancellationToken),
            "unsubscribe" => await UnsubscribeAsync(chat, arguments, cancellationToken),
            "topics" => await TopicsAsync(chat, cancellationToken),
            "mode" => await ModeAsync(chat, arguments, cancellationToken),
            "timezone" => await TimeZoneAsync(chat, arguments, cancellationToken),
            "settings" => await settings.PanelAsync(chat, SettingsScreen.Main, null, null, cancellationToken),
            "quiet" => OutboxMessage.Text(await settings.SetQuietHoursAsync(chat, arguments, cancellationToken)),
            "language" => OutboxMessage.Text(await settings.SetLanguageAsync(chat, arguments, cancellationToken)),
            _ => OutboxMessage.Text($"I don't know the command /{HtmlText.Escape(command)}.\n\n{HelpText}"),
        };
    }

    /// <summary>Handles the press of an <c>unsub:{TopicKey}</c> button; returns the short text for the callback answer.</summary>
    public async Task<string> UnsubscribeByKeyAsync(BotChat chat, string topicKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var removed = await subscriptions.UnsubscribeAsync(chat.Address, topicKey, cancellationToken);
        return removed.Count == 0 ? "That topic was already removed." : $"Unsubscribed from {removed[0]}.";
    }

    private const string HelpText =
        "/subscribe <i>topic</i> — follow a topic, e.g. <code>/subscribe Russia–North Korea</code>\n" +
        "/topics — what this chat follows and what each topic matches\n" +
        "/unsubscribe [<i>topic</i>] — stop following a topic (buttons without a topic)\n" +
        "/mode instant — an alert for each new story (default)\n" +
        "/mode digest 08:00[,18:00] — one digest at those times instead\n" +
        "/timezone Europe/Berlin — the time zone of digest times and quiet hours (UTC by default)\n" +
        "/quiet 22:00-07:00 [hold] — alerts without sound (or held) at night; /quiet off\n" +
        "/language de — summaries in another language (needs the AI model); /language off\n" +
        "/settings — all of these on one panel with buttons\n\n" +
        "In groups and channels only administrators change subscriptions. " +
        "To set up a channel from this private chat: <code>/subscribe @channel topic</code> (I must be an admin there who may post).";

    private async Task<OutboxMessage> SubscribeAsync(BotChat chat, string topic, CancellationToken cancellationToken)
    {
        if (topic.Length == 0)
        {
            return OutboxMessage.Text("Tell me what to follow, e.g. <code>/subscribe Russia–North Korea</code> or <code>/subscribe \"climate change\" NOT sports</code>.");
        }

        var outcome = await subscriptions.SubscribeAsync(chat.Address, topic, chat.Kind, chat.Title, cancellationToken);
        var name = HtmlText.Escape(outcome.Topic.Normalized);
        return outcome.Status switch
        {
            SubscribeStatus.Added => await WithSuggestionsAsync(
                chat, outcome.Topic, $"Subscribed to <b>{name}</b>.\nIt matches {HtmlText.Escape(outcome.Topic.Description)}.", cancellationToken),
            SubscribeStatus.AlreadySubscribed => OutboxMessage.Text($"This chat already follows <b>{name}</b>.\nIt matches {HtmlText.Escape(outcome.Topic.Description)}."),
            SubscribeStatus.TooManyTopics => OutboxMessage.Text($"This chat already follows {SubscriptionService.MaxTopicsPerChat} topics, the most it can. Remove one with /unsubscribe first."),
            _ => OutboxMessage.Text($"I can't use that topic: {HtmlText.Escape(outcome.Topic.Error ?? "it is not valid")}\nExample: <code>/subscribe Russia–North Korea</code>"),
        };
    }

    /// <summary>Handles the press of an <c>alias:{TopicKey}</c> button; returns the short text for the callback answer.</summary>
    public async Task<string> AcceptAliasesByKeyAsync(BotChat chat, string topicKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (await subscriptions.AcceptSuggestedAliasesAsync(chat.Address, topicKey, cancellationToken) is not { } accepted)
        {
            return "Those suggestions are no longer waiting: see /topics for what each topic matches.";
        }

        logger.LogInformation("Chat {ChatId} accepted {AliasCount} suggested aliases", chat.ChatId, accepted.Added.Count);
        var text = $"{accepted.Topic} now also matches {string.Join(", ", accepted.Added)}.";
        return text.Length <= 200 ? text : text[..199] + "…"; // Callback answers hold at most 200 characters.
    }

    /// <summary>
    /// Asks the alias suggester (Azure OpenAI, when configured) for other names of each entity or
    /// phrase of a new topic that the gazetteer does not know, keeps them as suggestions and offers
    /// a button to match them too. Without suggestions the reply is <paramref name="reply"/> alone.
    /// </summary>
    private async Task<OutboxMessage> WithSuggestionsAsync(BotChat chat, TopicParseResult topic, string reply, CancellationToken cancellationToken)
    {
        var suggestions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var term in topic.Terms.Where(t => t.Kind == TopicTermKind.Phrase).Take(MaxTermsToSuggestFor))
        {
            var known = term.Aliases.Append(term.Text).Select(TextFolding.Key).ToHashSet(StringComparer.Ordinal);
            var aliases = (await aliasSuggester.SuggestAliasesAsync(term.Text, cancellationToken))
                .Where(a => TextFolding.Key(a) is { Length: > 0 } key && known.Add(key))
                .Take(MaxSuggestionsPerTerm)
                .ToList();
            if (aliases.Count > 0)
            {
                suggestions[term.Text] = aliases;
            }
        }

        if (suggestions.Count == 0 || !await subscriptions.SuggestAliasesAsync(chat.Address, topic.Normalized, suggestions, cancellationToken))
        {
            return OutboxMessage.Text(reply);
        }

        var listed = string.Join("; ", suggestions.Select(s => suggestions.Count == 1
            ? string.Join(", ", s.Value)
            : $"{s.Key}: {string.Join(", ", s.Value)}"));
        return new OutboxMessage(
            $"{reply}\n\nNews may also call it <i>{HtmlText.Escape(listed)}</i> (suggested by an AI model). These are matched only if you add them.",
            [new MessageButton("Also match these names", AcceptAliasesPrefix + TopicKey.For(topic.Normalized))]);
    }

    private async Task<OutboxMessage> UnsubscribeAsync(BotChat chat, string topic, CancellationToken cancellationToken)
    {
        if (topic.Length == 0)
        {
            var current = await subscriptions.GetChatAsync(chat.Address, cancellationToken);
            if (current is null || current.Topics.Count == 0)
            {
                return OutboxMessage.Text("This chat follows no topics.");
            }

            return new OutboxMessage(
                "Which topic should I remove?",
                [.. current.Topics.Select(t => new MessageButton(t.Length > 60 ? t[..59] + "…" : t, UnsubscribePrefix + TopicKey.For(t)))]);
        }

        var removed = await subscriptions.UnsubscribeAsync(chat.Address, topic, cancellationToken);
        return removed.Count == 0
            ? OutboxMessage.Text($"This chat doesn't follow <b>{HtmlText.Escape(topic)}</b>. See /topics.")
            : OutboxMessage.Text($"Unsubscribed from <b>{HtmlText.Escape(string.Join(", ", removed))}</b>.");
    }

    private async Task<OutboxMessage> TopicsAsync(BotChat chat, CancellationToken cancellationToken)
    {
        var current = await subscriptions.GetChatAsync(chat.Address, cancellationToken);
        var topics = await subscriptions.ListTopicsAsync(chat.Address, cancellationToken);
        if (topics.Count == 0)
        {
            return OutboxMessage.Text("This chat follows no topics yet. Try <code>/subscribe Russia–North Korea</code>.");
        }

        var text = new StringBuilder("This chat follows:\n");
        foreach (var topic in topics)
        {
            text.Append("• <b>").Append(HtmlText.Escape(topic.Normalized)).Append("</b> — ")
                .Append(HtmlText.Escape(topic.Success ? topic.Description : topic.Error)).Append('\n');
        }

        text.Append('\n').Append(DescribeMode(current));
        if (current is { Active: false })
        {
            text.Append("\nDeliveries are paused: ").Append(HtmlText.Escape(current.DeactivatedReason ?? "the chat was unreachable"))
                .Append(". Subscribing again resumes them.");
        }

        return OutboxMessage.Text(text.ToString());
    }

    private async Task<OutboxMessage> ModeAsync(BotChat chat, string arguments, CancellationToken cancellationToken)
    {
        var space = arguments.IndexOfAny([' ', '\n', '\t']);
        var mode = (space < 0 ? arguments : arguments[..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : arguments[(space + 1)..].Trim();
        switch (mode)
        {
            case "instant" when rest.Length == 0:
                var instant = await store.UpdateAsync(chat.Address, c => c.Mode == DeliveryMode.Instant ? c : Touch(c, chat) with { Mode = DeliveryMode.Instant }, cancellationToken);
                return OutboxMessage.Text(DescribeMode(instant));
            case "instant":
                return OutboxMessage.Text("Instant mode takes no times: use <code>/mode instant</code>, or <code>/mode digest 08:00</code> for a daily digest.");
            case "digest":
                IReadOnlyList<string>? times = null;
                if (rest.Length > 0)
                {
                    var parsed = DigestSchedule.TryParseTimes(rest);
                    if (!parsed.Success)
                    {
                        return OutboxMessage.Text(HtmlText.Escape(parsed.Error));
                    }

                    times = parsed.Times;
                }

                var digest = await store.UpdateAsync(
                    chat.Address,
                    c =>
                    {
                        var newTimes = times ?? (c.DigestTimes.Count > 0 ? c.DigestTimes : DigestSchedule.DefaultTimes);
                        return c.Mode == DeliveryMode.Digest && c.DigestTimes.SequenceEqual(newTimes)
                            ? c
                            : Touch(c, chat) with { Mode = DeliveryMode.Digest, DigestTimes = [.. newTimes] };
                    },
                    cancellationToken);
                return OutboxMessage.Text(DescribeMode(digest));
            default:
                return OutboxMessage.Text("Use <code>/mode instant</code> for an alert per story, or <code>/mode digest 08:00</code> (several times: <code>08:00,18:30</code>) for digests.");
        }
    }

    private async Task<OutboxMessage> TimeZoneAsync(BotChat chat, string arguments, CancellationToken cancellationToken)
    {
        if (arguments.Length == 0)
        {
            var current = await subscriptions.GetChatAsync(chat.Address, cancellationToken);
            return OutboxMessage.Text($"This chat's time zone is {HtmlText.Escape(current?.TimeZone ?? "UTC")}. Change it with e.g. <code>/timezone Europe/Berlin</code>.");
        }

        var resolved = DigestSchedule.TryResolveTimeZone(arguments);
        if (!resolved.Success)
        {
            return OutboxMessage.Text(HtmlText.Escape(resolved.Error));
        }

        var zone = resolved.Id!;
        var updated = await store.UpdateAsync(chat.Address, c => c.TimeZone == zone ? c : Touch(c, chat) with { TimeZone = zone }, cancellationToken);
        var local = TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), resolved.Zone!);
        return OutboxMessage.Text($"Time zone set to {HtmlText.Escape(updated.TimeZone)} (it is {local.ToString("HH:mm", CultureInfo.InvariantCulture)} there now).");
    }

    private static ChatSubscription Touch(ChatSubscription current, BotChat chat) =>
        current with { Kind = chat.Kind, Title = chat.Title ?? current.Title };

    private static string DescribeMode(ChatSubscription? chat) =>
        chat is { Mode: DeliveryMode.Digest }
            ? $"Mode: digest at {HtmlText.Escape(string.Join(", ", chat.DigestTimes))} ({HtmlText.Escape(chat.TimeZone)})."
            : "Mode: instant (an alert for each new story).";
}
