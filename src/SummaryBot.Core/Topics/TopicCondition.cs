namespace SummaryBot.Core.Topics;

/// <summary>A compiled topic expression over key ids; evaluated against the keys found in one article.</summary>
internal abstract class TopicCondition
{
    public abstract bool Evaluate(MatchScratch scratch);

    /// <summary>Keys that must be present for the condition to hold (with <paramref name="positive"/> false:
    /// for it to fail). Used to index a topic under one key only.</summary>
    public abstract HashSet<int> Required(bool positive);

    /// <summary>Keys whose presence can help the condition hold (those under an even number of NOTs).</summary>
    public abstract void PositiveKeys(bool positive, List<int> keys);
}

internal sealed class KeyCondition(int key) : TopicCondition
{
    public int Key { get; } = key;

    public override bool Evaluate(MatchScratch scratch) => scratch.IsHit(Key);

    public override HashSet<int> Required(bool positive) => positive ? [Key] : [];

    public override void PositiveKeys(bool positive, List<int> keys)
    {
        if (positive && !keys.Contains(Key))
        {
            keys.Add(Key);
        }
    }
}

internal sealed class AllCondition(TopicCondition[] children) : TopicCondition
{
    public IReadOnlyList<TopicCondition> Children => children;

    public override bool Evaluate(MatchScratch scratch)
    {
        foreach (var child in children)
        {
            if (!child.Evaluate(scratch))
            {
                return false;
            }
        }

        return true;
    }

    public override HashSet<int> Required(bool positive) => Combine(children, positive, union: positive);

    public override void PositiveKeys(bool positive, List<int> keys)
    {
        foreach (var child in children)
        {
            child.PositiveKeys(positive, keys);
        }
    }

    internal static HashSet<int> Combine(TopicCondition[] children, bool positive, bool union)
    {
        var result = children[0].Required(positive);
        foreach (var child in children.Skip(1))
        {
            if (union)
            {
                result.UnionWith(child.Required(positive));
            }
            else
            {
                result.IntersectWith(child.Required(positive));
            }
        }

        return result;
    }
}

internal sealed class AnyCondition(TopicCondition[] children) : TopicCondition
{
    public override bool Evaluate(MatchScratch scratch)
    {
        foreach (var child in children)
        {
            if (child.Evaluate(scratch))
            {
                return true;
            }
        }

        return false;
    }

    public override HashSet<int> Required(bool positive) => AllCondition.Combine(children, positive, union: !positive);

    public override void PositiveKeys(bool positive, List<int> keys)
    {
        foreach (var child in children)
        {
            child.PositiveKeys(positive, keys);
        }
    }
}

internal sealed class NotCondition(TopicCondition child) : TopicCondition
{
    public override bool Evaluate(MatchScratch scratch) => !child.Evaluate(scratch);

    public override HashSet<int> Required(bool positive) => child.Required(!positive);

    public override void PositiveKeys(bool positive, List<int> keys) => child.PositiveKeys(!positive, keys);
}
