using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Delivery.Outbox;

public sealed class StoreSendGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TryReserve_MessageWaitedForALaterSlot_ChatsNextTurnCountsFromThatSlot()
    {
        // Two messages a second overall, 1.1 s between messages to one chat. Three chats take the slots
        // at 0, 0.5 and 1.0 s; chat 9's message gets the slot at 1.5 s and leaves then, so its next
        // message may not leave before 2.6 s (counted from the reservation, at 0 s, it could at 1.5 s).
        var clock = new FakeTimeProvider(Start);
        var gate = new StoreSendGate(
            new InMemoryObjectStore(),
            Options.Create(new TelegramOptions { MaxMessagesPerSecond = 2, MinSecondsBetweenMessagesToChat = 1.1 }),
            clock);
        var reservations = new[] { 1L, 2, 3, 9 }.Select(chat => gate.TryReserveAsync(chat)).ToList();
        clock.Advance(TimeSpan.FromSeconds(1.5));
        foreach (var reservation in reservations)
        {
            Assert.Equal(TimeSpan.Zero, await reservation.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        var next = await gate.TryReserveAsync(9).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(1.1), next);
    }

    [Fact]
    public async Task TryReserve_ChatStillBusy_TakesNoSlotOfTheOverallRate()
    {
        // One message a second overall: chat 9's second try is refused by its own turn, and the slot it
        // did not take is the next chat's.
        var clock = new FakeTimeProvider(Start);
        var gate = new StoreSendGate(
            new InMemoryObjectStore(),
            Options.Create(new TelegramOptions { MaxMessagesPerSecond = 1, MinSecondsBetweenMessagesToChat = 1.1 }),
            clock);
        Assert.Equal(TimeSpan.Zero, await gate.TryReserveAsync(9).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(await gate.TryReserveAsync(9).WaitAsync(TimeSpan.FromSeconds(10)) > TimeSpan.Zero);
        var other = gate.TryReserveAsync(10);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, await other.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
