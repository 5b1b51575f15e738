using System.Collections.Concurrent;
using SummaryBot.Core.Delivery;

namespace SummaryBot.Tests.Fakes;

/// <summary>An outbox that records what it was asked to send and edit.</summary>
public sealed class RecordingOutbox : IOutbox
{
    private long _nextId = 100;
    private Exception? _failNextSend;

    public ConcurrentQueue<(long ChatId, long MessageId, OutboxMessage Message)> Sent { get; } = new();

    public ConcurrentQueue<(long ChatId, long MessageId, OutboxMessage Message)> Edits { get; } = new();

    /// <summary>Chats whose sends throw <see cref="ChatUnavailableException"/> (the bot was blocked).</summary>
    public ConcurrentDictionary<long, string> Unavailable { get; } = new();

    /// <summary>When set, the next send throws this instead of being accepted, as when Telegram
    /// answers 5xx or cannot be reached even after the HTTP pipeline's retries.</summary>
    public Exception? FailNextSend
    {
        get => Volatile.Read(ref _failNextSend);
        set => Volatile.Write(ref _failNextSend, value);
    }

    /// <summary>Runs at the start of every send (e.g. to let a fake clock advance while Telegram answers).</summary>
    public Action? BeforeSend { get; set; }

    public Task<long> SendAsync(long chatId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        BeforeSend?.Invoke();
        if (Unavailable.TryGetValue(chatId, out var reason))
        {
            throw new ChatUnavailableException(chatId, reason);
        }

        if (Interlocked.Exchange(ref _failNextSend, null) is { } failure)
        {
            throw failure;
        }

        var id = Interlocked.Increment(ref _nextId);
        Sent.Enqueue((chatId, id, message));

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
