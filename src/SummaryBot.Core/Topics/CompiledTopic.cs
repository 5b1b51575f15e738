namespace SummaryBot.Core.Topics;

/// <summary>One distinct topic (compiled once however many chats subscribed to it) and its subscribers.</summary>
/// <param name="Sides">For evidence: the positive keys of each side (each operand of the top-level AND).</param>
internal sealed class CompiledTopic(TopicCondition condition, int[][] sides)
{
    public TopicCondition Condition { get; } = condition;

    public int[][] Sides { get; } = sides;

    public List<(long ChatId, string Topic)> Subscribers { get; } = [];
}
