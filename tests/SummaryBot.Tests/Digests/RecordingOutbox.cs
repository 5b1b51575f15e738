using SummaryBot.Core.Delivery;

namespace SummaryBot.Tests.Digests;

/// <summary>An outbox that records what was sent and when, with hooks to block, fail or act mid-send.</summary>
internal sealed class RecordingOutbox(TimeProvider clock) : IOutbox
{
    private readonly Lock _gate = new();
    private long _lastId = 1000;

    public List<SentMessage> Sent { get; } = [];

    /// <summary>Runs before a message is accepted (e.g. to queue a story "while the digest is being sent").</summary>
    public Func<long, OutboxMessage, Task>? BeforeAccept { get; set; }

    /// <summary>Runs after a message is accepted and recorded; throwing here simulates a crash after Telegram accepted.</summary>
    public Func<SentMessage, Task>? AfterAccept { get; set; }

    /// <summary>Chats for which Telegram answers 403.</summary>
    public HashSet<long> Unavailable { get; } = [];

    /// <summary>Groups that became supergroups (old id → new id): Telegram answers 400 with the new id.</summary>
    public Dictionary<long, long> Migrated { get; } = [];

    /// <summary>Chats whose messages Telegram refuses for good (a 400), with the description.</summary>
    public Dictionary<long, string> Refused { get; } = [];

    public async Task<long> SendAsync(long chatId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        if (Unavailable.Contains(chatId))
        {
            throw new ChatUnavailableException(chatId, "Forbidden: bot was blocked by the user");
        }

        if (Migrated.TryGetValue(chatId, out var supergroup))
        {
            throw new ChatMigratedException(chatId, supergroup);
        }

        if (Refused.TryGetValue(chatId, out var description))
        {
            throw new MessageRejectedException(chatId, "Telegram 400: " + description);
        }

        if (BeforeAccept is { } before)
        {
            await before(chatId, message);
        }

        SentMessage sent;
        lock (_gate)
        {
            sent = new SentMessage(chatId, ++_lastId, message.Html, clock.GetUtcNow());
            Sent.Add(sent);
        }

        if (AfterAccept is { } after)
        {
            await after(sent);
        }

        return sent.MessageId;
    }

    public Task EditAsync(long chatId, long messageId, OutboxMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public List<SentMessage> To(long chatId)
    {
        lock (_gate)
        {
            return [.. Sent.Where(m => m.ChatId == chatId)];
        }
    }
}

internal sealed record SentMessage(long ChatId, long MessageId, string Html, DateTimeOffset At);
