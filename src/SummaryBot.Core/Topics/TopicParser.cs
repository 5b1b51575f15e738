using SummaryBot.Core.Text;

namespace SummaryBot.Core.Topics;

/// <summary>
/// Parses a topic into an expression. Grammar, loosest first:
/// <code>
/// topic    := and ( OR and )*
/// and      := unary ( [AND] unary )*          items side by side are ANDed: Russia -Ukraine
/// unary    := ( NOT | -attached ) unary | relation
/// relation := primary ( ( – | — | " - " | / ) primary )*
/// primary  := ( topic ) | "quoted phrase" | words
/// </code>
/// Bare words next to each other are one phrase, never an implicit AND: <c>luxury cars</c> is a phrase and
/// <c>North Korea</c> an entity. A run of words is, in order of preference: a gazetteer name
/// (<c>north korea</c> → North Korea); known names joined by hyphens (<c>Russia-Ukraine</c> → Russia–Ukraine,
/// while <c>Guinea-Bissau</c> stays one country and <c>Kim Jong-un</c> one phrase); a run made only of known names
/// (<c>Russia North Korea</c> → Russia–North Korea); otherwise a phrase. Quotes always mean a phrase, with
/// no aliases. A slash joins only known entities; <c>AC/DC</c> stays a phrase.
/// </summary>
/// <param name="describe">False when compiling: skips the text for people, which the matcher does not need.</param>
internal sealed class TopicParser(Gazetteer gazetteer, IReadOnlyDictionary<string, IReadOnlyList<string>>? extraAliases, bool describe = true)
{
    public const int MaxLength = 200;
    public const int MaxTerms = 20;
    public const int MaxExtraAliases = 30;

    private List<Lexeme> _lexemes = [];
    private int _next;
    private readonly Dictionary<string, IReadOnlyList<string>> _extras = FoldExtras(extraAliases);

    public TopicParseResult Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.Trim();
        if (trimmed.Length == 0)
        {
            return TopicParseResult.Failed(input, "The topic is empty. Type a country, a person or a phrase, e.g. Russia–North Korea.");
        }

        if (trimmed.Length > MaxLength)
        {
            return TopicParseResult.Failed(input, $"The topic is {trimmed.Length} characters long; the limit is {MaxLength}.");
        }

