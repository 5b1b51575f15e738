using SummaryBot.Core.Delivery.Digests;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Delivery.Digests;

public sealed class DigestTimetableTests
{
    private static DigestTimetable Skopje(params string[] times) =>
        DigestTimetable.For(new ChatSubscription { ChatId = 1, Mode = DeliveryMode.Digest, DigestTimes = times, TimeZone = "Europe/Skopje" }, out _);

    [Fact]
    public void SlotOf_TimeInSpringForwardGap_MovesForwardByTheGap()
    {
        // 29 March 2026: clocks in Skopje jump from 02:00 CET to 03:00 CEST; 02:30 does not exist.
        var slot = Skopje("02:30").SlotOf(new DateOnly(2026, 3, 29), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), slot);
    }

    [Fact]
    public void SlotOf_TimeRepeatedByFallBack_TakesTheFirstOccurrence()
    {
        // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and again at 01:30Z.
        var slot = Skopje("02:30").SlotOf(new DateOnly(2026, 10, 25), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), slot);
    }

    [Fact]
    public void LatestAtOrBefore_DuringTheRepeatedHour_IsStillTheFirstOccurrence()
    {
        var latest = Skopje("02:30").LatestAtOrBefore(new DateTimeOffset(2026, 10, 25, 1, 45, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), latest);
    }

    [Fact]
    public void NextAfter_SeveralTimes_ReturnsTheNextLocalTime()
    {
        var timetable = Skopje("08:00", "18:00");

        // 10:00 CEST on 1 July 2026 is 08:00Z; the next digest is 18:00 CEST = 16:00Z.
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 16, 0, 0, TimeSpan.Zero), timetable.NextAfter(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero), timetable.LatestAtOrBefore(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void For_UnusableStoredSettings_FallsBackAndSaysWhat()
    {
        var chat = new ChatSubscription { ChatId = 1, Mode = DeliveryMode.Digest, DigestTimes = ["99:99"], TimeZone = "Nowhere/Land" };

        var timetable = DigestTimetable.For(chat, out var problem);

        Assert.Equal([new TimeOnly(8, 0)], timetable.Times);
        Assert.Equal(TimeSpan.Zero, timetable.Zone.BaseUtcOffset);
        Assert.Contains("time zone", problem, StringComparison.Ordinal);
        Assert.Contains("digest times", problem, StringComparison.Ordinal);
    }
}
