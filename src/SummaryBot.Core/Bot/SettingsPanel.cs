using System.Globalization;
using System.Text;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.Bot;

/// <summary>
/// Renders the <c>/settings</c> panel: one message that lists every setting of a chat, with an inline
/// keyboard per screen (main, digest times, time zone, quiet hours, summary language). Everything a
/// user or an operator typed (titles, zones) is escaped; the text stays far below 4096 characters.
/// </summary>
public static class SettingsPanel
{
    private const string Check = "✓ ";
    private const string Back = "« Back";

    private static readonly string[] DigestPresets = ["06:00", "07:00", "08:00", "09:00", "12:00", "13:00", "17:00", "18:00", "19:00", "20:00", "21:00", "22:00"];
    private static readonly string[] QuietStarts = ["20:00", "21:00", "22:00", "23:00", "00:00"];
    private static readonly string[] QuietEnds = ["05:00", "06:00", "07:00", "08:00", "09:00"];

    /// <summary>Zones offered as buttons; any other is typed.</summary>
    public static IReadOnlyList<string> ZonePresets { get; } =
    [
        "UTC", "Europe/London", "Europe/Berlin", "Europe/Kyiv", "Europe/Moscow", "Europe/Istanbul",
        "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Dubai", "Asia/Kolkata",
        "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney",
    ];

    /// <param name="label">The chat's name for the title (escaped here), or null for "this chat".</param>
    /// <param name="remote">The channel the buttons act on when the panel is in a private chat.</param>
    /// <param name="languagesAvailable">False without an AI model: summaries stay in the article's language.</param>
    public static OutboxMessage Render(
        ChatSubscription chat, SettingsScreen screen, string? label, long? remote, bool languagesAvailable, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chat);
        label ??= remote is null ? null : chat.Title ?? "the channel";
        var text = new StringBuilder();
        text.Append("<b>Settings</b> · ").Append(label is null ? "this chat" : "<b>" + HtmlText.Escape(label) + "</b>").Append("\n\n");
        text.Append("Delivery: ").Append(HtmlText.Escape(DescribeMode(chat))).Append('\n');
        text.Append("Time zone: ").Append(HtmlText.Escape(chat.TimeZone)).Append(LocalTime(chat.TimeZone, now)).Append('\n');
        text.Append("Quiet hours: ").Append(HtmlText.Escape(QuietHoursText.Describe(chat.QuietHours))).Append('\n');
        text.Append("Silent alerts: ").Append(chat.SilentAlerts ? "on (no sound for any alert)" : "off").Append('\n');
        text.Append("Link previews: ").Append(chat.LinkPreviews ? "on" : "off").Append('\n');
        text.Append("Summary language: ").Append(HtmlText.Escape(DescribeLanguage(chat.SummaryLanguage, languagesAvailable))).Append("\n\n");
        text.Append("<i>").Append(HtmlText.Escape(Hint(chat, screen, languagesAvailable))).Append("</i>");

