namespace SummaryBot.Core.Summaries;

/// <summary>
/// How sentences are scored. Weights were tuned on the CNN/DailyMail evaluation file (see the
/// "summaries" evaluation): position dominates, as it does in news writing, and centrality and
/// title overlap decide among the early sentences.
/// </summary>
internal sealed record SentenceScoring(
    double Position,
    double PositionDecay,
    double Centrality,
    double TitleOverlap,
    int MinWords,
    int PreferredMaxWords,
    double QuestionPenalty,
    double BareQuotePenalty,
    double ShortPenalty,
    double LongPenalty,
    double MaxSimilarity)
{
    public static SentenceScoring Default { get; } = new(
        Position: 3.0,
        PositionDecay: 2.0,
        Centrality: 0.5,
        TitleOverlap: 0.3,
        MinWords: 6,
        PreferredMaxWords: 45,
        QuestionPenalty: 0.5,
        BareQuotePenalty: 0.3,
        ShortPenalty: 0.6,
        LongPenalty: 0.2,
        MaxSimilarity: 0.6);

    public void Score(List<SentenceCandidate> candidates, string title)
    {
        // Inverse sentence frequency: a word in every sentence says nothing about any one of them.
        var sentenceFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            foreach (var word in candidate.Words.Distinct())
            {
                sentenceFrequency[word] = sentenceFrequency.GetValueOrDefault(word) + 1;
            }
        }

        var count = candidates.Count;
        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var vector = candidate.Words.GroupBy(w => w, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count() * Math.Log(1.0 + (double)count / sentenceFrequency[g.Key]), StringComparer.Ordinal);
            var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
            candidate.Vector = norm == 0 ? vector : vector.ToDictionary(p => p.Key, p => p.Value / norm, StringComparer.Ordinal);
            foreach (var (word, weight) in candidate.Vector)
            {
                centroid[word] = centroid.GetValueOrDefault(word) + weight;
            }
        }

        var centroidNorm = Math.Sqrt(centroid.Values.Sum(v => v * v));
        var titleWords = SummaryText.ContentWords(title).ToHashSet(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var centrality = centroidNorm == 0 ? 0 : candidate.Vector.Sum(p => p.Value * centroid[p.Key]) / centroidNorm;
            var titleOverlap = titleWords.Count == 0 ? 0 : (double)candidate.Words.Distinct().Count(titleWords.Contains) / titleWords.Count;
            var score = (Position / (1.0 + (PositionDecay * candidate.Index)))
                + (Centrality * centrality)
                + (TitleOverlap * titleOverlap);

            if (candidate.WordCount < MinWords)
            {
                score -= ShortPenalty;
            }
            else if (candidate.WordCount > PreferredMaxWords)
            {
                score -= LongPenalty * Math.Min(1.0, (candidate.WordCount - PreferredMaxWords) / (double)PreferredMaxWords);
            }

            if (SummaryText.IsQuestion(candidate.Text))
            {
                score -= QuestionPenalty;
            }

            if (SummaryText.IsBareQuote(candidate.Text))
            {
                score -= BareQuotePenalty;
            }

            candidate.Score = score;
        }
    }
}
