using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Subscriptions;

public sealed class DigestScheduleTests
{
    [Theory]
    [InlineData("08:00", new[] { "08:00" })]
    [InlineData("08:00,18:00", new[] { "08:00", "18:00" })]
    [InlineData(" 18:00; 8:00 ,8 ", new[] { "08:00", "18:00" })]
    [InlineData("6:30pm 7am", new[] { "07:00", "18:30" })]
    [InlineData("12am,12pm", new[] { "00:00", "12:00" })]
    public void TryParseTimes_ValidInput_ReturnsSortedDistinctHHmm(string input, string[] expected)
    {
        var result = DigestSchedule.TryParseTimes(input);

        Assert.True(result.Success, result.Error);
        Assert.Equal(expected, result.Times);
    }

    [Theory]
    [InlineData("25:00", "hours go from 00 to 23")]
    [InlineData("08:60", "minutes from 00 to 59")]
    [InlineData("noon", "HH:MM")]
    [InlineData("13pm", "1 to 12")]
    [InlineData("", "at least one time")]
    [InlineData(" , ", "at least one time")]
    public void TryParseTimes_InvalidInput_ExplainsWhy(string input, string expectedFragment)
    {
        var result = DigestSchedule.TryParseTimes(input);

        Assert.False(result.Success);
        Assert.Empty(result.Times);
        Assert.Contains(expectedFragment, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseTimes_MoreThanTheDailyLimit_IsRefused()
    {
        var result = DigestSchedule.TryParseTimes(string.Join(',', Enumerable.Range(0, 25).Select(i => $"{i / 2:00}:{i % 2 * 30:00}")));

        Assert.False(result.Success);
        Assert.Contains("At most 24", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Skopje", "Europe/Skopje")]
    [InlineData("europe/skopje", "Europe/Skopje")]
    [InlineData("  America/New_York ", "America/New_York")]
    [InlineData("UTC", "UTC")]
    [InlineData("utc", "UTC")]
    public void TryResolveTimeZone_KnownZone_ReturnsCanonicalId(string input, string expected)
    {
        var result = DigestSchedule.TryResolveTimeZone(input);

        Assert.True(result.Success, result.Error);
        Assert.Equal(expected, result.Id);
        Assert.NotNull(result.Zone);
    }

    [Fact]
    public void TryResolveTimeZone_WindowsId_IsStoredAsIana()
    {
        var result = DigestSchedule.TryResolveTimeZone("Central European Standard Time");

        Assert.True(result.Success, result.Error);
        Assert.Contains('/', result.Id!);
    }

    [Theory]
    [InlineData("Skopje", "Europe/Skopje")]
    [InlineData("Europe/Skopie", "Europe/Skopje")]
    [InlineData("new york", "America/New_York")]
    public void TryResolveTimeZone_NearMiss_SuggestsTheZone(string input, string suggestion)
    {
        var result = DigestSchedule.TryResolveTimeZone(input);

        Assert.False(result.Success);
        Assert.Contains($"Did you mean {suggestion}", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC+2")]
    [InlineData("+02:00")]
    [InlineData("GMT-5")]
    public void TryResolveTimeZone_FixedOffset_ExplainsDaylightSaving(string input)
    {
        var result = DigestSchedule.TryResolveTimeZone(input);

        Assert.False(result.Success);
        Assert.Contains("daylight saving", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("posix/Europe/Skopje")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("<script>")]
    public void TryResolveTimeZone_Garbage_IsRefusedWithAnExample(string input)
    {
        var result = DigestSchedule.TryResolveTimeZone(input);

        Assert.False(result.Success);
        Assert.Null(result.Zone);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void Describe_SeveralTimes_ListsThemWithTheZone() =>
        Assert.Equal("08:00, 12:00 and 18:00 (Europe/Skopje)", DigestSchedule.Describe(["08:00", "12:00", "18:00"], "Europe/Skopje"));
}