        var buttons = screen switch
        {
            SettingsScreen.DigestTimes => DigestTimeButtons(chat, remote),
            SettingsScreen.TimeZone => ZoneButtons(chat, remote),
            SettingsScreen.QuietHours => QuietButtons(chat, remote),
            SettingsScreen.Language => LanguageButtons(chat, remote, languagesAvailable),
            _ => MainButtons(chat, remote),
        };
        return new OutboxMessage(text.ToString(), buttons);
    }

    public static string DescribeMode(ChatSubscription chat) => chat.Mode == DeliveryMode.Digest
        ? "a digest at " + string.Join(", ", EffectiveDigestTimes(chat))
        : "instant (an alert for each new story)";

    public static string DescribeLanguage(string? code, bool available)
    {
        if (!available)
        {
            return "as the article (summaries in another language need an AI model, and none is configured)";
        }

        return SummaryLanguages.Find(code) is { } language ? $"{language.EnglishName} ({language.NativeName})" : "as the article";
    }

    /// <summary>The times a digest goes out at: the chat's own, or the default ones.</summary>
    public static IReadOnlyList<string> EffectiveDigestTimes(ChatSubscription chat) =>
        chat.DigestTimes.Count > 0 ? chat.DigestTimes : DigestSchedule.DefaultTimes;

    private static string LocalTime(string zone, DateTimeOffset now)
    {
        var resolved = DigestSchedule.TryResolveTimeZone(zone);
        return resolved.Success
            ? " (" + TimeZoneInfo.ConvertTime(now, resolved.Zone!).ToString("HH:mm", CultureInfo.InvariantCulture) + " there now)"
            : string.Empty;
    }

    private static string Hint(ChatSubscription chat, SettingsScreen screen, bool languagesAvailable) => screen switch
    {
        SettingsScreen.DigestTimes => $"Tap a time to add or remove it (times in {chat.TimeZone}), or type your own. Digests go out in digest mode only.",
        SettingsScreen.TimeZone => "Choose a time zone, or type one (any IANA name, e.g. Europe/Skopje; /timezone works too).",
        SettingsScreen.QuietHours => $"During quiet hours (in {chat.TimeZone}) alerts are sent without sound, or held and sent when they end. Nothing is dropped.",
        SettingsScreen.Language => languagesAvailable
            ? "Summaries are written in this language by the AI model; the source stays in its own language."
            : "No AI model (Azure OpenAI) is configured, so every summary stays in its article's language.",
        _ => chat.Kind is ChatKind.Group or ChatKind.Supergroup or ChatKind.Channel
            ? "Tap a button to change a setting. Only administrators can change them."
            : "Tap a button to change a setting.",
    };

    private static List<MessageButton> MainButtons(ChatSubscription chat, long? remote)
    {
        var instant = chat.Mode == DeliveryMode.Instant;
        return
        [
            Button((instant ? Check : string.Empty) + "Instant alerts", SettingsAction.Mode, "i", remote),
            Button((instant ? string.Empty : Check) + "Digest", SettingsAction.Mode, "d", remote, sameRow: true),
            new("Digest times…", SettingsCallbackData.Show(SettingsScreen.DigestTimes, remote)),
            new MessageButton("Time zone…", SettingsCallbackData.Show(SettingsScreen.TimeZone, remote)) { SameRow = true },
            new("Quiet hours…", SettingsCallbackData.Show(SettingsScreen.QuietHours, remote)),
            new MessageButton("Summary language…", SettingsCallbackData.Show(SettingsScreen.Language, remote)) { SameRow = true },
            Button(chat.SilentAlerts ? "🔕 Silent alerts: on" : "🔔 Silent alerts: off", SettingsAction.SilentAlerts, chat.SilentAlerts ? "0" : "1", remote),
            Button(chat.LinkPreviews ? "Link previews: on" : "Link previews: off", SettingsAction.LinkPreviews, chat.LinkPreviews ? "0" : "1", remote, sameRow: true),
            new("Done", SettingsCallbackData.Encode(SettingsAction.Done, string.Empty, remote)),
        ];
    }

    private static List<MessageButton> DigestTimeButtons(ChatSubscription chat, long? remote)
    {
        var current = EffectiveDigestTimes(chat);
        var shown = DigestPresets.Union(current, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var buttons = new List<MessageButton>();
        for (var i = 0; i < shown.Count; i++)
        {
            var time = shown[i];
            var chosen = current.Contains(time, StringComparer.Ordinal);
            buttons.Add(Button(
                (chosen ? Check : string.Empty) + time,
                chosen ? SettingsAction.RemoveDigestTime : SettingsAction.AddDigestTime,
                SettingsCallbackData.TimeValue(time),
                remote,
                sameRow: i % 4 != 0));
        }

        buttons.Add(new("Type other times…", SettingsCallbackData.Ask(SettingsPrompt.DigestTimes, remote)));
        buttons.Add(new(Back, SettingsCallbackData.Show(SettingsScreen.Main, remote)));
        return buttons;
    }

    private static List<MessageButton> ZoneButtons(ChatSubscription chat, long? remote)
    {
        var buttons = new List<MessageButton>();
        for (var i = 0; i < ZonePresets.Count; i++)
        {
            var zone = ZonePresets[i];
            var name = zone[(zone.LastIndexOf('/') + 1)..].Replace('_', ' ');
            buttons.Add(Button((zone == chat.TimeZone ? Check : string.Empty) + name, SettingsAction.TimeZone, zone, remote, sameRow: i % 3 != 0));
        }

        buttons.Add(new("Type a time zone…", SettingsCallbackData.Ask(SettingsPrompt.TimeZone, remote)));
        buttons.Add(new(Back, SettingsCallbackData.Show(SettingsScreen.Main, remote)));
        return buttons;
    }

    private static List<MessageButton> QuietButtons(ChatSubscription chat, long? remote)
    {
        var quiet = chat.QuietHours;
        var buttons = new List<MessageButton>
        {
            Button((quiet is null ? Check : string.Empty) + "Off", SettingsAction.Quiet, "0", remote),
            Button((quiet is null ? string.Empty : Check) + "On", SettingsAction.Quiet, "1", remote, sameRow: true),
        };
        if (quiet is not null)
        {
            buttons.AddRange(QuietStarts.Select((t, i) => Button((quiet.Start == t ? Check : string.Empty) + "from " + t, SettingsAction.QuietStart, SettingsCallbackData.TimeValue(t), remote, sameRow: i > 0)));
            buttons.AddRange(QuietEnds.Select((t, i) => Button((quiet.End == t ? Check : string.Empty) + "to " + t, SettingsAction.QuietEnd, SettingsCallbackData.TimeValue(t), remote, sameRow: i > 0)));
            var hold = quiet.Action == QuietHoursAction.Hold;
            buttons.Add(Button((hold ? string.Empty : Check) + "Send without sound", SettingsAction.QuietAction, "s", remote));
            buttons.Add(Button((hold ? Check : string.Empty) + "Hold until they end", SettingsAction.QuietAction, "h", remote, sameRow: true));
        }

        buttons.Add(new("Type the hours…", SettingsCallbackData.Ask(SettingsPrompt.QuietHours, remote)));
        buttons.Add(new(Back, SettingsCallbackData.Show(SettingsScreen.Main, remote)));
        return buttons;
    }

    private static List<MessageButton> LanguageButtons(ChatSubscription chat, long? remote, bool available)
    {
        var buttons = new List<MessageButton>();
        if (available)
        {
            var current = SummaryLanguages.Find(chat.SummaryLanguage);
            buttons.Add(Button((current is null ? Check : string.Empty) + "As the article", SettingsAction.Language, "-", remote));
            var languages = SummaryLanguages.All;
            for (var i = 0; i < languages.Count; i++)
            {
                var language = languages[i];
                buttons.Add(Button((current == language ? Check : string.Empty) + language.NativeName, SettingsAction.Language, language.Code, remote, sameRow: i % 3 != 0));
            }
        }

        buttons.Add(new(Back, SettingsCallbackData.Show(SettingsScreen.Main, remote)));
        return buttons;
    }

    private static MessageButton Button(string text, SettingsAction action, string value, long? remote, bool sameRow = false) =>
        new(text, SettingsCallbackData.Encode(action, value, remote)) { SameRow = sameRow };
}
