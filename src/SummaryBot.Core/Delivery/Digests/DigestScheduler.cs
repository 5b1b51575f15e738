// Design note: why the digest scheduler works the way it does.
//
// * Slots, not timers. A chat is due when the latest of its digest slots (each local date and time in
//   its zone, see DigestTimetable) is later than the slot it last dealt with. Whatever the host does
//   (runs every 5 minutes, is down for 10 hours, two instances race) the question "has a slot passed
//   since the last digest?" has one answer, so a missed run sends one late digest, never several, and
//   a time repeated by a DST fall-back is one slot, not two.
// * Cheap when nothing is due. Every run lists the chats (fine at this scale), but only reads more for
//   a chat whose slot passed after its LastDigestAt: first the small run document, then the queue.
//   A slot with nothing queued is recorded too, so that an empty slot is not looked at again and a
//   story queued after it waits for the next slot instead of going out at once.
// * Scheduled here, sent by the outbox. The scheduler only decides which chats are due and writes one
//   DigestJob per due chat to the outbox queue; the sender (DigestSender, behind the same queue as the
//   alerts) sends it under the same limits and fault handling as an alert. The run document records
//   the job it wrote (Requested), so the next scheduler runs write no other while it waits in the
//   queue; a second copy (two schedulers, or a crash before that record) finds the slot dealt with.
// * The run document digest-runs/{chatId}.json is the lease. Claiming the chat is a replace-if-ETag
//   write of a claim into it, and every later write is conditional on the previous one: two schedulers
//   never both send a chat's digest, and one that outlived its lease stops at its next write. The
//   first time, the document is created unclaimed (identical bytes from every racer) and then claimed
//   the same way, so the claim never rests on create-if-absent alone. It lives outside
//   digests/{chatId}/ so listing the queue never sees it.
// * The queue is read once, after the claim. Only the stories read are cleared, so a story queued
//   while the digest is being sent stays queued for the next one. The ledger (deliveries/…) decides:
//   it is set to Digested with the message id before the queue entry is deleted, and entries whose
//   ledger already says Digested are dropped unread, which covers a report that re-queued a story
//   while it was being cleared.
// * At-least-once window. Each accepted message is recorded (message id and its stories) in the run
//   document right away, before the queue is cleared; a run that dies after that point is finished
//   by the next run (after the lease expires) without sending again. The one window left is a crash,
//   or an outbox failure, after Telegram accepted a message but before that record was written: the
//   next job cannot know the message went out and sends those stories again. Telegram offers no
//   idempotency key to close it, so it is bounded as for alerts: each send is counted in the run
//   document before it leaves, and a message unanswered twice is not sent a third time.
// * Leaving digest mode. A chat switched back to instant gets what is still queued in one final
//   digest at the next run (rather than as late alerts, which would need the alert ledger rewritten
//   and would flood the chat). Only chats with digest history (digest times set or a digest sent) are
//   checked for such leftovers.
// * A chat Telegram refuses (403) is deactivated and keeps its queue: if it comes back, the queued
//   stories go out in its next digest. A message Telegram refuses for good (another 400) would be
//   refused at every run, so its stories are given up (the ledger says why) and the rest goes out. A
//   group that became a supergroup gets its subscriptions moved and the digest sent to the new id; the
//   queue and the ledger stay under the old id and are cleared as usual.
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery.Digests;

