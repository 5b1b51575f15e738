namespace SummaryBot.Core.Topics;

/// <summary>One distinct topic (compiled once however many chats subscribed to it) and its subscribers.</summary>
/// <param name="Sides">For evidence: the positive keys of each side (each operand of the top-level AND).</param>
internal sealed class CompiledTopic(TopicCondition condition, int[][] sides)
{
    public TopicCondition Condition { get; } = condition;

    public int[][] Sides { get; } = sides;

    /// <summary>The keys when the topic is just "all of these keys" (an entity, a phrase, a relation), else null.</summary>
    public int[]? Conjunction { get; } = condition switch
    {
        KeyCondition key => [key.Key],
        AllCondition all when all.Children.All(c => c is KeyCondition) => [.. all.Children.Cast<KeyCondition>().Select(c => c.Key).Distinct()],
        _ => null,
    };

    public List<(long ChatId, int? ThreadId, string Topic)> Subscribers { get; } = [];
}

/// <summary>An entry of the inverted index: topic <see cref="Topic"/> is listed under the key found in the article.</summary>
/// <param name="Check">What decides the match: a key that must also be present (the anchor itself for one-key
/// topics, the other side of a two-key relation), <see cref="Evaluate"/> to evaluate the whole condition, or
/// <see cref="EvaluateOnce"/> when the topic is listed under several keys and must be evaluated once only.</param>
internal readonly record struct TopicPosting(int Topic, int Check)
{
    public const int Evaluate = -1;
    public const int EvaluateOnce = -2;
}
