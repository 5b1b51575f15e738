namespace SummaryBot.Core.Subscriptions;

/// <summary>Local dates and times of a chat's time zone as instants, whatever daylight saving does.</summary>
public static class LocalTimes
{
    /// <summary>
    /// The instant of a local date and time in <paramref name="zone"/>: a time in the spring-forward gap
    /// moves forward by the gap (02:30 becomes 03:30), and a time that occurs twice when clocks fall
    /// back is taken at its first occurrence.
    /// </summary>
    public static DateTimeOffset Instant(TimeZoneInfo zone, DateOnly date, TimeOnly time)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // Skipped by a spring-forward: use the offset in force before the gap, which lands the
            // instant as far after the gap's end as it was after its start.
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            // Repeated by a fall-back: the larger offset is the earlier instant.
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The local date of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateOnly DateOf(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
