using System.Collections.Concurrent;
using SummaryBot.Core.Delivery;

namespace SummaryBot.Tests.Fakes;

/// <summary>An outbox that records what it was asked to send and edit.</summary>
public sealed class RecordingOutbox : IOutbox
{
    private long _nextId = 100;

    public ConcurrentQueue<(long ChatId, long MessageId, OutboxMessage Message)> Sent { get; } = new();

    public ConcurrentQueue<(long ChatId, long MessageId, OutboxMessage Message)> Edits { get; } = new();

    /// <summary>Chats whose sends throw <see cref="ChatUnavailableException"/> (the bot was blocked).</summary>
    public ConcurrentDictionary<long, string> Unavailable { get; } = new();

    /// <summary>When set, the next send is accepted (recorded) and then this exception is thrown, as when a
    /// process dies after Telegram accepted a message but before its id was stored.</summary>
    public Exception? FailAfterNextSend { get; set; }

    public Task<long> SendAsync(long chatId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        if (Unavailable.TryGetValue(chatId, out var reason))
        {
            throw new ChatUnavailableException(chatId, reason);
        }

        var id = Interlocked.Increment(ref _nextId);
        Sent.Enqueue((chatId, id, message));
        if (FailAfterNextSend is { } failure)
        {
            FailAfterNextSend = null;
            throw failure;
        }

        return Task.FromResult(id);
    }

    public Task EditAsync(long chatId, long messageId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        if (Unavailable.TryGetValue(chatId, out var reason))
        {
            throw new ChatUnavailableException(chatId, reason);
        }

        Edits.Enqueue((chatId, messageId, message));
        return Task.CompletedTask;
    }
}
