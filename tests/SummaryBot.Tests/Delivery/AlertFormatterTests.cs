using SummaryBot.Core.Delivery;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Delivery;

public sealed class AlertFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static StoryDocument Story(string headline, string text, params StorySource[] sources) => new()
    {
        StoryId = "s1",
        FirstSeen = Now,
        Summary = new Summary(headline, text, SummarizerNames.Extractive),
        Sources = sources,
    };

    [Fact]
    public void Format_ArticleTextWithMarkup_IsEscapedAsText()
    {
        var story = Story(
            "Mayor <b>quits</b> & leaves",
            "He wrote <script>alert(1)</script> and <a href=\"https://evil.example\">click</a>.",
            new StorySource("a.txt", "t", "Daily \"Bugle\"", "https://news.example/a?x=1&y=2", Now));

        var message = AlertFormatter.Format(story, "mayor", ["Mayor"]);

        Assert.Contains("Mayor &lt;b&gt;quits&lt;/b&gt; &amp; leaves", message.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", message.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;", message.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://news.example/a?x=1&amp;y=2\">Daily &quot;Bugle&quot;</a>", message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_JavascriptUrl_IsNotLinked()
    {
        var story = Story("h", "t", new StorySource("a.txt", "t", "Outlet", "javascript:alert(1)", Now));

        var message = AlertFormatter.Format(story, "x", []);

        Assert.DoesNotContain("href", message.Html, StringComparison.Ordinal);
        Assert.Contains("Outlet", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SecondReport_ListsOtherOutletAndWhyItMatched()
    {
        var story = Story(
            "Putin gave Kim a car", "A gift.",
            new StorySource("a.txt", "Putin gave Kim a car", "Outlet A", null, Now),
            new StorySource("b.txt", "Kim gets a car", "Outlet B", null, Now));

        var message = AlertFormatter.Format(story, "Russia–North Korea", ["Putin", "Kim Jong Un"]);

        Assert.Contains("Also reported by: Outlet B", message.Html, StringComparison.Ordinal);
        Assert.Contains("Topic: <b>Russia–North Korea</b>", message.Html, StringComparison.Ordinal);
        Assert.Contains("Putin, Kim Jong Un", message.Html, StringComparison.Ordinal);
        var button = Assert.Single(message.Buttons);
        Assert.Equal($"unsub:{TopicKey.For("Russia–North Korea")}", button.CallbackData);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(button.CallbackData) <= 64);
    }

    [Fact]
    public void Format_HugeSummaryAndManyOutlets_StaysWithinTelegramLimit()
    {
        var sources = Enumerable.Range(0, 300).Select(i => new StorySource($"{i}.txt", $"Title {i}", $"Outlet & Co {i}", null, Now)).ToArray();
        var story = Story(new string('<', 300), string.Concat(Enumerable.Repeat("\"quoted\" & <tagged> text. ", 800)), sources);

        var message = AlertFormatter.Format(story, "topic", ["a"]);

        Assert.True(message.Html.Length <= AlertFormatter.MaxMessageLength, $"{message.Html.Length} characters");
        Assert.Contains("more", message.Html, StringComparison.Ordinal);
        Assert.Contains("Topic: <b>topic</b>", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToPlainText_AlertHtml_ReadsAsText()
    {
        var plain = HtmlText.ToPlainText("<b>A &amp; B</b>\nSource: <a href=\"https://x.example/?a=1&amp;b=2\">X</a>");

        Assert.Equal("A & B\nSource: X (https://x.example/?a=1&b=2)", plain);
    }
}