        try
        {
            _lexemes = TopicLexer.Lex(trimmed);
            _next = 0;
            var expression = ParseOr();
            if (_next < _lexemes.Count)
            {
                var extra = _lexemes[_next];
                throw new TopicSyntaxException(extra.Kind == LexemeKind.Close
                    ? $"The ')' at position {extra.Position} has no matching '('."
                    : $"Unexpected '{extra.Text}' at position {extra.Position}.");
            }

            var terms = expression.Terms().ToList();
            if (terms.Count > MaxTerms)
            {
                throw new TopicSyntaxException($"The topic has {terms.Count} terms; the limit is {MaxTerms}. Split it into several topics.");
            }

            if (expression.Evaluate(_ => false))
            {
                throw new TopicSyntaxException("The topic only says what must not appear; add at least one term that must appear, e.g. Russia NOT Ukraine.");
            }

            if (!describe)
            {
                return new TopicParseResult(true, expression.Render(), string.Empty, null) { Expression = expression };
            }

            var infos = terms.DistinctBy(t => t.Display).Select(Describe).ToList();
            var notes = infos.Where(i => i.Note is not null).Select(i => i.Note);
            var description = string.Join(" ", notes.Prepend(Capitalize(expression.Describe()) + "."));
            return new TopicParseResult(true, expression.Render(), description, null) { Terms = infos, Expression = expression };
        }
        catch (TopicSyntaxException e)
        {
            return TopicParseResult.Failed(input, e.Message);
        }
    }

    private TopicNode ParseOr()
    {
        var children = new List<TopicNode> { ParseAnd() };
        while (Peek(LexemeKind.Or) is { } or)
        {
            _next++;
            RequireOperand(or, $"'OR' at position {or.Position} needs a term after it.");
            children.Add(ParseAnd());
        }

        return children.Count == 1 ? children[0] : new OrNode(children);
    }

    private TopicNode ParseAnd()
    {
        var children = new List<TopicNode>();
        Add(ParseUnary());
        while (true)
        {
            if (Peek(LexemeKind.And) is { } and)
            {
                _next++;
                RequireOperand(and, $"'AND' at position {and.Position} needs a term after it.");
                Add(ParseUnary());
            }
            else if (StartsOperand())
            {
                Add(ParseUnary());
            }
            else
            {
                break;
            }
        }

        return children.Count == 1 ? children[0] : new AndNode(children, isRelation: false);

        void Add(TopicNode node)
        {
            if (node is AndNode { IsRelation: false } nested)
            {
                children.AddRange(nested.Children);
            }
            else
            {
                children.Add(node);
            }
        }
    }

    private TopicNode ParseUnary()
    {
        if ((Peek(LexemeKind.Not) ?? Peek(LexemeKind.Minus)) is { } not)
        {
            _next++;
            RequireOperand(not, $"'{not.Text}' at position {not.Position} needs a term after it.");
            return new NotNode(ParseUnary());
        }

        return ParseRelation();
    }

    private TopicNode ParseRelation()
    {
        var sides = new List<TopicNode> { ParsePrimary() };
        while ((Peek(LexemeKind.Dash) ?? Peek(LexemeKind.Slash)) is { } separator)
        {
            _next++;
            if (!StartsPrimary())
            {
                throw new TopicSyntaxException($"The '{separator.Text}' at position {separator.Position} needs a term on both sides.");
            }

            var right = ParsePrimary();
            if (separator.Kind == LexemeKind.Slash && sides[^1] is TermNode { Term: { Quoted: false } left } && right is TermNode { Term: { Quoted: false } r }
                && (left.Entity is null || r.Entity is null))
            {
                sides[^1] = Term(new TopicTerm(null, $"{left.Text}/{r.Text}", false, []));
                continue;
            }

            if (right is AndNode { IsRelation: true } nested)
            {
                sides.AddRange(nested.Children);
            }
            else
            {
                sides.Add(right);
            }
        }

        if (sides.Count == 1)
        {
            return sides[0];
        }

        if (sides[0] is AndNode { IsRelation: true } first)
        {
            sides = [.. first.Children, .. sides.Skip(1)];
        }

        return new AndNode(sides, isRelation: true);
    }

    private TopicNode ParsePrimary()
    {
        if (_next >= _lexemes.Count)
        {
            throw new TopicSyntaxException("The topic ends where a term was expected.");
        }

        var lexeme = _lexemes[_next];
        switch (lexeme.Kind)
        {
            case LexemeKind.Open:
                _next++;
                if (Peek(LexemeKind.Close) is not null)
                {
                    throw new TopicSyntaxException($"The parentheses at position {lexeme.Position} are empty.");
                }

                var inner = ParseOr();
                if (Peek(LexemeKind.Close) is null)
                {
                    throw new TopicSyntaxException($"The '(' at position {lexeme.Position} is never closed; add a ')'.");
                }

                _next++;
                return inner;
            case LexemeKind.Quoted:
                _next++;
                return Term(Phrase(lexeme.Text, lexeme.Position, quoted: true));
            case LexemeKind.Word:
                var words = new List<string>();
                while (Peek(LexemeKind.Word) is { } word)
                {
                    words.Add(word.Text);
                    _next++;
                }

                return ResolveWords(string.Join(' ', words), lexeme.Position);
            case LexemeKind.Dash or LexemeKind.Slash:
                throw new TopicSyntaxException($"The '{lexeme.Text}' at position {lexeme.Position} needs a term on both sides.");
            case LexemeKind.Close:
                throw new TopicSyntaxException($"The ')' at position {lexeme.Position} has no matching '(' or closes an empty group.");
            default:
                throw new TopicSyntaxException($"'{lexeme.Text}' at position {lexeme.Position} needs a term before it.");
        }
    }

    private TopicNode ResolveWords(string text, int position)
    {
        if (gazetteer.FindByName(text) is { } entity)
        {
            return Term(EntityTerm(entity));
        }

        if (text.Contains('-', StringComparison.Ordinal))
        {
            var parts = text.Split('-', StringSplitOptions.TrimEntries);
            var entities = parts.Select(gazetteer.FindByName).ToList();
            if (parts.Length > 1 && entities.All(e => e is not null))
            {
                return new AndNode([.. entities.Select(e => Term(EntityTerm(e!)))], isRelation: true);
            }
        }

        if (Segment(text.Split(' ')) is { Count: > 1 } segments)
        {
            return new AndNode([.. segments.Select(e => Term(EntityTerm(e)))], isRelation: true);
        }

        return Term(Phrase(text, position, quoted: false));
    }

    /// <summary>Splits words into known names, longest first; null when some words are not a name.</summary>
    private List<GazetteerEntity>? Segment(string[] words)
    {
        var result = new List<GazetteerEntity>();
        var i = 0;
        while (i < words.Length)
        {
            var found = false;
            for (var end = words.Length; end > i; end--)
            {
                if (gazetteer.FindByName(string.Join(' ', words[i..end])) is { } entity)
                {
                    result.Add(entity);
                    i = end;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return null;
            }
        }

        return result;
    }

    private TopicTerm EntityTerm(GazetteerEntity entity) => new(entity, entity.Name, false, ExtrasFor(entity.Name));

    private TopicTerm Phrase(string text, int position, bool quoted)
    {
        if (TextFolding.Words(text).Count == 0)
        {
            throw new TopicSyntaxException($"'{text}' at position {position} has no letters or digits to look for.");
        }

        return new TopicTerm(null, text, quoted, ExtrasFor(text));
    }

    private IReadOnlyList<string> ExtrasFor(string name) => _extras.Count == 0 ? [] : _extras.GetValueOrDefault(TextFolding.Key(name)) ?? [];

    private TopicTermInfo Describe(TopicTerm term)
    {
        if (term.Entity is { } entity)
        {
            return new TopicTermInfo(entity.Name, TopicTermKind.Entity, [.. entity.AllAliases.Select(a => a.Text).Concat(term.ExtraAliases)], null);
        }

        var note = gazetteer.AmbiguityNote(term.Text);
        if (note is null && !term.Quoted && gazetteer.FindByAlias(term.Text) is { Count: > 0 } owners)
        {
            note = $"“{term.Text}” is one of the aliases of {string.Join(" and ", owners.Select(o => o.Name))}; subscribe to {owners[0].Name} to match all of them.";
        }

        return new TopicTermInfo(term.Text, TopicTermKind.Phrase, term.ExtraAliases, note);
    }

    private static TermNode Term(TopicTerm term) => new(term);

    private Lexeme? Peek(LexemeKind kind) => _next < _lexemes.Count && _lexemes[_next].Kind == kind ? _lexemes[_next] : null;

    private bool StartsPrimary() =>
        _next < _lexemes.Count && _lexemes[_next].Kind is LexemeKind.Word or LexemeKind.Quoted or LexemeKind.Open;

    private bool StartsOperand() =>
        StartsPrimary() || (_next < _lexemes.Count && _lexemes[_next].Kind is LexemeKind.Not or LexemeKind.Minus);

    private void RequireOperand(Lexeme op, string message)
    {
        if (!StartsOperand())
        {
            throw new TopicSyntaxException(message);
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static Dictionary<string, IReadOnlyList<string>> FoldExtras(IReadOnlyDictionary<string, IReadOnlyList<string>>? extras)
    {
        var folded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (extras is null)
        {
            return folded;
        }

        foreach (var (name, aliases) in extras)
        {
            var usable = aliases
                .Where(a => !string.IsNullOrWhiteSpace(a) && a.Length <= 100 && TextFolding.Words(a).Count > 0)
                .Select(a => a.Trim())
                .DistinctBy(TextFolding.Key)
                .Take(MaxExtraAliases)
                .ToList();
            if (usable.Count > 0)
            {
                folded[TextFolding.Key(name)] = usable;
            }
        }

        return folded;
    }
}
