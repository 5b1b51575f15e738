using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.Stories;

/// <summary><c>stories/{storyId}.json</c>: one event, its summary (made once) and every report of it.</summary>
public sealed record StoryDocument
{
    public required string StoryId { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required Summary Summary { get; init; }

    /// <summary>Reports in the order they were added; the first founded the story.</summary>
    public IReadOnlyList<StorySource> Sources { get; init; } = [];

    /// <summary>Outlets (or, when unknown, titles) of every report but the first, for "Also reported by".</summary>
    public IReadOnlyList<string> AlsoReportedBy() =>
        [.. Sources.Skip(1).Select(s => s.DisplayName).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(name => !string.Equals(name, Sources[0].DisplayName, StringComparison.OrdinalIgnoreCase))];
}

/// <summary>One report of a story.</summary>
public sealed record StorySource(string ArticleName, string Title, string? Outlet, string? Url, DateTimeOffset AddedAt)
{
    /// <summary>How people see this report: the outlet when known, else its headline.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Outlet) ? Title : Outlet;
}
