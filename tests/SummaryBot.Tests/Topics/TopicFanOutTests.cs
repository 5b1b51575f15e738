using SummaryBot.Core.Topics;

namespace SummaryBot.Tests.Topics;

public sealed class TopicFanOutTests
{
    private readonly TopicCompiler _compiler = new();

    [Fact]
    public void Match_SameTopicSpelledDifferently_FansOutToEveryChatWithItsOwnText()
    {
        var matcher = _compiler.Compile(
        [
            new TopicSubscription(1, "Russia–North Korea"),
            new TopicSubscription(2, "russia - north korea"),
            new TopicSubscription(3, "Russia/DPRK"),
            new TopicSubscription(4, "Russia–South Korea"),
            new TopicSubscription(1, "Russia - North Korea"),
        ]);

        var matches = matcher.Match(TopicTestArticles.Make("Putin met Kim Jong Un in Pyongyang"));

        Assert.Equal([1L, 2L, 3L], matches.Select(m => m.ChatId));
        Assert.Equal(["Russia–North Korea", "russia - north korea", "Russia/DPRK"], matches.Select(m => m.Topic));
        Assert.All(matches, m => Assert.Equal(["Putin", "Kim Jong Un", "Pyongyang"], m.Evidence));
    }

    [Fact]
    public void Compile_InvalidTopics_AreSkipped()
    {
        var matcher = _compiler.Compile([new TopicSubscription(1, "(Russia"), new TopicSubscription(2, "NOT Russia"), new TopicSubscription(3, "Russia")]);

        var matches = matcher.Match(TopicTestArticles.Make("Putin speaks"));

        Assert.Equal(3, Assert.Single(matches).ChatId);
    }

    [Fact]
    public void Match_ManyChatsAndTopics_EachChatGetsExactlyItsMatchingTopics()
    {
        var entities = Gazetteer.Default.Entities.Where(e => e.Kind == GazetteerEntityKind.UnMember).Select(e => e.Name).ToList();
        var subscriptions = new List<TopicSubscription>();
        var expected = new HashSet<(long, string)>();
        var matching = new HashSet<string>(StringComparer.Ordinal) { "Russia", "North Korea", "Russia–North Korea", "North Korea–Russia", "Russia–Russia", "North Korea–North Korea", "\"luxury car\"" };
        for (var chat = 0L; chat < 2000; chat++)
        {
            var topics = new[]
            {
                entities[(int)(chat % entities.Count)],
                $"{entities[(int)(chat % 37)]}–{entities[(int)((chat * 7) % entities.Count)]}",
                chat % 50 == 0 ? "\"luxury car\"" : $"\"phrase {chat % 300}\"",
            };
            foreach (var topic in topics)
            {
                subscriptions.Add(new TopicSubscription(chat, topic));
                if (matching.Contains(topic))
                {
                    expected.Add((chat, topic));
                }
            }
        }

        var matcher = _compiler.Compile(subscriptions);
        var matches = matcher.Match(TopicTestArticles.Make("Putin gave Kim Jong Un a luxury car", "KCNA reported the gift."));

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), matches.Select(m => (m.ChatId, m.Topic)).Order());
    }

    [Fact]
    public void Match_ConcurrentArticles_GiveTheSameResults()
    {
        var matcher = _compiler.Compile([new TopicSubscription(1, "Russia–North Korea"), new TopicSubscription(2, "Ukraine")]);
        var seeds = TopicTestArticles.Seeds();
        var expected = seeds.Select(s => string.Join(",", matcher.Match(s).Select(m => $"{m.ChatId}:{string.Join("|", m.Evidence)}"))).ToList();

        var results = new string[200];
        Parallel.For(0, results.Length, i =>
            results[i] = string.Join(",", matcher.Match(seeds[i % seeds.Count]).Select(m => $"{m.ChatId}:{string.Join("|", m.Evidence)}")));

        Assert.All(results.Select((r, i) => (r, i)), x => Assert.Equal(expected[x.i % seeds.Count], x.r));
    }
}
