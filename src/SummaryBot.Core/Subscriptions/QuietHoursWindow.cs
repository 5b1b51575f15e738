using System.Globalization;

namespace SummaryBot.Core.Subscriptions;

/// <summary>
/// A chat's quiet hours as instants: whether a moment falls in them and when they end, in the chat's
/// time zone. A window whose end is not after its start crosses midnight (22:00 to 07:00). Daylight
/// saving follows <see cref="LocalTimes.Instant"/>: a start or end in the spring-forward gap moves
/// forward by the gap, and one repeated by a fall-back is taken at its first occurrence, so a window
/// that night is an hour shorter or longer in absolute time but keeps its local times.
/// </summary>
public static class QuietHoursWindow
{
    /// <summary>Null when stored quiet hours can be used, else why not.</summary>
    public static string? Check(QuietHours quietHours)
    {
        ArgumentNullException.ThrowIfNull(quietHours);
        return !TryRead(quietHours.Start, out var start) ? $"the start \"{quietHours.Start}\" is not a time of day in HH:MM form"
            : !TryRead(quietHours.End, out var end) ? $"the end \"{quietHours.End}\" is not a time of day in HH:MM form"
            : start == end ? "the start and the end are the same time"
            : !Enum.IsDefined(quietHours.Action) ? $"\"{quietHours.Action}\" is not something quiet hours can do"
            : null;
    }

    /// <summary>
    /// When the chat's quiet hours that <paramref name="now"/> falls in end, or null when it falls in
    /// none (or the chat has no usable quiet hours).
    /// </summary>
    public static DateTimeOffset? EndIfQuiet(ChatSubscription chat, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (chat.QuietHours is not { } quiet || Check(quiet) is not null)
        {
            return null;
        }

        TryRead(quiet.Start, out var start);
        TryRead(quiet.End, out var end);
        var zone = DigestSchedule.TryResolveTimeZone(chat.TimeZone).Zone ?? TimeZoneInfo.Utc;
        var today = LocalTimes.DateOf(zone, now);

        // The window that holds now started today or, crossing midnight, yesterday.
        for (var day = -1; day <= 0; day++)
        {
            var startDate = today.AddDays(day);
            var from = LocalTimes.Instant(zone, startDate, start);
            var to = LocalTimes.Instant(zone, end > start ? startDate : startDate.AddDays(1), end);
            if (from <= now && now < to)
            {
                return to;
            }
        }

        return null;
    }

    private static bool TryRead(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, DigestSchedule.StoredTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