/// <summary>
/// Finds each chat whose digest time has passed (or that left digest mode with stories still
/// queued) and writes a <see cref="DigestJob"/> for it to the outbox queue, where
/// <see cref="DigestSender"/> sends it. Called every 5 minutes by the Functions timer and every
/// minute by <c>summarybot run</c>; safe to run in several instances at once.
/// </summary>
public sealed class DigestScheduler(
    IObjectStore store,
    IDeliveryQueue queue,
    TimeProvider timeProvider,
    ILogger<DigestScheduler> logger)
{
    /// <summary>How long a sender may hold a chat before another may take it over; renewed at each write.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a written digest job is trusted to be in the queue: after this the scheduler writes it
    /// again (a lost or given-up job; a second copy is harmless). Long enough for a queue that holds a
    /// large fan-out at Telegram's 30 messages/s.
    /// </summary>
    public static readonly TimeSpan RequestPatience = TimeSpan.FromHours(1);

    /// <summary>The most stories one digest carries (oldest first); the rest wait for the next one.</summary>
    public const int MaxStoriesPerDigest = 200;

    /// <summary>Writes a digest job for every chat that is due and has none waiting.</summary>
    /// <returns>The chats looked at, and one <see cref="DigestChatStatus.Enqueued"/> outcome per job written.</returns>
    public async Task<DigestRunReport> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var checkedChats = 0;
        var outcomes = new List<DigestChatOutcome>();
        await foreach (var path in store.ListAsync(SubscriptionPaths.Prefix, cancellationToken))
        {
            var chat = await ReadChatAsync(path, cancellationToken);
            if (chat is null)
            {
                continue;
            }

            checkedChats++;
            if (!chat.Active)
            {
                continue;
            }

            try
            {
                if (await RequestAsync(chat, now, cancellationToken))
                {
                    outcomes.Add(new DigestChatOutcome(chat.ChatId, DigestChatStatus.Enqueued, [], 0));
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Could not schedule the digest of chat {ChatId}; the next run tries again", chat.ChatId);
                outcomes.Add(new DigestChatOutcome(chat.ChatId, DigestChatStatus.Failed, [], 0, e.Message));
            }
        }

        if (outcomes.Count > 0)
        {
            logger.LogInformation("Digest run: {ChatsChecked} chats checked, {Enqueued} digest jobs written", checkedChats, outcomes.Count);
        }

        return new DigestRunReport(checkedChats, outcomes);
    }

    /// <returns>True when a job was written for the chat.</returns>
    private async Task<bool> RequestAsync(ChatSubscription chat, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        if (chat.Mode == DeliveryMode.Digest)
        {
            var timetable = DigestTimetable.For(chat, out var problem);
            if (problem is not null)
            {
                logger.LogWarning("Chat {ChatId} has digest settings that cannot be used ({Problem}); using the defaults", chat.ChatId, problem);
            }

            if (timetable.LatestAtOrBefore(now) is not { } latest || chat.LastDigestAt >= latest)
            {
                return false;
            }

            slot = latest;
        }
        else
        {
            if ((chat.DigestTimes.Count == 0 && chat.LastDigestAt is null) || !await HasQueuedAsync(chat.Address, cancellationToken))
            {
                return false;
            }

            slot = now;
        }

        var path = DigestPaths.Run(chat.Address);
        var current = (await store.GetJsonAsync<DigestRunState>(path, cancellationToken))?.Value;
        if (!IsDue(chat, current, slot) || Waiting(current, chat, slot, now))
        {
            return false;
        }

        // Written first, recorded after: a crash in between writes the job again next time, and the
        // sender makes the second copy a no-op.
        await queue.EnqueueAsync(new DigestJob { ChatId = chat.ChatId, ThreadId = chat.ThreadId, Slot = slot }.ToBinary(), TimeSpan.Zero, cancellationToken);
        var request = new DigestRequest(slot, now);
        await store.UpdateJsonAsync<DigestRunState>(
            path,
            state => state is null ? new DigestRunState { ChatId = chat.ChatId, ThreadId = chat.ThreadId, Requested = request }
                // A sender holding the claim writes conditionally on its last write: leave it alone.
                : state.Claim is { } claim && claim.Until > now ? state
                : state with { Requested = request },
            cancellationToken);
        logger.LogInformation("Chat {ChatId}: digest for {Slot} written to the outbox queue", chat.ChatId, slot);
        return true;
    }

    /// <summary>True when a job written earlier for this slot (or, out of digest mode, any) is still in the queue.</summary>
    private static bool Waiting(DigestRunState? state, ChatSubscription chat, DateTimeOffset slot, DateTimeOffset now) =>
        state?.Requested is { } requested
        && now - requested.At < RequestPatience
        && (chat.Mode != DeliveryMode.Digest || requested.Slot >= slot);

    private async Task<bool> HasQueuedAsync(ChatAddress chatId, CancellationToken cancellationToken)
    {
        await using var paths = store.ListAsync(DeliveryPaths.DigestPrefix(chatId), cancellationToken).GetAsyncEnumerator(cancellationToken);
        return await paths.MoveNextAsync();
    }

    private async Task<ChatSubscription?> ReadChatAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetJsonAsync<ChatSubscription>(path, cancellationToken))?.Value;
        }
        catch (System.Text.Json.JsonException e)
        {
            logger.LogWarning("Skipping the unreadable subscription {Path}: {Error}", path, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="slot"/> is later than anything the chat's digests dealt with. Before its
    /// first digest, the chat's last settings change stands in, so that a chat switched to digest mode
    /// at 10:00 gets its first digest at the next time, not for the 08:00 that passed before it asked.
    /// A chat out of digest mode is due whenever it has leftovers (checked by the caller).
    /// </summary>
    internal static bool IsDue(ChatSubscription chat, DigestRunState? state, DateTimeOffset slot)
    {
        if (chat.Mode != DeliveryMode.Digest)
        {
            return true;
        }

        var since = Later(state?.HandledThrough, chat.LastDigestAt) ?? chat.UpdatedAt;
        return since is null || since < slot;
    }

    internal static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}
