using System.Globalization;

namespace SummaryBot.Core.Subscriptions;

/// <summary>Parses what subscribers type for <c>/mode digest</c> and <c>/timezone</c>.</summary>
public static class DigestScheduleText
{
    public const int MaxDigestTimes = 24;
    public static readonly IReadOnlyList<string> DefaultTimes = ["08:00"];

    /// <summary>Parses <c>08:00,18:30</c> (commas or spaces) into sorted, distinct <c>HH:MM</c> values.</summary>
    /// <returns>Null and an <paramref name="error"/> a person understands when any part is not a time.</returns>
    public static IReadOnlyList<string>? ParseTimes(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var times = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (!TimeOnly.TryParseExact(part, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                error = $"“{Shorten(part)}” is not a time of day: use 24-hour HH:MM, e.g. 08:00 or 18:30.";
                return null;
            }

            times.Add(time.ToString("HH:mm", CultureInfo.InvariantCulture));
        }

        if (times.Count > MaxDigestTimes)
        {
            error = $"At most {MaxDigestTimes} digest times a day.";
            return null;
        }

        error = null;
        return [.. times];
    }

    /// <summary>Finds an IANA time zone (Windows ids are converted); null and an <paramref name="error"/> otherwise.</summary>
    public static string? ParseTimeZone(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var id = text.Trim();
        if (id.Length == 0)
        {
            error = "Tell me the time zone as an IANA name, e.g. /timezone Europe/Berlin or /timezone America/New_York.";
            return null;
        }

        if (id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            if (zone.HasIanaId)
            {
                error = null;
                return zone.Id;
            }

            if (TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana))
            {
                error = null;
                return iana;
            }
        }

        error = $"“{Shorten(id)}” is not a time zone I know. Use an IANA name such as Europe/Berlin, Asia/Tokyo or UTC.";
        return null;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
