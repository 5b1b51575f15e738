using System.Text.RegularExpressions;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Topics;

namespace SummaryBot.Benchmarks.Topics;

/// <summary>
/// The baseline a straightforward implementation would write: for every subscription, one case-insensitive
/// <see cref="Regex"/> per side (an alternation of the side's aliases between word boundaries), all run over the
/// article. Its cost grows with the number of subscriptions. Only entities, relations and phrases are supported.
/// </summary>
internal sealed class NaiveTopicMatcher
{
    private readonly List<(TopicSubscription Subscription, Regex[] Sides)> _topics = [];

    public NaiveTopicMatcher(IEnumerable<TopicSubscription> subscriptions, ITopicCompiler compiler)
    {
        foreach (var subscription in subscriptions)
        {
            var parsed = compiler.Parse(subscription.Topic);
            if (!parsed.Success)
            {
                continue;
            }

            var sides = parsed.Terms
                .Select(t => new Regex(
                    @"\b(?:" + string.Join("|", t.Aliases.Prepend(t.Text).Select(Regex.Escape)) + @")\b",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                .ToArray();
            _topics.Add((subscription, sides));
        }
    }

    public int Match(Article article)
    {
        var text = article.Title + "\n\n" + article.Body;
        var count = 0;
        foreach (var (_, sides) in _topics)
        {
            if (Array.TrueForAll(sides, s => s.IsMatch(text)))
            {
                count++;
            }
        }

        return count;
    }
}
