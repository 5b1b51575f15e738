using Microsoft.Extensions.Options;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>Decides whether a message may go to a chat now, under limits shared by every sender.</summary>
public interface ISendGate
{
    /// <summary>Reserves a send to <paramref name="chatId"/> now and returns zero, or returns how long
    /// to wait (nothing reserved): the caller puts its job back in the queue for that long.</summary>
    Task<TimeSpan> TryReserveAsync(long chatId, CancellationToken cancellationToken = default);
}

/// <summary>No shared limits: the console outbox.</summary>
public sealed class OpenSendGate : ISendGate
{
    public Task<TimeSpan> TryReserveAsync(long chatId, CancellationToken cancellationToken = default) => Task.FromResult(TimeSpan.Zero);
}

/// <summary>
/// Telegram's limits across every sender instance, kept in the state store with conditional writes.
/// <list type="bullet">
/// <item>Per chat, <c>delivery-chats/{chatId}.json</c> holds the earliest time of the chat's next
/// message (and, for groups and channels, the last minute's sends): a sender reserves the chat by
/// replacing it if its ETag still matches, so two senders never both take one turn; a chat that is
/// not free yet sends its job back to the queue until it is, and the sender serves other chats.</item>
/// <item>Overall, time is cut into slots of 1/<c>Telegram:MaxMessagesPerSecond</c> s, each of which one
/// message may take, in a ring of a minute of slot documents <c>delivery-rate/{n}.json</c> (create
/// if absent or replace if the ETag matches). A sender takes the first free slot in the next second
/// and waits for it in process; with none free, the job goes back to the queue for a second.</item>
/// </list>
/// The times are the senders' own clocks. Skew between them can only shift spacing (Telegram then
/// answers 429, which is queue behaviour too); it never decides whether a message is sent twice,
/// which the ledger and the queue's visibility decide.
/// </summary>
public sealed class StoreSendGate(IObjectStore store, IOptions<TelegramOptions> options, TimeProvider timeProvider) : ISendGate
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TelegramOptions _options = options.Value;

    public async Task<TimeSpan> TryReserveAsync(long chatId, CancellationToken cancellationToken = default)
    {
        var wait = await TryReserveChatAsync(chatId, cancellationToken);
        return wait > TimeSpan.Zero ? wait : await TakeGlobalSlotAsync(cancellationToken);
    }

    private async Task<TimeSpan> TryReserveChatAsync(long chatId, CancellationToken cancellationToken)
    {
        var path = $"delivery-chats/{chatId}.json";
        var current = await store.GetJsonAsync<ChatTurns>(path, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var isGroup = chatId < 0;
        var recent = (current?.Value.Recent ?? []).Where(t => now - t < Minute).ToList();
        if (current?.Value.NextAt is { } next && next > now)
        {
            return next - now;
        }

        if (isGroup && recent.Count >= _options.MaxGroupMessagesPerMinute)
        {
            return recent[^_options.MaxGroupMessagesPerMinute] + Minute - now;
        }

        var turns = new ChatTurns(now + _options.MinChatInterval, isGroup ? [.. recent, now] : []);
        var written = current is null
            ? await store.TryCreateAsync(path, SummaryBotJson.SerializeCompact(turns), cancellationToken)
            : await store.TryReplaceAsync(path, SummaryBotJson.SerializeCompact(turns), current.ETag, cancellationToken);
        return written is null ? _options.MinChatInterval : TimeSpan.Zero;
    }

    private async Task<TimeSpan> TakeGlobalSlotAsync(CancellationToken cancellationToken)
    {
        var slotLength = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / _options.MaxMessagesPerSecond);
        var ring = 60L * _options.MaxMessagesPerSecond;
        var first = timeProvider.GetUtcNow().UtcTicks / slotLength.Ticks;
        for (var slot = first; slot < first + _options.MaxMessagesPerSecond; slot++)
        {
            var path = $"delivery-rate/{slot % ring}.json";
            var current = await store.GetJsonAsync<RateSlot>(path, cancellationToken);
            if (current is not null && current.Value.Slot >= slot)
            {
                continue;
            }

            var taken = new RateSlot(slot);
            var written = current is null
                ? await store.TryCreateAsync(path, SummaryBotJson.SerializeCompact(taken), cancellationToken)
                : await store.TryReplaceAsync(path, SummaryBotJson.SerializeCompact(taken), current.ETag, cancellationToken);
            if (written is null)
            {
                continue;
            }

            var wait = new DateTimeOffset(slot * slotLength.Ticks, TimeSpan.Zero) - timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken);
            }

            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(1);
    }

    private sealed record ChatTurns(DateTimeOffset NextAt, IReadOnlyList<DateTimeOffset> Recent);

    private sealed record RateSlot(long Slot);
}
