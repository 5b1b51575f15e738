using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.Stories;

/// <summary><c>stories/{storyId}.json</c>: one event, its summary (made once) and every report of it.</summary>
public sealed record StoryDocument
{
    public required string StoryId { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required Summary Summary { get; init; }

    /// <summary>
    /// The summary in other languages, by language tag (null when none was asked for): made once per
    /// (story, language) and reused for every chat that reads that language. See <see cref="StoryTranslations"/>.
    /// </summary>
    public IReadOnlyDictionary<string, StoryTranslation>? Translations { get; init; }

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

public enum StoryTranslationState
{
    /// <summary>A sender claimed the model call and is making it.</summary>
    Pending,

    /// <summary>The summary in this language is ready.</summary>
    Ready,

    /// <summary>The model failed on this language; chats reading it get the story's summary with a note.</summary>
    Failed,
}

/// <summary>The story's summary in one language, or the state of making it.</summary>
public sealed record StoryTranslation
{
    public required StoryTranslationState State { get; init; }

    public Summary? Summary { get; init; }

    /// <summary>Who claimed the model call (a random id per attempt).</summary>
    public string? ClaimedBy { get; init; }

    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>Why the model's summary is missing, when <see cref="State"/> is Failed.</summary>
    public string? Error { get; init; }
}
