using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Stories;

/// <summary>
/// The time a report counts at for the same-story window. A published date is used only when it is
/// plausible for news arriving now: pages often carry the date they were rendered or archived
/// (a "Friday, July 19, 2024" header over a February story), and trusting it would keep two
/// reports of one event apart. Otherwise the time the bot first saw the article counts.
/// </summary>
public static class StoryTime
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);

    public static DateTimeOffset Of(Article article, DateTimeOffset seen)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.Published is { } published && published >= seen - MaxAge && published <= seen + MaxAhead
            ? published
            : seen;
    }
}
