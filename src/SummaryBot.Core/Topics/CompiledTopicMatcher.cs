using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Topics;

/// <summary>
/// All subscriptions compiled together. Per article: fold and cut the text into words once, walk one word trie
/// from each word to find every alias and phrase (longest gazetteer phrase wins), then evaluate only the topics
/// indexed under a key that was found, and fan each matching topic out to its chats. The work depends on the
/// article and on how many topics it actually concerns, not on how many topics exist.
/// </summary>
internal sealed class CompiledTopicMatcher(PhraseTrie trie, int keyCount, CompiledTopic[] topics, TopicPosting[][] postings) : ITopicMatcher
{
    private MatchScratch? _spare;

    public int TopicCount => topics.Length;

    public IReadOnlyList<TopicMatch> Match(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var scratch = Interlocked.Exchange(ref _spare, null) ?? new MatchScratch(keyCount, topics.Length);
        try
        {
            scratch.Tokens.Load(ArticleText(article));
            scratch.Begin();
            FindKeys(scratch);
            return Evaluate(scratch);
        }
        finally
        {
            Volatile.Write(ref _spare, scratch);
        }
    }

    /// <summary>Title and paragraphs separated by blank lines, built in one allocation.</summary>
    private static string ArticleText(Article article)
    {
        var length = article.Title.Length;
        foreach (var paragraph in article.Paragraphs)
        {
            length += paragraph.Length + 2;
        }

        return string.Create(length, article, static (span, a) =>
        {
            a.Title.CopyTo(span);
            var at = a.Title.Length;
            foreach (var paragraph in a.Paragraphs)
            {
                span[at++] = '\n';
                span[at++] = '\n';
                paragraph.CopyTo(span[at..]);
                at += paragraph.Length;
            }
        });
    }

    private void FindKeys(MatchScratch scratch)
    {
        var tokens = scratch.Tokens;
        var ids = scratch.WordIds;
        var vocabulary = trie.Vocabulary;
        for (var i = 0; i < tokens.Count; i++)
        {
            ids[i] = vocabulary.TryGetValue(tokens.Word(i), out var id) ? id : -1;
        }

        var coveredUntil = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ids[i] < 0)
            {
                continue;
            }

            var node = 0;
            var bestNode = -1;
            var bestEnd = -1;
            for (var j = i; j < tokens.Count && ids[j] >= 0 && (j == i || !tokens.BreakBefore[j]); j++)
            {
                node = trie.Step(node, ids[j]);
                if (node < 0)
                {
                    break;
                }

                if (trie.Payloads(node) is not { } payloads)
                {
                    continue;
                }

                foreach (var payload in payloads)
                {
                    if (!CaseMatches(payload.Case, tokens, i, j))
                    {
                        continue;
                    }

                    if (!payload.Segmenting)
                    {
                        scratch.Hit(payload.Key, node, tokens.Start[i], SurfaceEnd(tokens, j));
                    }
                    else if (i >= coveredUntil)
                    {
                        bestNode = node;
                        bestEnd = j;
                    }
                }
            }

            if (bestNode < 0)
            {
                continue;
            }

            coveredUntil = bestEnd + 1;
            foreach (var payload in trie.Payloads(bestNode)!)
            {
                if (payload.Segmenting && payload.Key >= 0 && CaseMatches(payload.Case, tokens, i, bestEnd))
                {
                    scratch.Hit(payload.Key, bestNode, tokens.Start[i], SurfaceEnd(tokens, bestEnd));
                }
            }
        }
    }

    /// <summary>Where the evidence for a phrase ending at word <paramref name="last"/> ends: after the word, or after
    /// the full stop of an initialism (<c>U.S.</c>, not <c>U.S</c>).</summary>
    private static int SurfaceEnd(ArticleTokens tokens, int last)
    {
        var end = tokens.End[last];
        return tokens.FoldLength[last] == 1 && end < tokens.Text.Length && tokens.Text[end] == '.' ? end + 1 : end;
    }

    private static bool CaseMatches(AliasCase required, ArticleTokens tokens, int first, int last)
    {
        switch (required)
        {
            case AliasCase.Capitalized:
                return tokens.Case[first] != WordCase.Lower;
            case AliasCase.Upper:
                for (var t = first; t <= last; t++)
                {
                    if (tokens.Case[t] != WordCase.Upper)
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private TopicMatchList Evaluate(MatchScratch scratch)
    {
        var matched = scratch.Matched;
        foreach (var key in scratch.HitKeys)
        {
            foreach (var posting in postings[key])
            {
                var holds = posting.Check switch
                {
                    >= 0 => scratch.IsHit(posting.Check),
                    TopicPosting.Evaluate => topics[posting.Topic].Condition.Evaluate(scratch),
                    _ => scratch.FirstVisit(posting.Topic) && topics[posting.Topic].Condition.Evaluate(scratch),
                };
                if (holds)
                {
                    matched.Add(posting.Topic);
                }
            }
        }

        if (matched.Count == 0)
        {
            return TopicMatchList.Empty;
        }

        matched.Sort();
        var result = new CompiledTopic[matched.Count];
        var count = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = topics[matched[i]];
            count += result[i].Subscribers.Count;
        }

        return new TopicMatchList(scratch.Tokens.Text, result, scratch.Places(), count);
    }
}
