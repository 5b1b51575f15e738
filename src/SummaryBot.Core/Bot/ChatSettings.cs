using System.Globalization;
using System.Text.RegularExpressions;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.Bot;

/// <summary>
/// What the <c>/settings</c> panel, its buttons and its prompts do to a chat's settings, whatever the
/// transport decided about who may do it. Every change is one conditional update of the chat's
/// settings document (<see cref="SubscriptionStore.UpdateAsync"/>), so a press racing a command or
/// another press loses nothing; a press that sets what is already set writes nothing.
/// </summary>
public sealed partial class ChatSettings(SubscriptionStore store, StoryTranslations translations, TimeProvider timeProvider)
{
    /// <summary>Callback answers hold at most 200 characters.</summary>
    private const int MaxAnswer = 200;

    /// <summary>False without an AI model: summaries stay in each article's language.</summary>
    public bool LanguagesAvailable => translations.IsAvailable;

    /// <summary>The panel as it stands, on the given screen.</summary>
    /// <param name="label">The chat's name when the panel is about another chat (a channel set up from a private chat).</param>
    public async Task<OutboxMessage> PanelAsync(BotChat target, SettingsScreen screen, string? label, long? remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var chat = await GetAsync(target, cancellationToken);
        return SettingsPanel.Render(chat, screen, label, remote, LanguagesAvailable, timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Carries out a button press (not <see cref="SettingsAction.Ask"/> and <see cref="SettingsAction.Done"/>,
    /// which the transport handles): the short answer for the callback and the panel to show now.
    /// </summary>
    public async Task<(string Answer, OutboxMessage Panel)> PressAsync(
        BotChat target, SettingsCommand command, string? label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Action == SettingsAction.Show)
        {
            var screen = SettingsCallbackData.ScreenOf(command.Value) ?? SettingsScreen.Main;
            return (string.Empty, await PanelAsync(target, screen, label, command.RemoteChatId, cancellationToken));
        }

        var (answer, next) = Describe(command);
        string? refusal = null;
        var updated = await UpdateAsync(target, chat =>
        {
            var (changed, why) = Apply(chat, command);
            refusal = why;
            return ReferenceEquals(changed, chat) ? chat : Touch(changed, target);
        }, cancellationToken);
        var panel = SettingsPanel.Render(updated, next, label, command.RemoteChatId, LanguagesAvailable, timeProvider.GetUtcNow());
        return (Shorten(refusal ?? answer), panel);
    }

    /// <summary>Applies a value the subscriber typed in reply to a prompt; the reply text (HTML) says what happened.</summary>
    public async Task<OutboxMessage> ApplyTypedAsync(
        BotChat target, SettingsPrompt prompt, string text, string? label, long? remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        string? error = null;
        var screen = prompt switch
        {
            SettingsPrompt.DigestTimes => SettingsScreen.DigestTimes,
            SettingsPrompt.TimeZone => SettingsScreen.TimeZone,
            _ => SettingsScreen.QuietHours,
        };
        Func<ChatSubscription, ChatSubscription> change;
        switch (prompt)
        {
            case SettingsPrompt.DigestTimes:
                var times = DigestSchedule.TryParseTimes(text);
                error = times.Error;
                change = c => times.Success && !c.DigestTimes.SequenceEqual(times.Times!) ? Touch(c, target) with { DigestTimes = [.. times.Times!] } : c;
                break;
            case SettingsPrompt.TimeZone:
                var zone = DigestSchedule.TryResolveTimeZone(text);
                error = zone.Error;
                change = c => zone.Success && c.TimeZone != zone.Id ? Touch(c, target) with { TimeZone = zone.Id! } : c;
                break;
            default:
                var current = await GetAsync(target, cancellationToken);
                var quiet = QuietHoursText.TryParse(text, current.QuietHours?.Action ?? QuietHoursAction.Silent);
                error = quiet.Error;
                change = c => quiet.Success && c.QuietHours != quiet.QuietHours ? Touch(c, target) with { QuietHours = quiet.QuietHours } : c;
                break;
        }

        if (error is not null)
        {
            var again = await PanelAsync(target, screen, label, remote, cancellationToken);
            return again with { Html = HtmlText.Escape(error) + "\n\n" + again.Html };
        }

        var updated = await UpdateAsync(target, change, cancellationToken);
        var panel = SettingsPanel.Render(updated, SettingsScreen.Main, label, remote, LanguagesAvailable, timeProvider.GetUtcNow());
        return panel with { Html = "Saved.\n\n" + panel.Html };
    }

    /// <summary>
    /// Sets or clears the summary language by tag or name (<c>/language de</c>, <c>/language off</c>);
    /// the reply (HTML) says what happened, or why not.
    /// </summary>
    public async Task<string> SetLanguageAsync(BotChat target, string argument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var chat = await GetAsync(target, cancellationToken);
        if (argument.Length == 0)
        {
            return "Summary language: " + HtmlText.Escape(SettingsPanel.DescribeLanguage(chat.SummaryLanguage, LanguagesAvailable)) + ". "
                + (LanguagesAvailable ? "Change it with e.g. <code>/language de</code> (or <code>/language off</code> for the article's own)." : string.Empty);
        }

        var off = argument.Trim().ToLowerInvariant() is "off" or "none" or "original" or "article" or "-";
        if (!LanguagesAvailable && !off)
        {
            return "Summaries in another language need an AI model (Azure OpenAI), and none is configured: every summary stays in its article's language.";
        }

        var language = off ? null : SummaryLanguages.Find(argument);
        if (!off && language is null)
        {
            return $"I don't know the language “{HtmlText.Escape(Cut(argument, 40))}”. Choose one of: "
                + HtmlText.Escape(string.Join(", ", SummaryLanguages.All.Select(l => $"{l.Code} ({l.EnglishName})"))) + ".";
        }

        var updated = await UpdateAsync(target, c => c.SummaryLanguage == language?.Code ? c : Touch(c, target) with { SummaryLanguage = language?.Code }, cancellationToken);
        return "Summary language: " + HtmlText.Escape(SettingsPanel.DescribeLanguage(updated.SummaryLanguage, LanguagesAvailable)) + ".";
    }

    /// <summary>Sets quiet hours from <c>/quiet 22:00-07:00 [hold]</c> or clears them with <c>/quiet off</c>; the reply is HTML.</summary>
    public async Task<string> SetQuietHoursAsync(BotChat target, string argument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var chat = await GetAsync(target, cancellationToken);
        if (argument.Length == 0)
        {
            return "Quiet hours: " + HtmlText.Escape(QuietHoursText.Describe(chat.QuietHours)) + ". Set them with e.g. <code>/quiet 22:00-07:00</code> "
                + "(add <code>hold</code> to keep alerts until they end), or <code>/quiet off</code>.";
        }

        if (argument.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            await UpdateAsync(target, c => c.QuietHours is null ? c : Touch(c, target) with { QuietHours = null }, cancellationToken);
            return "Quiet hours: off.";
        }

        var quiet = QuietHoursText.TryParse(argument, chat.QuietHours?.Action ?? QuietHoursAction.Silent);
        if (!quiet.Success)
        {
            return HtmlText.Escape(quiet.Error);
        }

        var updated = await UpdateAsync(target, c => c.QuietHours == quiet.QuietHours ? c : Touch(c, target) with { QuietHours = quiet.QuietHours }, cancellationToken);
        return $"Quiet hours: {HtmlText.Escape(QuietHoursText.Describe(updated.QuietHours))} ({HtmlText.Escape(updated.TimeZone)}).";
    }

    /// <summary>The prompt for a typed value of <paramref name="target"/>'s settings.</summary>
    public async Task<OutboxMessage> PromptAsync(BotChat target, SettingsPrompt prompt, long? remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var label = remote is null ? null : (await store.GetAsync(target.Address, cancellationToken))?.Title;
        return Prompt(prompt, label, remote);
    }

    /// <summary>The message that asks for a typed value, answered by replying to it.</summary>
    /// <param name="remote">The channel the value is for, when asked in a private chat; named in the text so the reply finds it.</param>
    public static OutboxMessage Prompt(SettingsPrompt prompt, string? label, long? remote)
    {
        var subject = prompt switch
        {
            SettingsPrompt.DigestTimes => PromptDigestTimes,
            SettingsPrompt.TimeZone => PromptTimeZone,
            _ => PromptQuietHours,
        };
        var about = remote is { } id
            ? $" of {HtmlText.Escape(label ?? "the channel")} (chat {id.ToString(CultureInfo.InvariantCulture)})"
            : string.Empty;
        var example = prompt switch
        {
            SettingsPrompt.DigestTimes => "one or more times, e.g. <code>08:00, 18:30</code>",
            SettingsPrompt.TimeZone => "a time zone, e.g. <code>Europe/Berlin</code>",
            _ => "a start and an end, e.g. <code>22:00-07:00</code> (add <code>hold</code> to keep alerts until they end)",
        };
        return OutboxMessage.Text($"{subject}{about}{PromptAsk} {example}.");
    }

    /// <summary>
    /// Which prompt a message of the bot was (its plain text, as Telegram gives it in a reply), and the
    /// channel it named; null when it is no prompt of ours.
    /// </summary>
    public static (SettingsPrompt Prompt, long? Remote)? RecognizePrompt(string? botText)
    {
        if (botText is null)
        {
            return null;
        }

        SettingsPrompt? prompt = botText.StartsWith(PromptDigestTimes, StringComparison.Ordinal) ? SettingsPrompt.DigestTimes
            : botText.StartsWith(PromptTimeZone, StringComparison.Ordinal) ? SettingsPrompt.TimeZone
            : botText.StartsWith(PromptQuietHours, StringComparison.Ordinal) ? SettingsPrompt.QuietHours
            : null;
        if (prompt is null)
        {
            return null;
        }

        if (!botText.Contains(PromptAsk, StringComparison.Ordinal))
        {
            return null; // Another message of the bot that starts alike ("Time zone set to …").
        }

        var named = PromptChat().Match(botText);
        return (prompt.Value, named.Success && long.TryParse(named.Groups["id"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null);
    }

    private const string PromptAsk = ": reply to this message with";
    private const string PromptDigestTimes = "Digest times";
    private const string PromptTimeZone = "Time zone";
    private const string PromptQuietHours = "Quiet hours";

    /// <summary>The chat's settings; a fresh default when it has none yet. The one read of the panel, where a forum topic's identity plugs in.</summary>
    private async Task<ChatSubscription> GetAsync(BotChat target, CancellationToken cancellationToken) =>
        await store.GetAsync(target.Address, cancellationToken) ?? new ChatSubscription { ChatId = target.ChatId, ThreadId = target.ThreadId, Kind = target.Kind, Title = target.Title };

    /// <summary>The one write of the panel, where a forum topic's identity plugs in.</summary>
    private Task<ChatSubscription> UpdateAsync(BotChat target, Func<ChatSubscription, ChatSubscription> change, CancellationToken cancellationToken) =>
        store.UpdateAsync(target.Address, change, cancellationToken);

    /// <summary>The chat's settings after <paramref name="command"/> (the same instance when nothing changes), and why not when it is refused.</summary>
    private (ChatSubscription Chat, string? Refusal) Apply(ChatSubscription chat, SettingsCommand command)
    {
        var value = command.Value;
        switch (command.Action)
        {
            case SettingsAction.Mode:
                var mode = value == "d" ? DeliveryMode.Digest : DeliveryMode.Instant;
                return (chat.Mode == mode ? chat : chat with { Mode = mode, DigestTimes = mode == DeliveryMode.Digest && chat.DigestTimes.Count == 0 ? [.. DigestSchedule.DefaultTimes] : chat.DigestTimes }, null);
            case SettingsAction.AddDigestTime or SettingsAction.RemoveDigestTime:
                var time = SettingsCallbackData.TimeOf(value);
                var times = SettingsPanel.EffectiveDigestTimes(chat);
                var next = command.Action == SettingsAction.AddDigestTime ? times.Append(time).Distinct(StringComparer.Ordinal) : times.Where(t => t != time);
                var sorted = next.Order(StringComparer.Ordinal).ToList();
                if (sorted.Count == 0)
                {
                    return (chat, "A digest needs at least one time. To stop digests, choose instant alerts.");
                }

                if (sorted.Count > DigestSchedule.MaxTimesPerDay)
                {
                    return (chat, $"At most {DigestSchedule.MaxTimesPerDay} digests a day.");
                }

                return (chat.DigestTimes.SequenceEqual(sorted) ? chat : chat with { DigestTimes = sorted }, null);
            case SettingsAction.TimeZone:
                var zone = DigestSchedule.TryResolveTimeZone(value);
                return zone.Success
                    ? (chat.TimeZone == zone.Id ? chat : chat with { TimeZone = zone.Id! }, null)
                    : (chat, "That time zone is unknown; choose another or type one.");
            case SettingsAction.Quiet:
                return value == "1"
                    ? (chat.QuietHours is not null ? chat : chat with { QuietHours = QuietHoursText.Default }, null)
                    : (chat.QuietHours is null ? chat : chat with { QuietHours = null }, null);
            case SettingsAction.QuietStart or SettingsAction.QuietEnd:
                var quiet = chat.QuietHours ?? QuietHoursText.Default;
                var moved = command.Action == SettingsAction.QuietStart
                    ? quiet with { Start = SettingsCallbackData.TimeOf(value) }
                    : quiet with { End = SettingsCallbackData.TimeOf(value) };
                return moved.Start == moved.End
                    ? (chat, "Quiet hours must end at another time than they start.")
                    : (chat.QuietHours == moved ? chat : chat with { QuietHours = moved }, null);
            case SettingsAction.QuietAction:
                var action = value == "h" ? QuietHoursAction.Hold : QuietHoursAction.Silent;
                var current = chat.QuietHours ?? QuietHoursText.Default;
                return (chat.QuietHours?.Action == action ? chat : chat with { QuietHours = current with { Action = action } }, null);
            case SettingsAction.SilentAlerts:
                return (chat.SilentAlerts == (value == "1") ? chat : chat with { SilentAlerts = value == "1" }, null);
            case SettingsAction.LinkPreviews:
                return (chat.LinkPreviews == (value == "1") ? chat : chat with { LinkPreviews = value == "1" }, null);
            case SettingsAction.Language:
                if (value != "-" && !LanguagesAvailable)
                {
                    return (chat, "No AI model is configured: summaries stay in each article's language.");
                }

                var code = value == "-" ? null : value;
                return (chat.SummaryLanguage == code ? chat : chat with { SummaryLanguage = code }, null);
            default:
                return (chat, "This button no longer works. Send /settings for a new panel.");
        }
    }

    /// <summary>The answer to a press that went through, and the screen to show after it.</summary>
    private static (string Answer, SettingsScreen Next) Describe(SettingsCommand command) => command.Action switch
    {
        SettingsAction.Mode => (command.Value == "d" ? "Digest mode." : "Instant alerts.", SettingsScreen.Main),
        SettingsAction.AddDigestTime => ($"Digest at {SettingsCallbackData.TimeOf(command.Value)} added.", SettingsScreen.DigestTimes),
        SettingsAction.RemoveDigestTime => ($"Digest at {SettingsCallbackData.TimeOf(command.Value)} removed.", SettingsScreen.DigestTimes),
        SettingsAction.TimeZone => ("Time zone set.", SettingsScreen.TimeZone),
        SettingsAction.Quiet => (command.Value == "1" ? "Quiet hours on." : "Quiet hours off.", SettingsScreen.QuietHours),
        SettingsAction.QuietStart or SettingsAction.QuietEnd or SettingsAction.QuietAction => ("Quiet hours changed.", SettingsScreen.QuietHours),
        SettingsAction.SilentAlerts => (command.Value == "1" ? "Alerts come without sound." : "Alerts come with sound.", SettingsScreen.Main),
        SettingsAction.LinkPreviews => (command.Value == "1" ? "Link previews on." : "Link previews off.", SettingsScreen.Main),
        SettingsAction.Language => ("Summary language set.", SettingsScreen.Language),
        _ => (string.Empty, SettingsScreen.Main),
    };

    private static ChatSubscription Touch(ChatSubscription current, BotChat chat) =>
        current with { Kind = chat.Kind, Title = chat.Title ?? current.Title };

    private static string Shorten(string text) => text.Length <= MaxAnswer ? text : text[..(MaxAnswer - 1)] + "…";

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    [GeneratedRegex(@"\(chat (?<id>-\d{1,20})\): reply to this message with", RegexOptions.CultureInvariant | RegexOptions.RightToLeft)]
    private static partial Regex PromptChat();
}
