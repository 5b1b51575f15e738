using System.Globalization;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Articles;

/// <summary>Parses the dates found in article metadata and datelines. Times without an offset are
/// taken as UTC; text that is not a date gives null, never an exception.</summary>
internal static partial class MetadataDates
{
    private static readonly string[] DatelineFormats =
    [
        "dddd, MMMM d, yyyy", "dddd, MMMM d yyyy", "MMMM d, yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMM. d, yyyy",
        "dddd, d MMMM yyyy", "dddd d MMMM yyyy", "d MMMM yyyy", "d MMM yyyy", "dddd, MMM d, yyyy",
    ];

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        return DateTimeOffset.TryParseExact(value, DatelineFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed)
            ? parsed
            : null;
    }

    /// <summary>A line that is only a date ("Friday, July 19, 2024", "19 July 2024", "2024-07-19"),
    /// optionally after "Published"/"Updated", as page headers show it.</summary>
    public static DateTimeOffset? ParseDateline(string line)
    {
        var match = DatelineRegex().Match(line);
        return match.Success ? Parse(match.Groups["date"].Value.TrimEnd('.')) : null;
    }

    [GeneratedRegex(@"^(?:(?:published|updated|posted|last updated)(?: on)?:?\s+)?(?<date>(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?))\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex DatelineRegex();
}
