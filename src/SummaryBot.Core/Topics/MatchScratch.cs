namespace SummaryBot.Core.Topics;

/// <summary>
/// Per-article working memory of the matcher, reused between articles: the article's words, which keys were
/// found (stamped with the article number so nothing is cleared), and where, for evidence.
/// </summary>
internal sealed class MatchScratch(int keyCount, int topicCount)
{
    /// <summary>Evidence kept per key: enough distinct surfaces for any side.</summary>
    public const int SurfacesPerKey = 5;

    private readonly int[] _keyStamp = new int[keyCount];
    private readonly int[] _keySlot = new int[keyCount];
    private readonly int[] _topicStamp = new int[topicCount];
    private int _stamp;
    private int[] _slotCount = new int[64];
    private int[] _slotNode = new int[64 * SurfacesPerKey];
    private int[] _slotStart = new int[64 * SurfacesPerKey];
    private int[] _slotEnd = new int[64 * SurfacesPerKey];

    public ArticleTokens Tokens { get; } = new();

    public int[] WordIds { get; private set; } = new int[1024];

    public List<int> HitKeys { get; } = [];

    public List<int> Matched { get; } = [];

    public void Begin()
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_keyStamp);
            Array.Clear(_topicStamp);
            _stamp = 1;
        }

        HitKeys.Clear();
        Matched.Clear();
        if (WordIds.Length < Tokens.Count)
        {
            WordIds = new int[Tokens.FoldStart.Length];
        }
    }

    public bool IsHit(int key) => _keyStamp[key] == _stamp;

    /// <summary>True the first time a topic is seen in this article.</summary>
    public bool FirstVisit(int topic)
    {
        if (_topicStamp[topic] == _stamp)
        {
            return false;
        }

        _topicStamp[topic] = _stamp;
        return true;
    }

    /// <summary>Records that <paramref name="key"/> was found as trie node <paramref name="node"/> at
    /// characters [start, end) of the article text.</summary>
    public void Hit(int key, int node, int start, int end)
    {
        int slot;
        if (_keyStamp[key] != _stamp)
        {
            _keyStamp[key] = _stamp;
            slot = HitKeys.Count;
            _keySlot[key] = slot;
            HitKeys.Add(key);
            if (slot == _slotCount.Length)
            {
                Array.Resize(ref _slotCount, slot * 2);
                Array.Resize(ref _slotNode, slot * 2 * SurfacesPerKey);
                Array.Resize(ref _slotStart, slot * 2 * SurfacesPerKey);
                Array.Resize(ref _slotEnd, slot * 2 * SurfacesPerKey);
            }

            _slotCount[slot] = 0;
        }
        else
        {
            slot = _keySlot[key];
        }

        var count = _slotCount[slot];
        if (count == SurfacesPerKey)
        {
            return;
        }

        var baseIndex = slot * SurfacesPerKey;
        for (var i = 0; i < count; i++)
        {
            if (_slotNode[baseIndex + i] == node)
            {
                return;
            }
        }

        _slotNode[baseIndex + count] = node;
        _slotStart[baseIndex + count] = start;
        _slotEnd[baseIndex + count] = end;
        _slotCount[slot] = count + 1;
    }

    /// <summary>Copies where each found key was found, for evidence built after the scratch is reused.</summary>
    public Dictionary<int, KeyPlace[]> Places()
    {
        var places = new Dictionary<int, KeyPlace[]>(HitKeys.Count);
        foreach (var key in HitKeys)
        {
            var slot = _keySlot[key];
            var baseIndex = slot * SurfacesPerKey;
            var found = new KeyPlace[_slotCount[slot]];
            for (var i = 0; i < found.Length; i++)
            {
                found[i] = new KeyPlace(_slotStart[baseIndex + i], _slotEnd[baseIndex + i], _slotNode[baseIndex + i]);
            }

            places[key] = found;
        }

        return places;
    }
}
