using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Topics;

/// <summary>One topic that one chat (or one forum topic of it, <see cref="ThreadId"/>) subscribed to, as the subscriber typed it.</summary>
public sealed record TopicSubscription(long ChatId, string Topic)
{
    /// <summary>The forum topic of the chat that subscribed, or null for the chat itself.</summary>
    public int? ThreadId { get; init; }

    /// <summary>Extra aliases accepted at subscribe time (e.g. proposed by Azure OpenAI), keyed by the entity
    /// name or phrase of the topic they extend: <c>{"North Korea": ["Ri Sol Ju"]}</c>. Empty for most topics.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? ExtraAliases { get; init; }
}

/// <summary>A topic that matched an article, with the terms found in the article that made it match.</summary>
public sealed record TopicMatch(long ChatId, string Topic, IReadOnlyList<string> Evidence)
{
    /// <summary>The forum topic of the chat that subscribed, or null for the chat itself.</summary>
    public int? ThreadId { get; init; }
}

/// <summary>The outcome of parsing what a subscriber typed.</summary>
/// <param name="Normalized">The canonical spelling stored in the subscription (e.g. <c>Russia–North Korea</c>).</param>
/// <param name="Description">What the topic will match, for people: shown by /subscribe and /topics.</param>
/// <param name="Error">Why the topic cannot be used; null on success.</param>
public sealed record TopicParseResult(bool Success, string Normalized, string Description, string? Error)
{
    /// <summary>Each entity or phrase of the topic with everything it matches, in the order typed
    /// (for /topics details and for proposing more aliases).</summary>
    public IReadOnlyList<TopicTermInfo> Terms { get; init; } = [];

    internal TopicNode? Expression { get; init; }

    public static TopicParseResult Failed(string input, string error) => new(false, input, string.Empty, error);
}

public enum TopicTermKind
{
    /// <summary>A gazetteer entity: matched by all its aliases.</summary>
    Entity,

    /// <summary>A phrase matched word for word (case, accents, hyphens and possessives ignored).</summary>
    Phrase,
}

/// <summary>One entity or phrase of a topic.</summary>
/// <param name="Text">As written in the normalized topic: <c>North Korea</c>, <c>luxury cars</c>.</param>
/// <param name="Aliases">Everything else that counts as a mention (gazetteer aliases and extra aliases).</param>
/// <param name="Note">A warning for the subscriber, e.g. why <c>Korea</c> alone is matched only as a word.</param>
public sealed record TopicTermInfo(string Text, TopicTermKind Kind, IReadOnlyList<string> Aliases, string? Note);

/// <summary>Parses topics and compiles all subscriptions into one matcher.</summary>
public interface ITopicCompiler
{
    TopicParseResult Parse(string topic);

    /// <summary>Parses with extra aliases for the topic's entities or phrases (keyed by their name), e.g. ones
    /// that Azure OpenAI proposed and the subscriber accepted.</summary>
    TopicParseResult Parse(string topic, IReadOnlyDictionary<string, IReadOnlyList<string>>? extraAliases) => Parse(topic);

    /// <summary>Compiles every subscription into one matcher whose per-article cost does not grow
    /// with the number of subscriptions. Topics that do not parse are skipped.</summary>
    ITopicMatcher Compile(IEnumerable<TopicSubscription> subscriptions);
}

/// <summary>Matches one article against every compiled subscription at once.</summary>
public interface ITopicMatcher
{
    IReadOnlyList<TopicMatch> Match(Article article);
}
