using System.Collections;
using SummaryBot.Core.Text;

namespace SummaryBot.Core.Topics;

/// <summary>Where a key was found in the article: characters [Start, End) and the trie node (the alias).</summary>
internal readonly record struct KeyPlace(int Start, int End, int Node);

/// <summary>
/// The matches of one article. Matching decides which distinct topics hold; the per-chat <see cref="TopicMatch"/>
/// records and their evidence are built on first read, so a topic with thousands of subscribers costs the matcher
/// one entry, and the caller pays for the fan-out only when it reads it.
/// </summary>
internal sealed class TopicMatchList(string text, CompiledTopic[] topics, Dictionary<int, KeyPlace[]> places, int count) : IReadOnlyList<TopicMatch>
{
    /// <summary>Evidence terms shown per side of a topic.</summary>
    public const int EvidencePerSide = 3;

    public static readonly TopicMatchList Empty = new(string.Empty, [], [], 0);

    private readonly Lock _gate = new();
    private TopicMatch[]? _matches;
    private Dictionary<long, (string Surface, string Words)>? _surfaces;

    public int Count => count;

    public TopicMatch this[int index] => Matches()[index];

    public IEnumerator<TopicMatch> GetEnumerator() => ((IEnumerable<TopicMatch>)Matches()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private TopicMatch[] Matches()
    {
        if (Volatile.Read(ref _matches) is { } built)
        {
            return built;
        }

        lock (_gate)
        {
            return _matches ??= Build();
        }
    }

    private TopicMatch[] Build()
    {
        var matches = new TopicMatch[count];
        var next = 0;
        var buffer = new List<KeyPlace>();
        foreach (var topic in topics)
        {
            var evidence = Evidence(topic, buffer);
            foreach (var (chatId, threadId, topicText) in topic.Subscribers)
            {
                matches[next++] = new TopicMatch(chatId, topicText, evidence) { ThreadId = threadId };
            }
        }

        return matches;
    }

    /// <summary>Up to <see cref="EvidencePerSide"/> distinct terms per side, as written in the article, in order of
    /// first occurrence; a term inside one already shown (<c>Vladimir Putin</c> after <c>Putin</c>) adds nothing.</summary>
    private string[] Evidence(CompiledTopic topic, List<KeyPlace> buffer)
    {
        var evidence = new List<string>();
        var words = new List<string>();
        var nodes = new List<int>();
        foreach (var side in topic.Sides)
        {
            buffer.Clear();
            foreach (var key in side)
            {
                if (places.TryGetValue(key, out var found))
                {
                    buffer.AddRange(found);
                }
            }

            buffer.Sort((a, b) => a.Start.CompareTo(b.Start));
            var taken = 0;
            foreach (var place in buffer)
            {
                if (taken == EvidencePerSide)
                {
                    break;
                }

                if (nodes.Contains(place.Node))
                {
                    continue;
                }

                var (surface, folded) = Surface(place);
                if (words.Exists(w => w.Contains(folded, StringComparison.Ordinal) || folded.Contains(w, StringComparison.Ordinal)))
                {
                    continue;
                }

                evidence.Add(surface);
                words.Add(folded);
                nodes.Add(place.Node);
                taken++;
            }
        }

        return [.. evidence];
    }

    /// <summary>The term as written, and its folded words padded with spaces for whole-word containment tests;
    /// cached because many topics share the same places.</summary>
    private (string Surface, string Words) Surface(KeyPlace place)
    {
        _surfaces ??= [];
        var id = ((long)place.Start << 32) | (uint)place.End;
        if (_surfaces.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var surface = text[place.Start..place.End];
        if (surface.AsSpan().ContainsAny("\r\n\t\u00A0"))
        {
            surface = string.Join(' ', surface.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        return _surfaces[id] = (surface, " " + TextFolding.Key(surface) + " ");
    }
}
