using System.Globalization;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Subscriptions;

/// <summary>
/// Validates and normalizes what a subscriber types for digest times and time zones, whatever the
/// transport (the Telegram <c>/mode</c> and <c>/timezone</c> commands, the CLI). Every rejection
/// comes with a sentence the subscriber can act on. The one parser and limit of digest schedules:
/// what the bot or the CLI stores, the scheduler reads back with the same rules.
/// </summary>
public static partial class DigestSchedule
{
    /// <summary>How many digests a chat may ask for per day (one an hour).</summary>
    public const int MaxTimesPerDay = 24;

    public const string DefaultTimeZone = "UTC";

    /// <summary>The times used when a chat is in digest mode without times of its own.</summary>
    public static IReadOnlyList<string> DefaultTimes { get; } = ["08:00"];

    private const int MaxInputLength = 400;
    private const string TimeExample = "e.g. 08:00 or 08:00,18:00";
    private const string ZoneExample = "e.g. Europe/Skopje or America/New_York";

    /// <summary>
    /// Parses one or more local times of day separated by commas, semicolons or spaces
    /// (<c>08:00,18:00</c>, <c>8:00</c>, <c>8</c>, <c>6:30pm</c>) into sorted, distinct <c>HH:mm</c> strings.
    /// </summary>
    public static DigestTimesResult TryParseTimes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DigestTimesResult.Fail($"Give at least one time of day for the digest, {TimeExample}.");
        }

        if (text.Length > MaxInputLength)
        {
            return DigestTimesResult.Fail($"That is too long for a list of times; give at most {MaxTimesPerDay} times, {TimeExample}.");
        }

        var times = new SortedSet<TimeOnly>();
        foreach (var token in text.Split([',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseTime(token, out var time, out var error))
            {
                return DigestTimesResult.Fail(error);
            }

            times.Add(time);
        }

        if (times.Count == 0)
        {
            return DigestTimesResult.Fail($"Give at least one time of day for the digest, {TimeExample}.");
        }

        if (times.Count > MaxTimesPerDay)
        {
            return DigestTimesResult.Fail($"At most {MaxTimesPerDay} digests a day; you gave {times.Count} different times.");
        }

        return new DigestTimesResult(true, [.. times.Select(Format)], null);
    }

    /// <summary>Parses one local time of day (<c>22:00</c>, <c>7</c>, <c>10pm</c>); the error is a sentence for the subscriber.</summary>
    public static bool TryParseTimeOfDay(string? text, out TimeOnly time, out string error)
    {
        var token = text?.Trim() ?? string.Empty;
        if (token.Length is 0 or > 12)
        {
            time = default;
            error = $"Give a time of day as HH:MM in 24-hour form, {TimeExample}.";
            return false;
        }

        return TryParseTime(token, out time, out error);
    }

    /// <summary>How a time of day is stored (digest times, quiet hours): 24-hour <c>HH:mm</c>.</summary>
    public const string StoredTimeFormat = "HH:mm";

    /// <summary>The stored <c>HH:mm</c> form of a time of day.</summary>
    public static string Format(TimeOnly time) => time.ToString(StoredTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Resolves an IANA time zone id, case-insensitively (<c>europe/skopje</c> becomes
    /// <c>Europe/Skopje</c>). A Windows id is accepted and stored as its IANA equivalent. Fixed offsets
    /// are refused because they do not follow daylight saving time; unknown names get suggestions.
    /// </summary>
    public static TimeZoneResult TryResolveTimeZone(string? text)
    {
        var input = text?.Trim() ?? string.Empty;
        if (input.Length == 0)
        {
            return TimeZoneResult.Fail($"Give a time zone as an IANA name, {ZoneExample}.");
        }

        if (input.Length <= 12 && FixedOffset().IsMatch(input))
        {
            return TimeZoneResult.Fail(
                $"\"{input}\" is a fixed offset, which does not follow daylight saving time; use the IANA name of a city in your zone, {ZoneExample}.");
        }

        if (input.Length > 64 || !ZoneCharacters().IsMatch(input))
        {
            return TimeZoneResult.Fail($"\"{Shorten(input)}\" is not a time zone name; use an IANA name, {ZoneExample}.");
        }

        if (KnownZones.Value.TryGetValue(input, out var canonical) || TryCanonicalOther(input, out canonical))
        {
            return Found(canonical);
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(input, out var iana) && KnownZones.Value.TryGetValue(iana, out canonical))
        {
            return Found(canonical);
        }

        var suggestions = Suggest(input);
        return TimeZoneResult.Fail(suggestions.Count > 0
            ? $"Unknown time zone \"{input}\". Did you mean {string.Join(" or ", suggestions)}?"
            : $"Unknown time zone \"{input}\"; use an IANA name, {ZoneExample} (see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones).");
    }

    /// <summary>"08:00 and 18:00 (Europe/Skopje)": for confirmations.</summary>
    public static string Describe(IReadOnlyList<string> times, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(times);
        var list = times.Count == 0 ? DefaultTimes : times;
        var joined = list.Count == 1 ? list[0] : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
        return $"{joined} ({timeZone})";
    }

    private static bool TryParseTime(string token, out TimeOnly time, out string error)
    {
        time = default;
        error = string.Empty;
        var match = TimeToken().Match(token);
        if (!match.Success)
        {
            error = $"\"{Shorten(token)}\" is not a time of day; use HH:MM in 24-hour form, {TimeExample}.";
            return false;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = match.Groups["ampm"].Value.ToUpperInvariant();
        if (meridiem.Length > 0)
        {
            if (hour is < 1 or > 12)
            {
                error = $"\"{token}\" is not a time of day: with am/pm the hour goes from 1 to 12.";
                return false;
            }

            hour = (hour % 12) + (meridiem.StartsWith('P') ? 12 : 0);
        }

        if (hour > 23 || minute > 59)
        {
            error = $"\"{token}\" is not a time of day: hours go from 00 to 23 and minutes from 00 to 59, {TimeExample}.";
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }

    private static TimeZoneResult Found(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? new TimeZoneResult(true, id, zone, null)
            : TimeZoneResult.Fail($"The time zone \"{id}\" is not available on this server.");

    /// <summary>Ids the system resolves that are not in its list (Etc/UTC, backward links such as US/Eastern).</summary>
    private static bool TryCanonicalOther(string input, out string canonical)
    {
        canonical = input;
        if (input.StartsWith("posix/", StringComparison.OrdinalIgnoreCase) || input.StartsWith("right/", StringComparison.OrdinalIgnoreCase) ||
            !input.Contains('/', StringComparison.Ordinal) || !TimeZoneInfo.TryFindSystemTimeZoneById(input, out var zone) || !zone.HasIanaId)
        {
            return false;
        }

        canonical = zone.Id;
        return true;
    }

    private static List<string> Suggest(string input)
    {
        var wanted = input.Replace(' ', '_');
        var city = wanted[(wanted.LastIndexOf('/') + 1)..];
        var byCity = KnownZones.Value.Values
            .Where(id => id.EndsWith("/" + city, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        if (byCity.Count > 0)
        {
            return byCity;
        }

        var limit = Math.Max(1, Math.Min(3, wanted.Length / 4));
        return [.. KnownZones.Value.Values
            .Select(id => (Id: id, Distance: Distance(wanted, wanted.Contains('/', StringComparison.Ordinal) ? id : id[(id.LastIndexOf('/') + 1)..])))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(3)
            .Select(c => c.Id)];
    }

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;

    private static readonly Lazy<Dictionary<string, string>> KnownZones = new(() =>
    {
        var zones = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            if (zone.HasIanaId)
            {
                zones.TryAdd(zone.Id, zone.Id);
            }
            else if (TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana))
            {
                zones.TryAdd(iana, iana);
            }
        }

        zones.TryAdd("UTC", "UTC");
        return zones;
    });

    [GeneratedRegex(@"^(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>[ap]\.?m\.?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeToken();

    [GeneratedRegex(@"^[A-Za-z0-9/_+\-. ]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneCharacters();

    [GeneratedRegex(@"^(?:(?:UTC|GMT|Z)\s*)?[+\-]\s*\d{1,2}(?::?\d{2})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FixedOffset();
}

/// <summary>The outcome of <see cref="DigestSchedule.TryParseTimes"/>: sorted, distinct <c>HH:mm</c> times, or why not.</summary>
public sealed record DigestTimesResult(bool Success, IReadOnlyList<string> Times, string? Error)
{
    internal static DigestTimesResult Fail(string error) => new(false, [], error);
}

/// <summary>The outcome of <see cref="DigestSchedule.TryResolveTimeZone"/>: the IANA id to store and the zone, or why not.</summary>
public sealed record TimeZoneResult(bool Success, string? Id, TimeZoneInfo? Zone, string? Error)
{
    internal static TimeZoneResult Fail(string error) => new(false, null, null, error);
}
