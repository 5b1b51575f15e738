using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Summaries;

/// <summary>
/// The offline summarizer: the embedded default and the fallback for Azure OpenAI. The headline is
/// the cleaned title (shortened at a separator or word boundary when very long); the text is at
/// most <see cref="MaxSentences"/> whole sentences within <see cref="MaxCharacters"/>, in article
/// order. Sentences are scored by position (news puts the facts first), centrality (TF-ISF cosine
/// with the whole article), overlap with the title and a length preference; questions, bare
/// quotations and fragments are avoided, and a sentence too similar to one already chosen is
/// skipped.
/// </summary>
public sealed class ExtractiveSummarizer : ISummarizer
{
    /// <summary>At most this many sentences (default 3).</summary>
    public int MaxSentences { get; init; } = 3;

    /// <summary>The character budget for the text (default 400). Sentences are never cut: one that
    /// would overflow is skipped for a shorter one. Null means no budget, only
    /// <see cref="MaxSentences"/>: the same budget as LEAD-3, used by the ROUGE evaluation.</summary>
    public int? MaxCharacters { get; init; } = 400;

    /// <summary>Headlines longer than this are shortened (default 120).</summary>
    public int MaxHeadlineCharacters { get; init; } = 120;

    internal SentenceScoring Scoring { get; init; } = SentenceScoring.Default;

    public Task<Summary> SummarizeAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Summarize(article));
    }

    public Summary Summarize(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var sentences = SelectSentences(article.Title, article.Paragraphs);
        var title = ArticleCleaner.NormalizeText(article.Title);
        if (title.Length == 0 && sentences.Count > 0)
        {
            title = sentences[0];
        }

        // The same rule as for the model: nothing posted carries a link or a handle, even when the
        // article does (a title is not skipped like a sentence, so what looks like one is removed).
        return new Summary(
            SummaryText.Headline(SummaryLinks.WithoutLinks(title), MaxHeadlineCharacters),
            SummaryLinks.WithoutLinks(string.Join(' ', sentences)),
            SummarizerNames.Extractive);
    }

    /// <summary>How many of the best-scored sentences the selection considers.</summary>
    private const int SearchedCandidates = 12;

    /// <summary>
    /// The set of at most <see cref="MaxSentences"/> sentences, within the budget and with no two
    /// near-repeats, whose scores add up to the most: a long top sentence that leaves no room is
    /// weighed against two shorter ones that fill the budget (taking the best first and skipping
    /// what no longer fits left part of the budget unused). Sentences scored at or below zero
    /// (questions, fragments late in the article) are left out.
    /// </summary>
    private List<SentenceCandidate> BestSet(List<SentenceCandidate> ranked)
    {
        var best = new List<SentenceCandidate>();
        var bestScore = 0.0;
        var current = new List<SentenceCandidate>();

        void Extend(int from, int length, double score)
        {
            if (score > bestScore)
            {
                bestScore = score;
                best = [.. current];
            }

            if (current.Count >= MaxSentences)
            {
                return;
            }

            for (var i = from; i < ranked.Count; i++)
            {
                var candidate = ranked[i];
                var added = candidate.Text.Length + (current.Count > 0 ? 1 : 0);
                if (candidate.Score <= 0 || (MaxCharacters is { } max && length + added > max)
                    || current.Exists(c => c.Similarity(candidate) > Scoring.MaxSimilarity))
                {
                    continue;
                }

                current.Add(candidate);
                Extend(i + 1, length + added, score + candidate.Score);
                current.RemoveAt(current.Count - 1);
            }
        }

        Extend(0, 0, 0);
        return best;
    }

    /// <summary>The chosen sentences, in article order.</summary>
    public IReadOnlyList<string> SelectSentences(string title, IReadOnlyList<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        // A sentence with a link, an e-mail address or an @handle is never posted (it is how an
        // injected "visit this site" would reach a chat), so it is never a candidate.
        var candidates = SentenceCandidate.FromParagraphs(paragraphs).Where(c => !SummaryLinks.ContainsLink(c.Text)).ToList();
        if (candidates.Count == 0 || MaxSentences <= 0)
        {
            return [];
        }

        Scoring.Score(candidates, title ?? string.Empty);
        var chosen = BestSet(candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Index).Take(SearchedCandidates).ToList());
        if (chosen.Count == 0)
        {
            // Every sentence is longer than the budget: one whole sentence beats a cut one.
            chosen.Add(candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Index).First());
        }

        return chosen.OrderBy(c => c.Index).Select(c => c.Text).ToList();
    }
}
