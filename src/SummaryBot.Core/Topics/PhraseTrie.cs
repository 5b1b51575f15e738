namespace SummaryBot.Core.Topics;

/// <summary>What a phrase in the trie stands for.</summary>
/// <param name="Key">The entity or phrase key; -1 for a blocker.</param>
/// <param name="Segmenting">Gazetteer phrases (aliases and blockers) take part in longest-match: a longer one
/// hides the shorter ones inside it. Subscribers' own phrases are found wherever they occur.</param>
internal readonly record struct PhrasePayload(int Key, AliasCase Case, bool Segmenting);

/// <summary>
/// A trie over folded words (not characters): each alias or phrase is a path of word ids. Walking it from every
/// word of an article finds every phrase in time proportional to the article, whatever the number of phrases.
/// </summary>
internal sealed class PhraseTrie
{
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _children = [];
    private readonly List<PhrasePayload[]?> _payloads = [null];

    public int WordCount => _vocabulary.Count;

    public int NodeCount => _payloads.Count;

    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Vocabulary => _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Add(IReadOnlyList<string> words, PhrasePayload payload)
    {
        if (words.Count == 0)
        {
            return;
        }

        var node = 0;
        foreach (var word in words)
        {
            if (!_vocabulary.TryGetValue(word, out var id))
            {
                _vocabulary[word] = id = _vocabulary.Count;
            }

            var edge = Edge(node, id);
            if (!_children.TryGetValue(edge, out var child))
            {
                child = _payloads.Count;
                _payloads.Add(null);
                _children[edge] = child;
            }

            node = child;
        }

        var existing = _payloads[node] ?? [];
        if (!existing.Contains(payload))
        {
            _payloads[node] = [.. existing, payload];
        }
    }

    /// <summary>The child of <paramref name="node"/> along word <paramref name="wordId"/>, or -1.</summary>
    public int Step(int node, int wordId) => _children.TryGetValue(Edge(node, wordId), out var child) ? child : -1;

    public PhrasePayload[]? Payloads(int node) => _payloads[node];

    private static long Edge(int node, int wordId) => ((long)node << 32) | (uint)wordId;
}
