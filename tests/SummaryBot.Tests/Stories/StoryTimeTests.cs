using SummaryBot.Core.Articles;
using SummaryBot.Core.Stories;

namespace SummaryBot.Tests.Stories;

public sealed class StoryTimeTests
{
    private static readonly DateTimeOffset Seen = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Article WithPublished(DateTimeOffset? published) => new("a.txt", "Title", ["Body."], null, null, published);

    [Fact]
    public void Of_RecentPublishedDate_UsesIt()
    {
        var published = Seen.AddDays(-2);

        Assert.Equal(published, StoryTime.Of(WithPublished(published), Seen));
    }

    [Theory]
    [InlineData(-400)]
    [InlineData(-31)]
    [InlineData(3)]
    public void Of_ImplausiblePublishedDate_UsesTheTimeSeen(int days)
    {
        Assert.Equal(Seen, StoryTime.Of(WithPublished(Seen.AddDays(days)), Seen));
    }

    [Fact]
    public void Of_NoPublishedDate_UsesTheTimeSeen()
    {
        Assert.Equal(Seen, StoryTime.Of(WithPublished(null), Seen));
    }
}
