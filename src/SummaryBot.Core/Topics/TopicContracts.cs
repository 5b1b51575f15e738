using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Topics;

/// <summary>One topic that one chat subscribed to, as the subscriber typed it.</summary>
public sealed record TopicSubscription(long ChatId, string Topic);

/// <summary>A topic that matched an article, with the terms found in the article that made it match.</summary>
public sealed record TopicMatch(long ChatId, string Topic, IReadOnlyList<string> Evidence);

/// <summary>The outcome of parsing what a subscriber typed.</summary>
/// <param name="Normalized">The canonical spelling stored in the subscription (e.g. <c>Russia–North Korea</c>).</param>
/// <param name="Description">What the topic will match, for people: shown by /subscribe and /topics.</param>
/// <param name="Error">Why the topic cannot be used; null on success.</param>
public sealed record TopicParseResult(bool Success, string Normalized, string Description, string? Error)
{
    public static TopicParseResult Failed(string input, string error) => new(false, input, string.Empty, error);
}

/// <summary>Parses topics and compiles all subscriptions into one matcher.</summary>
public interface ITopicCompiler
{
    TopicParseResult Parse(string topic);

    /// <summary>Compiles every subscription into one matcher whose per-article cost does not grow
    /// with the number of subscriptions. Topics that do not parse are skipped.</summary>
    ITopicMatcher Compile(IEnumerable<TopicSubscription> subscriptions);
}

/// <summary>Matches one article against every compiled subscription at once.</summary>
public interface ITopicMatcher
{
    IReadOnlyList<TopicMatch> Match(Article article);
}
