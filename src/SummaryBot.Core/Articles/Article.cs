namespace SummaryBot.Core.Articles;

/// <summary>A cleaned news article: what every later stage works on.</summary>
/// <param name="Name">The input file name (blob name), e.g. <c>000_09975875220c8e60.txt</c>.</param>
/// <param name="Title">The headline, cleaned.</param>
/// <param name="Paragraphs">The body as clean paragraphs, boilerplate removed, entities decoded.</param>
/// <param name="Outlet">The publisher when known (from metadata, the URL host, or a byline).</param>
/// <param name="Url">The canonical URL when known.</param>
/// <param name="Published">The publication time when known.</param>
public sealed record Article(
    string Name,
    string Title,
    IReadOnlyList<string> Paragraphs,
    string? Outlet,
    string? Url,
    DateTimeOffset? Published)
{
    /// <summary>The body as one text, paragraphs separated by blank lines.</summary>
    public string Body => string.Join("\n\n", Paragraphs);
}
