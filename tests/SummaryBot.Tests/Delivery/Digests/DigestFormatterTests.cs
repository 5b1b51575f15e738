using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Digests;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Tests.Delivery.Digests;

public sealed class DigestFormatterTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 6, 0, 0, TimeSpan.Zero);
    private static readonly string[] Topics = ["North Korea", "Russia–North Korea", "Climate & \"energy\""];

    private static DigestItem Item(int i, string? headline = null, string? summary = null, string? url = null)
    {
        var id = $"story-{i:00}";
        var story = new StoryDocument
        {
            StoryId = id,
            FirstSeen = Start,
            Summary = new Summary(
                headline ?? $"Headline {i:00}: officials in Pyongyang and Moscow announce a new agreement on <trade> & transport links",
                summary ?? $"Story {i:00} says that the two governments signed a broad agreement covering rail, ports and energy supplies for the coming decade. " +
                    "Analysts expect more meetings before the end of the year. Markets reacted calmly.",
                SummarizerNames.Extractive),
            Sources =
            [
                new StorySource($"{id}-a.txt", "t", "Outlet \"A\"", url ?? $"https://news.example/world/asia/{id}?ref=digest&utm=1", Start),
                new StorySource($"{id}-b.txt", "t", "Outlet B", null, Start),
                new StorySource($"{id}-c.txt", "t", "Outlet C", null, Start),
            ],
        };
        return new DigestItem(new DigestQueueEntry(id, 7, Topics[i % Topics.Length], ["Pyongyang"], Start.AddMinutes(i)), story);
    }

    [Fact]
    public void Format_SixtyStories_SplitsBetweenEntriesWithinTheLimit()
    {
        var items = Enumerable.Range(0, 60).Select(i => Item(i)).ToList();

        var parts = DigestFormatter.Format(items, "Your digest", Topics);

        Assert.True(parts.Count > 1, "60 long entries do not fit one message");
        Assert.All(parts, p => Assert.True(p.Message.Html.Length <= AlertFormatter.MaxMessageLength, $"part of {p.Message.Html.Length} characters"));
        Assert.Equal(items.Select(i => i.Entry.StoryId).Order(), parts.SelectMany(p => p.Items).Select(i => i.Entry.StoryId).Order());
        foreach (var part in parts)
        {
            foreach (var item in part.Items)
            {
                var number = item.Entry.StoryId[^2..];
                var html = part.Message.Html;
                // The whole entry (headline, summary line, outlets, link) is in the part that carries it, exactly once.
                Assert.Single(AllIndexes(html, $"Headline {number}:"));
                Assert.Contains($"Story {number} says that", html, StringComparison.Ordinal);
                Assert.Contains(HtmlText.Escape($"https://news.example/world/asia/{item.Entry.StoryId}?ref=digest&utm=1"), html, StringComparison.Ordinal);
                Assert.Equal(0, parts.Where(other => other != part).Sum(other => AllIndexes(other.Message.Html, $"Headline {number}:").Count));
            }
        }

        Assert.StartsWith("<b>Your digest</b> · 60 stories · part 1/", parts[0].Message.Html, StringComparison.Ordinal);
        Assert.Contains($"part {parts.Count}/{parts.Count}", parts[^1].Message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Stories_GroupedByTopicInTheChatsOrder()
    {
        var items = Enumerable.Range(0, 6).Select(i => Item(i)).ToList();

        var html = Assert.Single(DigestFormatter.Format(items, "Digest", ["Russia–North Korea", "North Korea"])).Message.Html;

        var russia = html.IndexOf("<b>Russia–North Korea</b>", StringComparison.Ordinal);
        var korea = html.IndexOf("<b>North Korea</b>", StringComparison.Ordinal);
        var climate = html.IndexOf("<b>Climate &amp; &quot;energy&quot;</b>", StringComparison.Ordinal);
        Assert.True(russia >= 0 && russia < korea && korea < climate, html);
        // Story 1 and 4 are Russia–North Korea: both under that heading, oldest first.
        Assert.True(html.IndexOf("Headline 01", StringComparison.Ordinal) < html.IndexOf("Headline 04", StringComparison.Ordinal));
        Assert.True(html.IndexOf("Headline 04", StringComparison.Ordinal) < korea);
    }

    [Fact]
    public void Format_HostileArticleText_IsEscapedAndBounded()
    {
        var huge = string.Concat(Enumerable.Repeat("<b>\"&amp;\"</b> ", 2000));
        var items = new[] { Item(1, headline: huge, summary: huge, url: "javascript:alert(1)") };

        var part = Assert.Single(DigestFormatter.Format(items, "Digest", Topics));

        Assert.True(part.Message.Html.Length <= AlertFormatter.MaxMessageLength);
        Assert.DoesNotContain("<b>\"", part.Message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", part.Message.Html, StringComparison.Ordinal);
        Assert.Contains("Outlet &quot;A&quot;, Outlet B, Outlet C", part.Message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NoItems_NoMessages() =>
        Assert.Empty(DigestFormatter.Format([], "Digest", Topics));

    [Fact]
    public void Format_TopicCutBySplit_IsHeadedAgainAsContinued()
    {
        var items = Enumerable.Range(0, 40).Select(i => Item(i * 3)).ToList(); // all "North Korea"

        var parts = DigestFormatter.Format(items, "Digest", Topics);

        Assert.True(parts.Count > 1);
        Assert.All(parts.Skip(1), p => Assert.Contains("<b>North Korea</b> (continued)", p.Message.Html, StringComparison.Ordinal));
        Assert.Equal(40, parts.Sum(p => p.Items.Count));
        Assert.Equal(string.Join(',', items.Select(i => i.Entry.StoryId)), string.Join(',', parts.SelectMany(p => p.Items).Select(i => i.Entry.StoryId)));
    }

    private static List<int> AllIndexes(string text, string value)
    {
        var found = new List<int>();
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            found.Add(at);
        }

        return found;
    }
}
