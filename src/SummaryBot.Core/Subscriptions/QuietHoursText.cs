using System.Text.RegularExpressions;

namespace SummaryBot.Core.Subscriptions;

/// <summary>
/// What a subscriber types for quiet hours (<c>/quiet 22:00-07:00 hold</c>, or a reply to the settings
/// prompt), and how the bot describes them. The one parser of quiet hours, whatever the transport.
/// </summary>
public static partial class QuietHoursText
{
    public const string Example = "e.g. 22:00-07:00, or 22:00-07:00 hold to keep alerts until they end";

    /// <summary>The window offered when quiet hours are switched on without times.</summary>
    public static QuietHours Default { get; } = new("22:00", "07:00", QuietHoursAction.Silent);

    /// <summary>
    /// Parses <c>START-END [silent|hold]</c> (a dash, an en dash, "to" or a space between the times).
    /// Without an action the current one is kept (<paramref name="currentAction"/>).
    /// </summary>
    public static QuietHoursResult TryParse(string? text, QuietHoursAction currentAction = QuietHoursAction.Silent)
    {
        var input = text?.Trim() ?? string.Empty;
        if (input.Length is 0 or > 60)
        {
            return QuietHoursResult.Fail($"Give the start and the end of the quiet hours, {Example}.");
        }

        var match = Pattern().Match(input);
        if (!match.Success)
        {
            return QuietHoursResult.Fail($"I can't read \"{input}\" as quiet hours; give a start and an end, {Example}.");
        }

        if (!DigestSchedule.TryParseTimeOfDay(match.Groups["start"].Value, out var start, out var error)
            || !DigestSchedule.TryParseTimeOfDay(match.Groups["end"].Value, out var end, out error))
        {
            return QuietHoursResult.Fail(error);
        }

        if (start == end)
        {
            return QuietHoursResult.Fail("Quiet hours must end at another time than they start, " + Example + ".");
        }

        var action = match.Groups["action"].Value.ToLowerInvariant() switch
        {
            "hold" or "held" or "later" => QuietHoursAction.Hold,
            "silent" or "silently" or "quiet" => QuietHoursAction.Silent,
            _ => currentAction,
        };
        return new QuietHoursResult(new QuietHours(DigestSchedule.Format(start), DigestSchedule.Format(end), action), null);
    }

    /// <summary>"22:00–07:00, alerts sent silently" or "off".</summary>
    public static string Describe(QuietHours? quiet) => quiet is null
        ? "off"
        : $"{quiet.Start}–{quiet.End}, " + (quiet.Action == QuietHoursAction.Hold ? "alerts held until they end" : "alerts sent without sound");

    [GeneratedRegex(@"^(?<start>\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)\s*(?:-|–|—|to|\s)\s*(?<end>\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)(?:\s+(?<action>\p{L}+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>Parsed quiet hours, or a sentence saying what is wrong.</summary>
public sealed record QuietHoursResult(QuietHours? QuietHours, string? Error)
{
    public bool Success => QuietHours is not null;

    public static QuietHoursResult Fail(string error) => new(null, error);
}
