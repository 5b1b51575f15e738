using SummaryBot.Core.Articles;

namespace SummaryBot.Core.Topics;

/// <summary>(Skeleton: a topic matches when its text appears in the article.)</summary>
public sealed class TopicCompiler : ITopicCompiler
{
    public TopicParseResult Parse(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var trimmed = topic.Trim();
        return trimmed.Length == 0
            ? TopicParseResult.Failed(topic, "The topic is empty.")
            : new TopicParseResult(true, trimmed, $"articles that mention \"{trimmed}\"", null);
    }

    public ITopicMatcher Compile(IEnumerable<TopicSubscription> subscriptions) => new Matcher([.. subscriptions]);

    private sealed class Matcher(List<TopicSubscription> subscriptions) : ITopicMatcher
    {
        public IReadOnlyList<TopicMatch> Match(Article article)
        {
            var text = article.Title + "\n" + article.Body;
            return [.. subscriptions
                .Where(s => text.Contains(s.Topic, StringComparison.OrdinalIgnoreCase))
                .Select(s => new TopicMatch(s.ChatId, s.Topic, [s.Topic]))];
        }
    }
}
