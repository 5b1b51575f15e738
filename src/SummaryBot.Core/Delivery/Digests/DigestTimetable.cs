using System.Globalization;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery.Digests;

/// <summary>
/// A chat's digest times as instants. Each (local date, time) is one slot, whatever daylight saving
/// does: a time in the spring-forward gap moves forward by the gap (02:30 becomes 03:30), and a time
/// that occurs twice when clocks fall back is taken at its first occurrence only.
/// </summary>
public sealed record DigestTimetable(IReadOnlyList<TimeOnly> Times, TimeZoneInfo Zone)
{
    /// <summary>
    /// The chat's timetable. Settings that do not parse (edited by hand, or written by an older
    /// version) fall back to the defaults; <paramref name="problem"/> then says what was ignored.
    /// </summary>
    public static DigestTimetable For(ChatSubscription chat, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(chat);
        problem = null;
        var zone = DigestSchedule.TryResolveTimeZone(chat.TimeZone);
        if (!zone.Success)
        {
            problem = $"time zone: {zone.Error}";
            zone = DigestSchedule.TryResolveTimeZone(DigestSchedule.DefaultTimeZone);
        }

        var times = chat.DigestTimes.Count == 0
            ? DigestSchedule.TryParseTimes(string.Join(',', DigestSchedule.DefaultTimes))
            : DigestSchedule.TryParseTimes(string.Join(',', chat.DigestTimes));
        if (!times.Success)
        {
            problem = (problem is null ? string.Empty : problem + "; ") + $"digest times: {times.Error}";
            times = DigestSchedule.TryParseTimes(string.Join(',', DigestSchedule.DefaultTimes));
        }

        return new DigestTimetable(
            [.. times.Times.Select(t => TimeOnly.ParseExact(t, DigestSchedule.StoredTimeFormat, CultureInfo.InvariantCulture))],
            zone.Zone ?? TimeZoneInfo.Utc);
    }

    /// <summary>The latest slot at or before <paramref name="now"/>, or null when there are no times.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        foreach (var slot in SlotsAround(now))
        {
            if (slot <= now && (latest is null || slot > latest))
            {
                latest = slot;
            }
        }

        return latest;
    }

    /// <summary>The first slot strictly after <paramref name="instant"/>, or null when there are no times.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        DateTimeOffset? next = null;
        foreach (var slot in SlotsAround(instant))
        {
            if (slot > instant && (next is null || slot < next))
            {
                next = slot;
            }
        }

        return next;
    }

    /// <summary>The instant of a local date and time in <see cref="Zone"/>, per the rules above.</summary>
    public DateTimeOffset SlotOf(DateOnly date, TimeOnly time) => LocalTimes.Instant(Zone, date, time);

    /// <summary>Every slot from two local days before to two after the local date of <paramref name="instant"/>:
    /// slots are daily, so the nearest ones on either side are always among them.</summary>
    private IEnumerable<DateTimeOffset> SlotsAround(DateTimeOffset instant)
    {
        var today = LocalTimes.DateOf(Zone, instant);
        for (var day = -2; day <= 2; day++)
        {
            foreach (var time in Times)
            {
                yield return SlotOf(today.AddDays(day), time);
            }
        }
    }
}
