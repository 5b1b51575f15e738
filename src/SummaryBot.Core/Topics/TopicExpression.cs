namespace SummaryBot.Core.Topics;

/// <summary>A side of a topic: a gazetteer entity or a phrase, plus any extra aliases.</summary>
internal sealed record TopicTerm(GazetteerEntity? Entity, string Text, bool Quoted, IReadOnlyList<string> ExtraAliases)
{
    public string Display => Entity?.Name ?? (Quoted ? $"\"{Text}\"" : Text);
}

/// <summary>A parsed topic: terms combined with AND (a relation is an AND written with a dash), OR and NOT.</summary>
internal abstract class TopicNode
{
    /// <summary>Binding strength for rendering: OR 0, AND 1, NOT 2, relation 3, term 4.</summary>
    public abstract int Precedence { get; }

    public abstract bool Evaluate(Func<TopicTerm, bool> present);

    public abstract string Render();

    public abstract string Describe();

    public abstract IEnumerable<TopicTerm> Terms();

    protected static string Wrap(TopicNode node, int minimum, Func<TopicNode, string> render) =>
        node.Precedence < minimum ? $"({render(node)})" : render(node);
}

internal sealed class TermNode(TopicTerm term) : TopicNode
{
    public TopicTerm Term { get; } = term;

    public override int Precedence => 4;

    public override bool Evaluate(Func<TopicTerm, bool> present) => present(Term);

    public override string Render() => Term.Display;

    public override string Describe()
    {
        var extras = Term.ExtraAliases.Count == 0 ? string.Empty : $"; also {string.Join(", ", Term.ExtraAliases)}";
        if (Term.Entity is { } entity)
        {
            var shown = entity.DisplayAliases(5);
            var more = entity.AllAliases.Count() > shown.Count ? ", …" : string.Empty;
            return $"{entity.Name} ({string.Join(", ", shown)}{more}{extras})";
        }

        return extras.Length == 0 ? $"\"{Term.Text}\"" : $"\"{Term.Text}\" ({extras[2..]})";
    }

    public override IEnumerable<TopicTerm> Terms() => [Term];
}

internal sealed class AndNode(IReadOnlyList<TopicNode> children, bool isRelation) : TopicNode
{
    public IReadOnlyList<TopicNode> Children { get; } = children;

    /// <summary>Written with dashes (<c>Russia–North Korea</c>) rather than AND.</summary>
    public bool IsRelation { get; } = isRelation;

    public override int Precedence => IsRelation ? 3 : 1;

    public override bool Evaluate(Func<TopicTerm, bool> present) => Children.All(c => c.Evaluate(present));

    public override string Render() => IsRelation
        ? string.Join("–", Children.Select(c => Wrap(c, 4, n => n.Render())))
        : string.Join(" AND ", Children.Select(c => Wrap(c, 2, n => n.Render())));

    public override string Describe()
    {
        var parts = Children.Select(c => c is NotNode ? c.Describe() : Wrap(c, 2, n => n.Describe())).ToList();
        return parts.Count == 2 ? $"{parts[0]} and {parts[1]}" : $"{string.Join(", ", parts[..^1])} and {parts[^1]}";
    }

    public override IEnumerable<TopicTerm> Terms() => Children.SelectMany(c => c.Terms());
}

internal sealed class OrNode(IReadOnlyList<TopicNode> children) : TopicNode
{
    public IReadOnlyList<TopicNode> Children { get; } = children;

    public override int Precedence => 0;

    public override bool Evaluate(Func<TopicTerm, bool> present) => Children.Any(c => c.Evaluate(present));

    public override string Render() => string.Join(" OR ", Children.Select(c => Wrap(c, 1, n => n.Render())));

    public override string Describe() => string.Join(" or ", Children.Select(c => Wrap(c, 1, n => n.Describe())));

    public override IEnumerable<TopicTerm> Terms() => Children.SelectMany(c => c.Terms());
}

internal sealed class NotNode(TopicNode child) : TopicNode
{
    public TopicNode Child { get; } = child;

    public override int Precedence => 2;

    public override bool Evaluate(Func<TopicTerm, bool> present) => !Child.Evaluate(present);

    public override string Render() => "NOT " + Wrap(Child, 3, n => n.Render());

    public override string Describe() => "not " + Wrap(Child, 3, n => n.Describe());

    public override IEnumerable<TopicTerm> Terms() => Child.Terms();
}
