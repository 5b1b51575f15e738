using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>
/// Keeps messages under Telegram's limits: at most N in any second overall, one per interval per
/// chat (counted from the moment Telegram answered the previous one), M per minute per group or
/// channel. It keeps the exact send times (a sliding log), so no
/// window can ever hold more than its limit, unlike a token bucket, which lets two bursts meet at a
/// window edge. Overall sends are also paced (a fifth of the limit per 200 ms): a burst released at once would
/// reach Telegram bunched up behind connection set-up and could land in one second with the next one.
/// Waits use the injected <see cref="TimeProvider"/>. A chat with nothing sent for a minute (the
/// longest window) is forgotten, at most once a minute, so a long-running host that has posted to
/// many chats keeps logs only for those it posted to lately.
/// </summary>
public sealed class TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>A window that never waits, kept for a second: a paced send is booked, not held back.</summary>
    private static readonly (int, TimeSpan)[] BookOnly = [(int.MaxValue, Second)];

    private readonly TelegramOptions _options = options.Value;
    private readonly (int, TimeSpan)[] _globalWindows =
        [(options.Value.MaxMessagesPerSecond, Second), ((options.Value.MaxMessagesPerSecond + 4) / 5, Second / 5)];
    private readonly SendLog _global = new();
    private readonly ConcurrentDictionary<string, SendLog> _chats = new(StringComparer.Ordinal);
    private long _lastSweep = timeProvider.GetTimestamp();
    private int _sweeping;

    /// <summary>How many chats have a send log now (for tests).</summary>
    internal int TrackedChats => _chats.Count;

    /// <summary>
    /// Waits until one more message may go to <paramref name="chatId"/> (a numeric id or an
    /// @username; null when unknown, which only counts against the overall limit). Dispose the
    /// returned turn once Telegram has answered: the chat's spacing runs from that moment, so that
    /// however long one request spends on the way, the next one cannot reach Telegram less than the
    /// interval after it.
    /// </summary>
    public async Task<IDisposable> AcquireAsync(string? chatId, CancellationToken cancellationToken)
    {
        ForgetIdleChats();

        // A send that took a slot of the rate shared by every sender is paced already: it is only
        // booked here, so that requests that take no slot (replies to commands) count it.
        var paced = Outbox.SharedRateSlot.IsTaken;
        if (chatId is null)
        {
            await AcquireGlobalAsync(paced, cancellationToken);
            return NoTurn.Instance;
        }

        var isGroup = chatId.StartsWith('-') || chatId.StartsWith('@');

        // The chat's turn first (it may be seconds away), then a global slot. The chat stays taken
        // until the request is answered (see ChatTurn).
        SendLog chat;
        while (true)
        {
            chat = _chats.GetOrAdd(chatId, _ => new SendLog());
            await chat.Gate.WaitAsync(cancellationToken);
            if (!chat.Retired)
            {
                break;
            }

            // Forgotten while this call waited for it: it was idle, so a new log is the same.
            chat.Gate.Release();
        }

        try
        {
            (int, TimeSpan)[] chatWindows = isGroup
                ? [(1, _options.MinChatInterval), (_options.MaxGroupMessagesPerMinute, Minute)]
                : [(1, _options.MinChatInterval)];
            await chat.WaitForRoomAsync(timeProvider, chatWindows, cancellationToken);
            await AcquireGlobalAsync(paced, cancellationToken);
            return new ChatTurn(chat, timeProvider);
        }
        catch
        {
            chat.Gate.Release();
            throw;
        }
    }

    private Task<long> AcquireGlobalAsync(bool paced, CancellationToken cancellationToken) =>
        _global.AcquireAsync(timeProvider, paced ? BookOnly : _globalWindows, cancellationToken);

    /// <summary>
    /// Drops the logs of chats with no send in the last minute. A log is retired only while its
    /// gate is held, and a caller that then gets the gate sees <see cref="SendLog.Retired"/> and
    /// takes the chat's new log, so one chat never has two live logs.
    /// </summary>
    private void ForgetIdleChats()
    {
        var now = timeProvider.GetTimestamp();
        if (timeProvider.GetElapsedTime(Volatile.Read(ref _lastSweep), now) < Minute || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            Volatile.Write(ref _lastSweep, now);
            foreach (var (chatId, log) in _chats)
            {
                if (!log.Gate.Wait(0))
                {
                    continue;
                }

                try
                {
                    if (log.IsIdle(timeProvider, now, Minute))
                    {
                        log.Retired = true;
                        _chats.TryRemove(new KeyValuePair<string, SendLog>(chatId, log));
                    }
                }
                finally
                {
                    log.Gate.Release();
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>A chat's turn: disposing it books the time the request was answered and frees the chat.</summary>
    private sealed class ChatTurn(SendLog chat, TimeProvider timeProvider) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                chat.Book(timeProvider, timeProvider.GetTimestamp(), Minute);
                chat.Gate.Release();
            }
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>The send times of one key, newest last, kept for the longest window.</summary>
    private sealed class SendLog
    {
        private readonly Queue<long> _stamps = new();
        private long _newest;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Set (under <see cref="Gate"/>) when the log was dropped from the chat table.</summary>
        public bool Retired { get; set; }

        /// <summary>True when nothing was sent within <paramref name="window"/> (the caller holds <see cref="Gate"/>).</summary>
        public bool IsIdle(TimeProvider time, long now, TimeSpan window) =>
            _stamps.Count == 0 || time.GetElapsedTime(_newest, now) >= window;

        public async Task<long> AcquireAsync(TimeProvider time, (int Limit, TimeSpan Window)[] windows, CancellationToken cancellationToken)
        {
            await Gate.WaitAsync(cancellationToken);
            try
            {
                await WaitForRoomAsync(time, windows, cancellationToken);
                var now = time.GetTimestamp();
                Book(time, now, windows.Max(w => w.Window));
                return now;
            }
            finally
            {
                Gate.Release();
            }
        }

        /// <summary>Waits (the caller holds <see cref="Gate"/>) until every window has room for one more.</summary>
        public async Task WaitForRoomAsync(TimeProvider time, (int Limit, TimeSpan Window)[] windows, CancellationToken cancellationToken)
        {
            while (true)
            {
                var now = time.GetTimestamp();
                var wait = TimeSpan.Zero;
                foreach (var (limit, window) in windows)
                {
                    // The limit-th newest stamp must have left the window before another send.
                    var inWindow = _stamps.Where(s => time.GetElapsedTime(s, now) < window).ToList();
                    if (inWindow.Count >= limit)
                    {
                        var blocking = inWindow[inWindow.Count - limit];
                        var left = window - time.GetElapsedTime(blocking, now);
                        if (left > wait)
                        {
                            wait = left;
                        }
                    }
                }

                if (wait <= TimeSpan.Zero)
                {
                    return;
                }

                await Task.Delay(wait, time, cancellationToken);
            }
        }

        public void Book(TimeProvider time, long stamp, TimeSpan keep)
        {
            _stamps.Enqueue(stamp);
            _newest = stamp;
            while (time.GetElapsedTime(_stamps.Peek(), stamp) >= keep)
            {
                _stamps.Dequeue();
            }
        }
    }
}
