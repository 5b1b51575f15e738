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
//   next run cannot know the message went out and sends those stories again. Telegram offers no
//   idempotency key to close it.
// * Leaving digest mode. A chat switched back to instant gets what is still queued in one final
//   digest at the next run (rather than as late alerts, which would need the alert ledger rewritten
//   and would flood the chat). Only chats with digest history (digest times set or a digest sent) are
//   checked for such leftovers.
// * A chat Telegram refuses (403) is deactivated and keeps its queue: if it comes back, the queued
//   stories go out in its next digest. A message Telegram refuses for good (another 400) would be
//   refused at every run, so its stories are given up (the ledger says why) and the rest goes out. A
//   group that became a supergroup gets its subscriptions moved and the digest sent to the new id; the
//   queue and the ledger stay under the old id and are cleared as usual.
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery.Digests;

/// <summary>
/// Sends each digest-mode chat whose digest time has passed one digest of the stories queued for it,
/// and clears what it sent. Called every 5 minutes by the Functions timer and every minute by
/// <c>summarybot run</c>; safe to run in several instances at once.
/// </summary>
public sealed class DigestScheduler(
    IObjectStore store,
    SubscriptionStore subscriptions,
    StoryRepository stories,
    ChatSender sender,
    TimeProvider timeProvider,
    ILogger<DigestScheduler> logger)
{
    /// <summary>How long a run may hold a chat before another run may take it over; renewed at each write.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>The most stories one digest carries (oldest first); the rest wait for the next one.</summary>
    public const int MaxStoriesPerDigest = 200;

    public async Task<DigestRunReport> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var runId = Guid.NewGuid().ToString("N");
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
                if (await RunChatAsync(chat, now, runId, cancellationToken) is { } outcome)
                {
                    outcomes.Add(outcome);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Digest for chat {ChatId} failed; its queue is kept for the next run", chat.ChatId);
                outcomes.Add(new DigestChatOutcome(chat.ChatId, DigestChatStatus.Failed, [], 0, e.Message));
            }
        }

        var report = new DigestRunReport(checkedChats, outcomes);
        if (outcomes.Count > 0)
        {
            logger.LogInformation(
                "Digest run {RunId}: {ChatsChecked} chats checked, {DigestsSent} digests sent ({MessagesSent} messages, {StoriesSent} stories), {Failed} failed",
                runId, report.ChatsChecked, report.DigestsSent, report.MessagesSent, report.StoriesSent, report.Failed);
        }

        return report;
    }

    /// <returns>Null when the chat was not due.</returns>
    private async Task<DigestChatOutcome?> RunChatAsync(ChatSubscription chat, DateTimeOffset now, string runId, CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        string title;
        if (chat.Mode == DeliveryMode.Digest)
        {
            var timetable = DigestTimetable.For(chat, out var problem);
            if (problem is not null)
            {
                logger.LogWarning("Chat {ChatId} has digest settings that cannot be used ({Problem}); using the defaults", chat.ChatId, problem);
            }

            if (timetable.LatestAtOrBefore(now) is not { } latest || chat.LastDigestAt >= latest)
            {
                return null;
            }

            slot = latest;
            var local = TimeZoneInfo.ConvertTime(slot, timetable.Zone);
            title = HtmlText.Escape(string.Create(CultureInfo.InvariantCulture, $"Your digest, {local:ddd d MMM, HH:mm} ({timetable.Zone.Id})"));
        }
        else
        {
            if ((chat.DigestTimes.Count == 0 && chat.LastDigestAt is null) || !await HasQueuedAsync(chat.ChatId, cancellationToken))
            {
                return null;
            }

            slot = now;
            title = "Stories queued before you switched to instant alerts";
        }

        var path = DigestPaths.Run(chat.ChatId);
        var current = await store.GetJsonAsync<DigestRunState>(path, cancellationToken);
        if (!IsDue(chat, current?.Value, slot))
        {
            return null;
        }

        if (current is null)
        {
            // First digest of this chat: create the run document unclaimed (every racer writes the same
            // bytes), then claim it below by replace-if-ETag like any other time.
            await store.TryCreateJsonAsync(path, new DigestRunState { ChatId = chat.ChatId }, cancellationToken);
            current = await store.GetJsonAsync<DigestRunState>(path, cancellationToken);
            if (current is null || !IsDue(chat, current.Value, slot))
            {
                return null;
            }
        }

        if (current.Value.Claim is { } claim && claim.Until > timeProvider.GetUtcNow())
        {
            logger.LogInformation("Chat {ChatId}: run {OtherRunId} is sending its digest", chat.ChatId, claim.RunId);
            return new DigestChatOutcome(chat.ChatId, DigestChatStatus.Busy, [], 0);
        }

        var lease = await DigestRunLease.TryAcquireAsync(store, timeProvider, ClaimLease, current, runId, cancellationToken);
        if (lease is null)
        {
            logger.LogInformation("Chat {ChatId}: another run claimed its digest first", chat.ChatId);
            return new DigestChatOutcome(chat.ChatId, DigestChatStatus.Busy, [], 0);
        }

        return await SendAsync(chat, slot, title, lease, cancellationToken);
    }

    private async Task<DigestChatOutcome> SendAsync(
        ChatSubscription chat, DateTimeOffset slot, string title, DigestRunLease lease, CancellationToken cancellationToken)
    {
        var recovered = await FinishRecordedPartsAsync(chat.ChatId, lease, cancellationToken);
        // In the chat's language where the sender had it written when it queued the story (no model call here).
        var items = (await ReadQueueAsync(chat.ChatId, cancellationToken))
            .Select(i => i with { Story = i.Story with { Summary = StoryTranslations.Known(i.Story, chat.SummaryLanguage).Summary } })
            .ToList();
        if (items.Count == 0)
        {
            await lease.ReleaseAsync(s => s with { HandledThrough = Later(s.HandledThrough, slot), Sent = [] }, cancellationToken);
            if (recovered is { } at)
            {
                await SetLastDigestAtAsync(chat.ChatId, at, cancellationToken);
            }

            return new DigestChatOutcome(chat.ChatId, DigestChatStatus.Empty, [], 0);
        }

        var parts = DigestFormatter.Format(items, title, chat.Topics);
        var messageIds = new List<long>();
        var storyCount = 0;
        string? refusal = null;
        var target = chat.ChatId;
        try
        {
            foreach (var part in parts)
            {
                // The outcomes of a send (moved, gone, refused) are decided in ChatSender, which also
                // moves or deactivates the chat's subscriptions; here they only steer the digest.
                var result = await sender.SendAsync(target, part.Message, cancellationToken);
                if (result.Status == SendStatus.ChatMoved && target == chat.ChatId)
                {
                    // The group became a supergroup: the digest goes there. The queue and the ledger stay
                    // under the group's id, and are cleared as usual.
                    logger.LogInformation("Chat {ChatId} became the supergroup {NewChatId}; sending the digest there", chat.ChatId, result.NewChatId);
                    target = result.NewChatId!.Value;
                    result = await sender.SendAsync(target, part.Message, cancellationToken);
                }

                switch (result.Status)
                {
                    case SendStatus.Sent:
                        break;
                    case SendStatus.Refused:
                        // Telegram would refuse this part again at every run: give its stories up (the ledger
                        // says why) and go on with the rest, instead of retrying the digest forever.
                        logger.LogError("Telegram refused part of the digest of chat {ChatId} ({Reason}); its {StoryCount} stories are given up", chat.ChatId, result.Reason, part.Items.Count);
                        refusal = result.Reason;
                        await lease.SaveAsync(s => s, cancellationToken);
                        await GiveUpAsync(chat.ChatId, [.. part.Items.Select(i => i.Entry.StoryId)], result.Reason!, cancellationToken);
                        continue;
                    case SendStatus.ChatGone:
                        // The chat (or the supergroup it became) is deactivated; its queue is kept.
                        logger.LogWarning("Chat {ChatId} is unavailable ({Reason}); keeping its digest queue", target, result.Reason);
                        await TryReleaseAsync(chat.ChatId, lease);
                        return new DigestChatOutcome(chat.ChatId, DigestChatStatus.Unavailable, messageIds, storyCount, result.Reason);
                    default:
                        // Deferred, unanswered, or moved a second time: the queue is kept for the next run.
                        throw new DeliveryDeferredException(target, result.RetryAfter, result.Reason ?? result.Status.ToString());
                }

                var messageId = result.MessageId!.Value;
                messageIds.Add(messageId);
                var sent = new DigestSentPart(messageId, [.. part.Items.Select(i => i.Entry.StoryId)], timeProvider.GetUtcNow());

                // Record first: from here on a crash is finished by the next run, not sent again.
                await lease.SaveAsync(s => s with { Sent = [sent], LastSentAt = sent.SentAt }, cancellationToken);
                await ClearAsync(chat.ChatId, sent, cancellationToken);
                storyCount += part.Items.Count;
            }
        }
        catch (Exception e) when (e is not DigestClaimLostException)
        {
            await TryReleaseAsync(chat.ChatId, lease);
            throw;
        }

        var sentAt = lease.State.LastSentAt ?? timeProvider.GetUtcNow();
        await lease.ReleaseAsync(s => s with { HandledThrough = Later(s.HandledThrough, slot), Sent = [] }, cancellationToken);
        await SetLastDigestAtAsync(chat.ChatId, sentAt, cancellationToken);
        if (target != chat.ChatId)
        {
            await SetLastDigestAtAsync(target, sentAt, cancellationToken);
        }

        logger.LogInformation(
            "Sent the digest of chat {ChatId}: {StoryCount} stories in {MessageCount} messages", target, storyCount, messageIds.Count);
        return new DigestChatOutcome(target, refusal is null ? DigestChatStatus.Sent : DigestChatStatus.Rejected, messageIds, storyCount, refusal);
    }

    /// <summary>Marks stories Telegram refused for good as failed in the ledger and takes them off the queue.</summary>
    private async Task GiveUpAsync(long chatId, IReadOnlyList<string> storyIds, string reason, CancellationToken cancellationToken)
    {
        foreach (var storyId in storyIds)
        {
            await store.UpdateJsonAsync<DeliveryRecord>(
                DeliveryPaths.Delivery(storyId, chatId),
                record => record is { State: DeliveryState.Queued } ? record with { State = DeliveryState.Failed, Error = reason } : record,
                cancellationToken);
            await store.DeleteAsync(DeliveryPaths.DigestEntry(chatId, storyId), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Clears the stories of messages a previous run recorded as accepted but died before clearing.</summary>
    /// <returns>When the last of them was sent, or null when there were none.</returns>
    private async Task<DateTimeOffset?> FinishRecordedPartsAsync(long chatId, DigestRunLease lease, CancellationToken cancellationToken)
    {
        if (lease.State.Sent.Count == 0)
        {
            return null;
        }

        foreach (var part in lease.State.Sent)
        {
            logger.LogInformation("Chat {ChatId}: clearing the stories of digest message {MessageId} sent by an earlier run", chatId, part.MessageId);
            await ClearAsync(chatId, part, cancellationToken);
        }

        return lease.State.Sent.Max(p => p.SentAt);
    }

    /// <summary>Marks each story of an accepted message Digested in the ledger, then deletes its queue entry.</summary>
    private async Task ClearAsync(long chatId, DigestSentPart part, CancellationToken cancellationToken)
    {
        foreach (var storyId in part.StoryIds)
        {
            await store.UpdateJsonAsync<DeliveryRecord>(
                DeliveryPaths.Delivery(storyId, chatId),
                record => record is { State: DeliveryState.Queued }
                    ? record with { State = DeliveryState.Digested, MessageId = part.MessageId }
                    : record,
                cancellationToken);
            await store.DeleteAsync(DeliveryPaths.DigestEntry(chatId, storyId), cancellationToken: cancellationToken);
        }
    }

    /// <summary>The chat's queued stories, oldest first, with their story documents.</summary>
    private async Task<List<DigestItem>> ReadQueueAsync(long chatId, CancellationToken cancellationToken)
    {
        var entries = new List<DigestQueueEntry>();
        await foreach (var path in store.ListAsync(DeliveryPaths.DigestPrefix(chatId), cancellationToken))
        {
            if (!path.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if ((await store.GetJsonAsync<DigestQueueEntry>(path, cancellationToken))?.Value is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException e)
            {
                logger.LogWarning("Skipping the unreadable digest queue entry {Path}: {Error}", path, e.Message);
            }
        }

        var items = new List<DigestItem>();
        foreach (var entry in entries.OrderBy(e => e.QueuedAt).ThenBy(e => e.StoryId, StringComparer.Ordinal))
        {
            if (items.Count >= MaxStoriesPerDigest)
            {
                break;
            }

            try
            {
                var ledger = await store.GetJsonAsync<DeliveryRecord>(DeliveryPaths.Delivery(entry.StoryId, chatId), cancellationToken);
                if (ledger?.Value.State is DeliveryState.Digested or DeliveryState.Sent)
                {
                    // Already delivered: a report of the story re-created the entry while it was being cleared.
                    await store.DeleteAsync(DeliveryPaths.DigestEntry(chatId, entry.StoryId), cancellationToken: cancellationToken);
                    continue;
                }

                var story = await stories.GetAsync(entry.StoryId, cancellationToken);
                if (story is null)
                {
                    logger.LogWarning("Story {StoryId} queued for chat {ChatId} has no story document; leaving it queued", entry.StoryId, chatId);
                    continue;
                }

                items.Add(new DigestItem(entry, story));
            }
            catch (JsonException e)
            {
                logger.LogWarning("Skipping story {StoryId} queued for chat {ChatId}: unreadable state ({Error})", entry.StoryId, chatId, e.Message);
            }
        }

        return items;
    }

    private async Task<bool> HasQueuedAsync(long chatId, CancellationToken cancellationToken)
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
        catch (JsonException e)
        {
            logger.LogWarning("Skipping the unreadable subscription {Path}: {Error}", path, e.Message);
            return null;
        }
    }

    private async Task SetLastDigestAtAsync(long chatId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        await subscriptions.UpdateAsync(
            chatId,
            // A chat whose document vanished comes back as a fresh default (no UpdatedAt): leave it absent.
            chat => chat.UpdatedAt is null || chat.LastDigestAt >= sentAt ? chat : chat with { LastDigestAt = sentAt },
            cancellationToken);

    /// <summary>Gives the chat up after a failure, keeping what was recorded; if even that fails, the lease expires.</summary>
    private async Task TryReleaseAsync(long chatId, DigestRunLease lease)
    {
        try
        {
            await lease.ReleaseAsync(s => s, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not release the digest claim of chat {ChatId} ({Error}); it expires by itself", chatId, e.Message);
        }
    }

    /// <summary>
    /// Whether <paramref name="slot"/> is later than anything the chat's digests dealt with. Before its
    /// first digest, the chat's last settings change stands in, so that a chat switched to digest mode
    /// at 10:00 gets its first digest at the next time, not for the 08:00 that passed before it asked.
    /// A chat out of digest mode is due whenever it has leftovers (checked by the caller).
    /// </summary>
    private static bool IsDue(ChatSubscription chat, DigestRunState? state, DateTimeOffset slot)
    {
        if (chat.Mode != DeliveryMode.Digest)
        {
            return true;
        }

        var since = Later(state?.HandledThrough, chat.LastDigestAt) ?? chat.UpdatedAt;
        return since is null || since < slot;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}
