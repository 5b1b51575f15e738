using SummaryBot.Core.Text;

namespace SummaryBot.Core.Topics;

/// <summary>
/// Parses topics against the built-in <see cref="Gazetteer"/> and compiles all subscriptions into one
/// <see cref="CompiledTopicMatcher"/>. Identical topics (same normalized text and extra aliases) are compiled
/// once and fanned out to every chat that subscribed to them.
/// </summary>
public sealed class TopicCompiler(Gazetteer gazetteer) : ITopicCompiler
{
    private readonly Lazy<Dictionary<GazetteerEntity, int>> _entityKeys = new(() =>
    {
        var keys = new Dictionary<GazetteerEntity, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < gazetteer.Entities.Count; i++)
        {
            keys[gazetteer.Entities[i]] = i;
        }

        return keys;
    });

    public TopicCompiler()
        : this(Gazetteer.Default)
    {
    }

    public TopicParseResult Parse(string topic) => Parse(topic, null);

    public TopicParseResult Parse(string topic, IReadOnlyDictionary<string, IReadOnlyList<string>>? extraAliases)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return new TopicParser(gazetteer, extraAliases).Parse(topic);
    }

    public ITopicMatcher Compile(IEnumerable<TopicSubscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var trie = new PhraseTrie();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        AddGazetteer(trie);

        var topics = new List<CompiledTopic>();
        var topicIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new Dictionary<string, TopicParseResult>(StringComparer.Ordinal);
        foreach (var subscription in subscriptions)
        {
            var extrasKey = ExtrasKey(subscription.ExtraAliases);
            var parseKey = subscription.Topic + "\u0001" + extrasKey;
            if (!parsed.TryGetValue(parseKey, out var result))
            {
                parsed[parseKey] = result = new TopicParser(gazetteer, subscription.ExtraAliases, describe: false).Parse(subscription.Topic);
            }

            if (!result.Success || result.Expression is null)
            {
                continue;
            }

            var identity = result.Normalized + "\u0001" + extrasKey;
            if (!topicIndex.TryGetValue(identity, out var index))
            {
                index = topics.Count;
                topicIndex[identity] = index;
                topics.Add(CompileTopic(result.Expression, trie, keys));
            }

            var subscribers = topics[index].Subscribers;
            if (!subscribers.Exists(s => s.ChatId == subscription.ChatId && s.ThreadId == subscription.ThreadId))
            {
                subscribers.Add((subscription.ChatId, subscription.ThreadId, subscription.Topic));
            }
        }

        var keyCount = gazetteer.Entities.Count + keys.Count;
        return new CompiledTopicMatcher(trie, keyCount, [.. topics], BuildPostings(topics, keyCount));
    }

    private void AddGazetteer(PhraseTrie trie)
    {
        for (var key = 0; key < gazetteer.Entities.Count; key++)
        {
            var entity = gazetteer.Entities[key];
            foreach (var alias in entity.MatchAliases)
            {
                trie.Add(TextFolding.Words(alias.Text), new PhrasePayload(key, alias.Case, Segmenting: true));
            }

            foreach (var demonym in entity.Demonyms)
            {
                if (Plural(demonym.Text) is { } plural)
                {
                    trie.Add(TextFolding.Words(plural), new PhrasePayload(key, demonym.Case, Segmenting: true));
                }
            }
        }

        foreach (var blocker in gazetteer.Blockers)
        {
            trie.Add(TextFolding.Words(blocker.Text), new PhrasePayload(-1, blocker.Case, Segmenting: true));
            if (Plural(blocker.Text) is { } plural)
            {
                trie.Add(TextFolding.Words(plural), new PhrasePayload(-1, blocker.Case, Segmenting: true));
            }
        }
    }

    /// <summary>North Koreans, Israelis, Thais; none for Swiss, Chinese, British, French.</summary>
    private static string? Plural(string word) =>
        word.Length < 3 || word.EndsWith("ese", StringComparison.Ordinal) || word[^1] is 's' or 'h' or 'x' or 'z' or ')'
            ? null
            : word + "s";

    private CompiledTopic CompileTopic(TopicNode expression, PhraseTrie trie, Dictionary<string, int> keys)
    {
        var condition = Condition(expression, trie, keys);
        var sideNodes = expression is AndNode and ? and.Children : [expression];
        var sides = new List<int[]>();
        foreach (var side in sideNodes)
        {
            var positive = new List<int>();
            Condition(side, trie, keys).PositiveKeys(true, positive);
            if (positive.Count > 0)
            {
                sides.Add([.. positive]);
            }
        }

        return new CompiledTopic(condition, [.. sides]);
    }

    private TopicCondition Condition(TopicNode node, PhraseTrie trie, Dictionary<string, int> keys) => node switch
    {
        TermNode term => TermCondition(term.Term, trie, keys),
        AndNode and => new AllCondition([.. and.Children.Select(c => Condition(c, trie, keys))]),
        OrNode or => new AnyCondition([.. or.Children.Select(c => Condition(c, trie, keys))]),
        NotNode not => new NotCondition(Condition(not.Child, trie, keys)),
        _ => throw new InvalidOperationException($"Unknown topic node {node.GetType().Name}."),
    };

    private TopicCondition TermCondition(TopicTerm term, PhraseTrie trie, Dictionary<string, int> keys)
    {
        var alternatives = new List<TopicCondition>();
        if (term.Entity is not null)
        {
            alternatives.Add(new KeyCondition(EntityKey(term.Entity)));
        }
        else
        {
            alternatives.Add(new KeyCondition(PhraseKey(term.Text, trie, keys)));
        }

        alternatives.AddRange(term.ExtraAliases.Select(a => new KeyCondition(PhraseKey(a, trie, keys))));
        return alternatives.Count == 1 ? alternatives[0] : new AnyCondition([.. alternatives]);
    }

    private int EntityKey(GazetteerEntity entity) =>
        _entityKeys.Value.TryGetValue(entity, out var key)
            ? key
            : throw new InvalidOperationException($"{entity.Name} is not in this compiler's gazetteer.");

    private int PhraseKey(string phrase, PhraseTrie trie, Dictionary<string, int> keys)
    {
        var words = TextFolding.Words(phrase);
        var folded = string.Join(' ', words);
        if (!keys.TryGetValue(folded, out var key))
        {
            key = gazetteer.Entities.Count + keys.Count;
            keys[folded] = key;
            trie.Add(words, new PhrasePayload(key, AliasCase.Any, Segmenting: false));
        }

        return key;
    }

    /// <summary>
    /// Each topic is listed under one key it cannot match without (the least used so far, to keep lists short),
    /// with the check that completes it: nothing more for one key, the other key for a two-key relation, the whole
    /// condition otherwise. A topic with no such key (<c>A OR B</c>) is listed under every key that can make it
    /// match. Pure negative topics are refused by the parser, so every matching topic has a listed key among the
    /// article's keys.
    /// </summary>
    private static TopicPosting[][] BuildPostings(List<CompiledTopic> topics, int keyCount)
    {
        var lists = new List<TopicPosting>[keyCount];
        for (var k = 0; k < keyCount; k++)
        {
            lists[k] = [];
        }

        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t];
            var required = topic.Condition.Required(true);
            if (required.Count > 0)
            {
                var anchor = required.MinBy(k => lists[k].Count);
                var check = topic.Conjunction switch
                {
                    [var only] => only,
                    [var a, var b] => a == anchor ? b : a,
                    _ => TopicPosting.Evaluate,
                };
                lists[anchor].Add(new TopicPosting(t, check));
                continue;
            }

            var positive = new List<int>();
            topic.Condition.PositiveKeys(true, positive);
            foreach (var key in positive)
            {
                lists[key].Add(new TopicPosting(t, TopicPosting.EvaluateOnce));
            }
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    private static string ExtrasKey(IReadOnlyDictionary<string, IReadOnlyList<string>>? extras) =>
        extras is null || extras.Count == 0
            ? string.Empty
            : string.Join("\u0002", extras
                .OrderBy(e => TextFolding.Key(e.Key), StringComparer.Ordinal)
                .Select(e => TextFolding.Key(e.Key) + "=" + string.Join("\u0003", e.Value.Select(TextFolding.Key).Order(StringComparer.Ordinal))));
}
