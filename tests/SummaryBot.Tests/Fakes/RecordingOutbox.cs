using System.Collections.Concurrent;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Fakes;

/// <summary>
/// An outbox that records what it was asked to send and edit, and when (by <c>clock</c>), with
/// hooks to refuse, fail or act in the middle of a send as Telegram might.
/// </summary>
public sealed class RecordingOutbox(TimeProvider? clock = null) : IOutbox
{
    private readonly Lock _gate = new();
    private readonly List<SentMessage> _sent = [];
    private readonly List<SentMessage> _edits = [];
    private long _lastId = 100;
    private Exception? _failNextSend;

    /// <summary>Every accepted message, in order (a snapshot).</summary>
    public IReadOnlyList<SentMessage> Sent => Snapshot(_sent);

    /// <summary>Every accepted edit, in order (a snapshot).</summary>
    public IReadOnlyList<SentMessage> Edits => Snapshot(_edits);

    /// <summary>Chats whose sends and edits throw <see cref="ChatUnavailableException"/> (Telegram's 403), with the reason.</summary>
    public ConcurrentDictionary<long, string> Unavailable { get; } = new();

    /// <summary>Groups that became supergroups (old id → new id): Telegram answers 400 with the new id.</summary>
    public ConcurrentDictionary<long, long> Migrated { get; } = new();

    /// <summary>Chats whose messages Telegram refuses for good (a 400), with the description.</summary>
    public ConcurrentDictionary<long, string> Refused { get; } = new();

    /// <summary>When set, the next send throws this instead of being accepted, as when Telegram
    /// answers 5xx or cannot be reached even after the HTTP pipeline's retries.</summary>
    public Exception? FailNextSend
    {
        get => Volatile.Read(ref _failNextSend);
        set => Volatile.Write(ref _failNextSend, value);
    }

    /// <summary>Runs at the start of every send (e.g. to let a fake clock advance while Telegram answers).</summary>
    public Action? BeforeSend { get; set; }

    /// <summary>Runs before a message is accepted (e.g. to queue a story "while the digest is being sent").</summary>
    public Func<long, OutboxMessage, Task>? BeforeAccept { get; set; }

    /// <summary>Runs after a message is accepted and recorded; throwing here simulates a crash after Telegram accepted.</summary>
    public Func<SentMessage, Task>? AfterAccept { get; set; }

    /// <summary>Answers to come before any message is accepted, one per send: a 429 with its retry_after, or a 5xx (null).</summary>
    public Queue<TimeSpan?> Deferrals { get; } = new();

    /// <summary>Every call to <see cref="SendAsync"/>, accepted or not.</summary>
    public int Attempts { get; private set; }

    public async Task<long> SendAsync(ChatAddress chat, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        var chatId = chat.ChatId;
        Attempts++;
        if (Deferrals.TryDequeue(out var retryAfter))
        {
            throw new DeliveryDeferredException(chatId, retryAfter, retryAfter is null ? "Telegram 502: Bad Gateway" : "Telegram 429: Too Many Requests");
        }

        ArgumentNullException.ThrowIfNull(message);
        BeforeSend?.Invoke();
        ThrowIfRefused(chatId);
        if (Refused.TryGetValue(chatId, out var description))
        {
            throw new MessageRejectedException(chatId, "Telegram 400: " + description);
        }

        if (Interlocked.Exchange(ref _failNextSend, null) is { } failure)
        {
            throw failure;
        }

        if (BeforeAccept is { } before)
        {
            await before(chatId, message);
        }

        var sent = Record(_sent, chat, Interlocked.Increment(ref _lastId), message);
        if (AfterAccept is { } after)
        {
            await after(sent);
        }

        return sent.MessageId;
    }

    public Task EditAsync(ChatAddress chat, long messageId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        var chatId = chat.ChatId;
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfRefused(chatId);
        Record(_edits, chat, messageId, message);
        return Task.CompletedTask;
    }

    /// <summary>The messages accepted for one chat, in order.</summary>
    public IReadOnlyList<SentMessage> To(long chatId) => [.. Sent.Where(m => m.ChatId == chatId)];

    private void ThrowIfRefused(long chatId)
    {
        if (Unavailable.TryGetValue(chatId, out var reason))
        {
            throw new ChatUnavailableException(chatId, reason);
        }

        if (Migrated.TryGetValue(chatId, out var supergroup))
        {
            throw new ChatMigratedException(chatId, supergroup);
        }
    }

    private SentMessage Record(List<SentMessage> list, ChatAddress chat, long messageId, OutboxMessage message)
    {
        lock (_gate)
        {
            var recorded = new SentMessage(chat.ChatId, messageId, message, (clock ?? TimeProvider.System).GetUtcNow()) { ThreadId = chat.ThreadId };
            list.Add(recorded);
            return recorded;
        }
    }

    private List<SentMessage> Snapshot(List<SentMessage> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}

/// <summary>One message (or edit) the outbox accepted, and when.</summary>
public sealed record SentMessage(long ChatId, long MessageId, OutboxMessage Message, DateTimeOffset At)
{
    public string Html => Message.Html;

    /// <summary>The forum topic the message went to, or null.</summary>
    public int? ThreadId { get; init; }

    public bool Silent => Message.Silent;
}
