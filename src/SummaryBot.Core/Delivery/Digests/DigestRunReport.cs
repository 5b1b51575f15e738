namespace SummaryBot.Core.Delivery.Digests;

public enum DigestChatStatus
{
    /// <summary>The scheduler wrote the chat's digest job to the outbox queue (the sender sends it).</summary>
    Enqueued,

    /// <summary>The digest went out (one or more messages).</summary>
    Sent,

    /// <summary>A digest time had passed but nothing was queued: nothing was sent.</summary>
    Empty,

    /// <summary>Another scheduler instance holds this chat's digest right now.</summary>
    Busy,

    /// <summary>The chat can no longer be reached; it was deactivated and its queue kept.</summary>
    Unavailable,

    /// <summary>Something failed or must wait (a 429, a 5xx, an unanswered send); the stories are kept
    /// and the digest job comes back from the outbox queue.</summary>
    Failed,

    /// <summary>Telegram refused (part of) the digest for good: those stories were given up, recorded as
    /// failed in the ledger with the reason; the rest, if any, went out.</summary>
    Rejected,
}

/// <summary>What one run did for one chat that was due.</summary>
public sealed record DigestChatOutcome(long ChatId, DigestChatStatus Status, IReadOnlyList<long> MessageIds, int StoryCount, string? Error = null);

/// <summary>What one <see cref="DigestScheduler.RunDueAsync"/> did: chats looked at, and the outcome of each that was due.</summary>
public sealed record DigestRunReport(int ChatsChecked, IReadOnlyList<DigestChatOutcome> Chats)
{
    public int DigestsSent => Chats.Count(c => c.Status == DigestChatStatus.Sent);

    public int MessagesSent => Chats.Sum(c => c.MessageIds.Count);

    public int StoriesSent => Chats.Where(c => c.Status == DigestChatStatus.Sent).Sum(c => c.StoryCount);

    public int Failed => Chats.Count(c => c.Status is DigestChatStatus.Failed or DigestChatStatus.Unavailable or DigestChatStatus.Rejected);
}
