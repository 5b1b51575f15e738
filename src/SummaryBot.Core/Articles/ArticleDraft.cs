namespace SummaryBot.Core.Articles;

/// <summary>What a format parser found before cleaning: candidate paragraphs in reading order and
/// any metadata. <see cref="Title"/> is null when the format has no title field (plain text), in
/// which case the cleaner takes the first real line. <see cref="Found"/> says what text the source
/// had (for a page: words, link words, paragraphs), for the reason when no article is left.</summary>
internal sealed record ArticleDraft(
    string? Title,
    IReadOnlyList<string> Paragraphs,
    string? Outlet = null,
    string? Url = null,
    DateTimeOffset? Published = null,
    string? Found = null);
