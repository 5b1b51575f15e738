using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Bot;

/// <summary>What a settings button does.</summary>
public enum SettingsAction
{
    /// <summary>Show a screen of the panel (<see cref="SettingsScreen"/>).</summary>
    Show,

    /// <summary>Instant alerts or digests.</summary>
    Mode,

    /// <summary>Add a digest time.</summary>
    AddDigestTime,

    /// <summary>Remove a digest time.</summary>
    RemoveDigestTime,

    TimeZone,

    /// <summary>Quiet hours on or off.</summary>
    Quiet,

    QuietStart,

    QuietEnd,

    /// <summary>Send silently or hold, during quiet hours.</summary>
    QuietAction,

    SilentAlerts,

    LinkPreviews,

    /// <summary>A summary language tag, or "-" for the article's own.</summary>
    Language,

    /// <summary>Ask for a value to be typed (<see cref="SettingsPrompt"/>).</summary>
    Ask,

    /// <summary>Close the panel (its keyboard goes).</summary>
    Done,
}

public enum SettingsScreen
{
    Main,
    DigestTimes,
    TimeZone,
    QuietHours,
    Language,
}

/// <summary>A value the subscriber types in reply to a prompt.</summary>
public enum SettingsPrompt
{
    DigestTimes,
    TimeZone,
    QuietHours,
}

/// <summary>One settings button's meaning: the action, its value, and the channel it acts on when
/// pressed in a private chat (null: the chat the panel is in).</summary>
public sealed record SettingsCommand(SettingsAction Action, string Value, long? RemoteChatId = null);

/// <summary>
/// The callback data of settings buttons: <c>s1:{action}[:{value}][@{chatId}]</c>, at most 64 bytes
/// (Telegram's limit). <c>s1</c> is the version of the scheme: a button from an older panel (another
/// version, an action or value this version does not know) is refused as stale with a polite answer,
/// and so is anything forged. Values are absolute ("silent alerts on"), never toggles, so a press on an
/// old panel sets what its button said, and pressing twice changes nothing. Nothing in the data is
/// trusted for authority: who may change the chat is checked again at every press.
/// </summary>
public static partial class SettingsCallbackData
{
    public const string Prefix = "s1:";
    public const int MaxBytes = 64;

    private static readonly Dictionary<SettingsAction, string> Codes = new()
    {
        [SettingsAction.Show] = "v",
        [SettingsAction.Mode] = "m",
        [SettingsAction.AddDigestTime] = "t+",
        [SettingsAction.RemoveDigestTime] = "t-",
        [SettingsAction.TimeZone] = "z",
        [SettingsAction.Quiet] = "q",
        [SettingsAction.QuietStart] = "qs",
        [SettingsAction.QuietEnd] = "qe",
        [SettingsAction.QuietAction] = "qa",
        [SettingsAction.SilentAlerts] = "sa",
        [SettingsAction.LinkPreviews] = "lp",
        [SettingsAction.Language] = "l",
        [SettingsAction.Ask] = "a",
        [SettingsAction.Done] = "x",
    };

    private static readonly Dictionary<string, SettingsAction> Actions = Codes.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private static readonly Dictionary<SettingsScreen, string> ScreenCodes = new()
    {
        [SettingsScreen.Main] = "m",
        [SettingsScreen.DigestTimes] = "t",
        [SettingsScreen.TimeZone] = "z",
        [SettingsScreen.QuietHours] = "q",
        [SettingsScreen.Language] = "l",
    };

    private static readonly Dictionary<SettingsPrompt, string> PromptCodes = new()
    {
        [SettingsPrompt.DigestTimes] = "t",
        [SettingsPrompt.TimeZone] = "z",
        [SettingsPrompt.QuietHours] = "q",
    };

    public static bool IsSettings(string? data) => data is not null && data.Length > 1 && data[0] == 's' && char.IsAsciiDigit(data[1]);

    public static string Show(SettingsScreen screen, long? remote) => Encode(SettingsAction.Show, ScreenCodes[screen], remote);

    public static string Ask(SettingsPrompt prompt, long? remote) => Encode(SettingsAction.Ask, PromptCodes[prompt], remote);

    /// <exception cref="ArgumentException">The data would exceed 64 bytes or holds a separator.</exception>
    public static string Encode(SettingsAction action, string value, long? remote)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException("A settings value cannot contain '@'.", nameof(value));
        }

        var data = Prefix + Codes[action] + (value.Length > 0 ? ":" + value : string.Empty)
            + (remote is { } id ? "@" + id.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return Encoding.UTF8.GetByteCount(data) <= MaxBytes
            ? data
            : throw new ArgumentException($"Callback data '{data}' is longer than {MaxBytes} bytes.", nameof(value));
    }

    /// <summary>The command a button's data stands for, or null when it is stale or forged.</summary>
    public static SettingsCommand? Parse(string? data)
    {
        if (data is null || Encoding.UTF8.GetByteCount(data) > MaxBytes || !data.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var match = Shape().Match(data[Prefix.Length..]);
        if (!match.Success || !Actions.TryGetValue(match.Groups["action"].Value, out var action))
        {
            return null;
        }

        long? remote = null;
        if (match.Groups["chat"].Success)
        {
            if (!long.TryParse(match.Groups["chat"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId) || chatId >= 0)
            {
                return null; // Only channels are set up from a private chat, and their ids are negative.
            }

            remote = chatId;
        }

        var value = match.Groups["value"].Value;
        return IsValid(action, value) ? new SettingsCommand(action, value, remote) : null;
    }

    public static SettingsScreen? ScreenOf(string code) => ScreenCodes.FirstOrDefault(p => p.Value == code) is { Value: not null } found ? found.Key : null;

    public static SettingsPrompt? PromptOf(string code) => PromptCodes.FirstOrDefault(p => p.Value == code) is { Value: not null } found ? found.Key : null;

    /// <summary>The four-digit form of a time of day in callback data (<c>0730</c>).</summary>
    public static string TimeValue(string hhmm) => hhmm.Replace(":", string.Empty, StringComparison.Ordinal);

    /// <summary>The stored <c>HH:mm</c> form of a four-digit time value.</summary>
    public static string TimeOf(string value) => value[..2] + ":" + value[2..];

    private static bool IsValid(SettingsAction action, string value) => action switch
    {
        SettingsAction.Show => ScreenOf(value) is not null,
        SettingsAction.Ask => PromptOf(value) is not null,
        SettingsAction.Mode => value is "i" or "d",
        SettingsAction.AddDigestTime or SettingsAction.RemoveDigestTime or SettingsAction.QuietStart or SettingsAction.QuietEnd => TimeValuePattern().IsMatch(value),
        SettingsAction.TimeZone => value.Length > 0, // Checked against the time zone database when applied.
        SettingsAction.Quiet or SettingsAction.SilentAlerts or SettingsAction.LinkPreviews => value is "0" or "1",
        SettingsAction.QuietAction => value is "s" or "h",
        SettingsAction.Language => value == "-" || Summaries.SummaryLanguages.Find(value) is { } language && language.Code == value,
        SettingsAction.Done => value.Length == 0,
        _ => false,
    };

    [GeneratedRegex(@"^(?<action>[a-z]{1,2}[+\-]?)(?::(?<value>[A-Za-z0-9_/+\-]{1,40}))?(?:@(?<chat>-?\d{1,20}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex("^(?:[01][0-9]|2[0-3])[0-5][0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeValuePattern();
}
