namespace SummaryBot.Core.Delivery.Digests;

/// <summary>
/// <c>digest-runs/{chatId}.json</c>: the scheduler's own record of a chat's digests, outside the
/// queue prefix <c>digests/{chatId}/</c> so that listing the queue never sees it. Every write is
/// conditional on the ETag read, so it doubles as the lease that keeps two schedulers from sending
/// the same chat's digest.
/// </summary>
public sealed record DigestRunState
{
    public required long ChatId { get; init; }

    /// <summary>The forum topic whose digests these are; null for the chat itself.</summary>
    public int? ThreadId { get; init; }

    /// <summary>The latest digest slot dealt with (sent, or found with nothing queued).</summary>
    public DateTimeOffset? HandledThrough { get; init; }

    /// <summary>When a digest message was last accepted by the outbox.</summary>
    public DateTimeOffset? LastSentAt { get; init; }

    /// <summary>The digest job the scheduler last put in the outbox queue and has not yet seen handled:
    /// while it is there the scheduler writes no other for the chat.</summary>
    public DigestRequest? Requested { get; init; }

    /// <summary>Sends of the current digest message that went unanswered (it may have arrived): after
    /// <see cref="ChatSender.MaxUncertainSends"/> its stories are given up instead of sent a third time.</summary>
    public int UncertainSends { get; init; }

    /// <summary>The run sending this chat's digest right now, if any.</summary>
    public DigestClaim? Claim { get; init; }

    /// <summary>
    /// Messages accepted by the outbox whose stories are not yet cleared from the queue. A run that
    /// dies after recording one here is finished by the next run without sending it again.
    /// </summary>
    public IReadOnlyList<DigestSentPart> Sent { get; init; } = [];
}

/// <summary>A digest job for <paramref name="Slot"/> written to the outbox queue at <paramref name="At"/>.</summary>
public sealed record DigestRequest(DateTimeOffset Slot, DateTimeOffset At);

/// <summary>A lease on a chat's digest: only <paramref name="RunId"/> sends until <paramref name="Until"/>.</summary>
public sealed record DigestClaim(string RunId, DateTimeOffset Until);

/// <summary>One digest message the outbox accepted, and the stories it carried.</summary>
public sealed record DigestSentPart(long MessageId, IReadOnlyList<string> StoryIds, DateTimeOffset SentAt);

/// <summary>Where the digest scheduler keeps its per-chat state.</summary>
public static class DigestPaths
{
    public static string Run(SummaryBot.Core.Subscriptions.ChatAddress chat) => $"digest-runs/{chat.Key}.json";
}
