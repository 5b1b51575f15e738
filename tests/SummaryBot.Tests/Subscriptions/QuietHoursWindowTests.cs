using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Subscriptions;

public sealed class QuietHoursWindowTests
{
    [Theory]
    [InlineData("2026-06-10T21:59:00Z", null)] // Just before.
    [InlineData("2026-06-10T22:00:00Z", "2026-06-11T07:00:00Z")] // From the start.
    [InlineData("2026-06-11T03:00:00Z", "2026-06-11T07:00:00Z")] // After midnight: the window began yesterday.
    [InlineData("2026-06-11T07:00:00Z", null)] // The end is not quiet.
    [InlineData("2026-06-11T12:00:00Z", null)]
    public void EndIfQuiet_WindowAcrossMidnight_EndsNextMorning(string now, string? end) =>
        Assert.Equal(end is null ? null : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), QuietHoursWindow.EndIfQuiet(Chat("UTC", "22:00", "07:00"), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void EndIfQuiet_WindowWithinOneDay_QuietOnlyBetween()
    {
        var chat = Chat("UTC", "13:00", "14:30");

        Assert.Null(QuietHoursWindow.EndIfQuiet(chat, At(2026, 6, 10, 12, 59)));
        Assert.Equal(At(2026, 6, 10, 14, 30), QuietHoursWindow.EndIfQuiet(chat, At(2026, 6, 10, 13, 0)));
        Assert.Null(QuietHoursWindow.EndIfQuiet(chat, At(2026, 6, 10, 23, 0)));
    }

    [Fact]
    public void EndIfQuiet_SpringForwardNight_EndsAtSevenLocalSummerTime()
    {
        // Berlin moves from UTC+1 to UTC+2 at 02:00 on 29 March 2026: 22:00 is 21:00 UTC, 07:00 is 05:00 UTC.
        var chat = Chat("Europe/Berlin", "22:00", "07:00");

        Assert.Null(QuietHoursWindow.EndIfQuiet(chat, At(2026, 3, 28, 20, 59)));
        Assert.Equal(At(2026, 3, 29, 5, 0), QuietHoursWindow.EndIfQuiet(chat, At(2026, 3, 28, 21, 0)));
        Assert.Equal(At(2026, 3, 29, 5, 0), QuietHoursWindow.EndIfQuiet(chat, At(2026, 3, 29, 4, 59)));
        Assert.Null(QuietHoursWindow.EndIfQuiet(chat, At(2026, 3, 29, 5, 0))); // 07:00 in Berlin.
    }

    [Fact]
    public void EndIfQuiet_FallBackNight_EndsAtSevenLocalWinterTime()
    {
        // Berlin moves from UTC+2 to UTC+1 at 03:00 on 25 October 2026: 22:00 is 20:00 UTC, 07:00 is 06:00 UTC.
        var chat = Chat("Europe/Berlin", "22:00", "07:00");

        Assert.Equal(At(2026, 10, 25, 6, 0), QuietHoursWindow.EndIfQuiet(chat, At(2026, 10, 24, 20, 0)));
        Assert.Equal(At(2026, 10, 25, 6, 0), QuietHoursWindow.EndIfQuiet(chat, At(2026, 10, 25, 5, 30)));
        Assert.Null(QuietHoursWindow.EndIfQuiet(chat, At(2026, 10, 25, 6, 0)));
    }

    [Fact]
    public void EndIfQuiet_StartInTheSpringForwardGap_StartsWhenTheGapEnds()
    {
        // 02:30 does not exist in Berlin on 29 March 2026: the quiet hours start at 03:30 local (01:30 UTC).
        var chat = Chat("Europe/Berlin", "02:30", "06:00");

        Assert.Null(QuietHoursWindow.EndIfQuiet(chat, At(2026, 3, 29, 1, 0)));
        Assert.Equal(At(2026, 3, 29, 4, 0), QuietHoursWindow.EndIfQuiet(chat, At(2026, 3, 29, 1, 30)));
    }

    [Fact]
    public void EndIfQuiet_NoneOrUnusable_NeverQuiet()
    {
        Assert.Null(QuietHoursWindow.EndIfQuiet(new ChatSubscription { ChatId = 1 }, At(2026, 6, 10, 23, 0)));
        Assert.Null(QuietHoursWindow.EndIfQuiet(Chat("UTC", "25:00", "07:00"), At(2026, 6, 10, 23, 0)));
    }

    private static ChatSubscription Chat(string zone, string start, string end) =>
        new() { ChatId = 1, TimeZone = zone, QuietHours = new QuietHours(start, end) };

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
