using Microsoft.Extensions.Logging;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.Stories;

/// <summary>
/// The summary of a story in a chat's language: exactly one model call per (story, language), however
/// many chats, senders and instances ask at once. The story document decides, with conditional writes:
/// the first asker records a <see cref="StoryTranslationState.Pending"/> claim (the write that wins the
/// ETag race), makes the call outside any lock, and stores the result (or the failure) on the story;
/// everyone else reads it. An asker that finds a claim in progress is told to come back
/// (<see cref="LocalizedSummaryStatus.Pending"/>) rather than wait on another's call. A claim whose
/// holder died is taken over after <see cref="ClaimLease"/> (the only case in which a second call is
/// made). A language the model fails on is recorded as failed and never asked again: its chats get
/// the story's own summary with a note.
/// </summary>
public sealed class StoryTranslations(
    IObjectStore store,
    ISummaryTranslator translator,
    TimeProvider timeProvider,
    ILogger<StoryTranslations> logger)
{
    /// <summary>How long a claim holds before another sender may take the call over (well beyond a
    /// model call with its retries: AzureOpenAI:Timeout is 30 s by default).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(3);

    /// <summary>True when chats can have summaries in other languages (a model is configured).</summary>
    public bool IsAvailable => translator.IsAvailable;

    /// <summary>
    /// The summary to show a chat that reads <paramref name="languageCode"/> (null: the article's own
    /// language). Makes the model call when this caller wins the claim.
    /// </summary>
    public async Task<LocalizedSummary> GetAsync(StoryDocument story, string? languageCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        if (languageCode is null || SummaryLanguages.Find(languageCode) is not { } language)
        {
            return LocalizedSummary.Original(story.Summary);
        }

        if (!translator.IsAvailable)
        {
            return LocalizedSummary.FellBack(story.Summary, language, "no AI model is configured") with
            {
                Note = $"Summary in the article's language: summaries in {language.EnglishName} need an AI model, and none is configured.",
            };
        }

        if (Decide(story.Translations?.GetValueOrDefault(language.Code), story.Summary, language) is { } known)
        {
            return known;
        }

        var claim = Guid.NewGuid().ToString("N");
        var path = StoryPaths.Story(story.StoryId);
        var claimed = await store.UpdateJsonAsync<StoryDocument>(
            path,
            current => current is null || Decide(current.Translations?.GetValueOrDefault(language.Code), current.Summary, language) is not null
                ? current
                : current with
                {
                    Translations = With(current.Translations, language.Code, new StoryTranslation
                    {
                        State = StoryTranslationState.Pending,
                        ClaimedBy = claim,
                        ClaimedAt = timeProvider.GetUtcNow(),
                    }),
                },
            cancellationToken);
        if (claimed is null)
        {
            return LocalizedSummary.Original(story.Summary); // The story was deleted meanwhile.
        }

        var entry = claimed.Translations?.GetValueOrDefault(language.Code);
        if (entry?.ClaimedBy != claim || entry.State != StoryTranslationState.Pending)
        {
            return Decide(entry, claimed.Summary, language) ?? LocalizedSummary.Pending(claimed.Summary);
        }

        return await TranslateAsync(path, claimed.Summary, language, claim, cancellationToken);
    }

    /// <summary>
    /// The summary a chat reading <paramref name="languageCode"/> is shown from what the story already
    /// holds, making no call (a digest run uses it: the sender made the call when it queued the story).
    /// Without a finished summary in that language, the story's own.
    /// </summary>
    public static LocalizedSummary Known(StoryDocument story, string? languageCode)
    {
        ArgumentNullException.ThrowIfNull(story);
        var language = SummaryLanguages.Find(languageCode);
        return language is null ? LocalizedSummary.Original(story.Summary) : story.Translations?.GetValueOrDefault(language.Code) switch
        {
            { State: StoryTranslationState.Ready, Summary: { } summary } => LocalizedSummary.Translated(summary, language),
            { State: StoryTranslationState.Failed } failed => LocalizedSummary.FellBack(story.Summary, language, failed.Error ?? "the model failed"),
            _ => LocalizedSummary.Original(story.Summary),
        };
    }

    private async Task<LocalizedSummary> TranslateAsync(string path, Summary original, SummaryLanguage language, string claim, CancellationToken cancellationToken)
    {
        TranslatedSummary made;
        try
        {
            made = await translator.TranslateAsync(original, language, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: give the claim back so the next sender need not wait out the lease.
            await store.UpdateJsonAsync<StoryDocument>(
                path,
                current => current?.Translations?.GetValueOrDefault(language.Code)?.ClaimedBy == claim
                    ? current with { Translations = Without(current.Translations, language.Code) }
                    : current,
                CancellationToken.None);
            throw;
        }

        var result = made.Summary is { } summary
            ? new StoryTranslation { State = StoryTranslationState.Ready, Summary = summary, ClaimedBy = claim, ClaimedAt = timeProvider.GetUtcNow() }
            : new StoryTranslation { State = StoryTranslationState.Failed, Error = made.Failure, ClaimedBy = claim, ClaimedAt = timeProvider.GetUtcNow() };
        var stored = await store.UpdateJsonAsync<StoryDocument>(
            path,
            current => current?.Translations?.GetValueOrDefault(language.Code) is { State: StoryTranslationState.Ready }
                ? current // A sender that took over an expired claim finished first: keep its summary.
                : current is null ? null : current with { Translations = With(current.Translations, language.Code, result) },
            cancellationToken);
        logger.LogInformation("Summary of story {StoryId} in {Language}: {State}", stored?.StoryId, language.Code, result.State);
        var shown = Decide(stored?.Translations?.GetValueOrDefault(language.Code), original, language)
            ?? LocalizedSummary.FellBack(original, language, made.Failure ?? "the summary could not be stored");
        return shown with { MadeNow = true };
    }

    /// <summary>What an entry means for a reader; null when the caller may claim the call (none, or an expired claim).</summary>
    private LocalizedSummary? Decide(StoryTranslation? entry, Summary original, SummaryLanguage language) => entry switch
    {
        null => null,
        { State: StoryTranslationState.Ready, Summary: { } summary } => LocalizedSummary.Translated(summary, language),
        { State: StoryTranslationState.Failed } failed => LocalizedSummary.FellBack(original, language, failed.Error ?? "the model failed"),
        { State: StoryTranslationState.Pending, ClaimedAt: { } at } when timeProvider.GetUtcNow() - at < ClaimLease => LocalizedSummary.Pending(original),
        _ => null,
    };

    private static Dictionary<string, StoryTranslation> With(IReadOnlyDictionary<string, StoryTranslation>? current, string code, StoryTranslation entry)
    {
        var copy = current is null ? new Dictionary<string, StoryTranslation>(StringComparer.Ordinal) : new Dictionary<string, StoryTranslation>(current, StringComparer.Ordinal);
        copy[code] = entry;
        return copy;
    }

    private static Dictionary<string, StoryTranslation>? Without(IReadOnlyDictionary<string, StoryTranslation>? current, string code)
    {
        var copy = current is null ? null : new Dictionary<string, StoryTranslation>(current, StringComparer.Ordinal);
        copy?.Remove(code);
        return copy is { Count: > 0 } ? copy : null;
    }
}

public enum LocalizedSummaryStatus
{
    /// <summary>The chat reads the article's own language.</summary>
    Original,

    /// <summary>The summary in the chat's language.</summary>
    Translated,

    /// <summary>Another sender is making the summary in this language: come back shortly.</summary>
    Pending,

    /// <summary>The summary in this language could not be made: the story's own, with <see cref="LocalizedSummary.Note"/>.</summary>
    FellBack,
}

/// <summary>The summary a chat is shown, and, when it is not in the chat's language, a note saying why.</summary>
public sealed record LocalizedSummary(Summary Summary, LocalizedSummaryStatus Status, string? Note)
{
    public static LocalizedSummary Original(Summary summary) => new(summary, LocalizedSummaryStatus.Original, null);

    public static LocalizedSummary Translated(Summary summary, SummaryLanguage language) =>
        new(summary, LocalizedSummaryStatus.Translated, null) { Language = language.Code };

    public static LocalizedSummary Pending(Summary original) => new(original, LocalizedSummaryStatus.Pending, null);

    /// <param name="reason">Why, for the log (the note for people stays short).</param>
    public static LocalizedSummary FellBack(Summary original, SummaryLanguage language, string reason) =>
        new(original, LocalizedSummaryStatus.FellBack, $"Summary in the article's language: the AI model could not write it in {language.EnglishName}.")
        {
            Language = language.Code,
            Reason = reason,
        };

    /// <summary>True when this call made the model call (and so may have taken a while).</summary>
    public bool MadeNow { get; init; }

    /// <summary>Why a summary in the chat's language is missing, for the log.</summary>
    public string? Reason { get; init; }

    /// <summary>The language tag of a translated summary.</summary>
    public string? Language { get; init; }
}
