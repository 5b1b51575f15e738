namespace SummaryBot.Core.Summaries;

/// <summary>One sentence of an article with what the scoring needs.</summary>
internal sealed class SentenceCandidate(int index, int paragraph, string text)
{
    public int Index { get; } = index;

    public int Paragraph { get; } = paragraph;

    public string Text { get; } = text;

    public List<string> Words { get; } = SummaryText.ContentWords(text);

    public int WordCount { get; } = SummaryText.WordCount(text);

    /// <summary>TF-ISF weights of the sentence's words, L2-normalised (set by the scoring).</summary>
    public Dictionary<string, double> Vector { get; set; } = [];

    public double Score { get; set; }

    public double Similarity(SentenceCandidate other)
    {
        var (small, large) = Vector.Count <= other.Vector.Count ? (Vector, other.Vector) : (other.Vector, Vector);
        return small.Sum(pair => large.TryGetValue(pair.Key, out var weight) ? pair.Value * weight : 0);
    }

    public static List<SentenceCandidate> FromParagraphs(IReadOnlyList<string> paragraphs)
    {
        var candidates = new List<SentenceCandidate>();
        for (var p = 0; p < paragraphs.Count; p++)
        {
            foreach (var sentence in SentenceSplitter.Split(paragraphs[p]))
            {
                var text = SummaryText.StripDateline(sentence);
                if (text.Length > 0)
                {
                    candidates.Add(new SentenceCandidate(candidates.Count, p, text));
                }
            }
        }

        return candidates;
    }
}
