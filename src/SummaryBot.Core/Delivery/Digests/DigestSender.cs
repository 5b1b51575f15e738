using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery.Digests;

/// <summary>
/// Carries out a <see cref="DigestJob"/> from the outbox queue: sends one chat the digest of the
/// stories queued for it, under a claim on its run document (see the design note in
/// <see cref="DigestScheduler"/>), and clears what it sent. A digest leaves like an alert: through
/// <see cref="ChatSender"/> under the send limits shared by every sender (<see cref="ISendGate"/>),
/// and whatever must wait becomes queue behaviour: a 429 brings the job back after retry_after, a 5xx
/// or an unanswered send after a back-off, a chat whose turn has not come when it comes. What was sent
/// before is recorded, so the job comes back to the rest. A chat that is gone is deactivated and keeps
/// its queue. Exactly one digest per (chat, slot): the run document says which slots were dealt with,
/// and an unanswered message is sent at most once more (<see cref="ChatSender.MaxUncertainSends"/>).
/// </summary>
public sealed class DigestSender(
    IObjectStore store,
    SubscriptionStore subscriptions,
    StoryRepository stories,
    ChatSender sender,
    ISendGate gate,
    TimeProvider timeProvider,
    ILogger<DigestSender> logger)
{
    /// <summary>How long a job waits before it looks again at a chat whose digest another job is sending.</summary>
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(2);

    /// <summary>Works on <paramref name="job"/>: done (with what became of the chat's digest, null when
    /// there was nothing to do), or to come back later.</summary>
    public Task<(JobResult Result, DigestChatOutcome? Outcome)> HandleAsync(DigestJob job, CancellationToken cancellationToken = default) =>
        HandleAsync(job, null, cancellationToken);

    /// <inheritdoc cref="HandleAsync(DigestJob, CancellationToken)"/>
    /// <param name="stillHeld">Asked right before each message leaves (see <see cref="DeliveryService"/>): false, and nothing more is sent.</param>
    public async Task<(JobResult Result, DigestChatOutcome? Outcome)> HandleAsync(
        DigestJob job, Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var chat = await subscriptions.GetAsync(job.Address, cancellationToken);
        if (chat is null || !chat.Active)
        {
            // An inactive chat keeps its queue for when it comes back.
            return (Done, null);
        }

        var (slot, title) = SlotAndTitle(chat, job.Slot);
        var path = DigestPaths.Run(chat.Address);
        var current = await store.GetJsonAsync<DigestRunState>(path, cancellationToken);
        if (!DigestScheduler.IsDue(chat, current?.Value, slot))
        {
            return (Done, null); // Another copy of the job, or an earlier one, dealt with this slot.
        }

        if (current is null)
        {
            // First digest of this chat: create the run document unclaimed (every racer writes the same
            // bytes), then claim it below by replace-if-ETag like any other time.
            await store.TryCreateJsonAsync(path, new DigestRunState { ChatId = chat.ChatId, ThreadId = chat.ThreadId }, cancellationToken);
            current = await store.GetJsonAsync<DigestRunState>(path, cancellationToken);
            if (current is null || !DigestScheduler.IsDue(chat, current.Value, slot))
            {
                return (Done, null);
            }
        }

        if (current.Value.Claim is { } claim && claim.Until > timeProvider.GetUtcNow())
        {
            logger.LogInformation("Chat {ChatId}: run {OtherRunId} is sending its digest", chat.ChatId, claim.RunId);
            // Released when its job is done or must wait; still held, its holder is sending or died
            // mid-send, and the claim expires in either case.
            var held = claim.Until - timeProvider.GetUtcNow() + TimeSpan.FromSeconds(1);
            return (JobResult.Later(held, "another job is sending this digest", countsAsAttempt: false), Busy(chat.ChatId));
        }

        var lease = await DigestRunLease.TryAcquireAsync(store, timeProvider, DigestScheduler.ClaimLease, current, Guid.NewGuid().ToString("N"), cancellationToken);
        if (lease is null)
        {
            logger.LogInformation("Chat {ChatId}: another job claimed its digest first", chat.ChatId);
            return (JobResult.Later(ClaimWait, "another job claimed this digest", countsAsAttempt: false), Busy(chat.ChatId));
        }

        return await SendAsync(chat, slot, title, lease, stillHeld, cancellationToken);
    }

    /// <summary>
    /// Gives a digest job up after its last attempt: the slot counts as dealt with, so the scheduler
    /// does not write the same failing job again, and the stories stay queued for the next digest.
    /// </summary>
    public async Task<DigestChatOutcome> GiveUpAsync(DigestJob job, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await store.UpdateJsonAsync<DigestRunState>(
            DigestPaths.Run(job.Address),
            state => state is null || (state.Claim is { } claim && claim.Until > timeProvider.GetUtcNow())
                ? state
                : state with { HandledThrough = DigestScheduler.Later(state.HandledThrough, job.Slot), Requested = null, UncertainSends = 0 },
            cancellationToken);
        logger.LogError("Gave up the digest of chat {ChatId} for {Slot}: {Reason}; its stories stay queued for the next one", job.ChatId, job.Slot, reason);
        return new DigestChatOutcome(job.ChatId, DigestChatStatus.Failed, [], 0, reason);
    }

    private static JobResult Done => new(true, null, null, null);

    private static DigestChatOutcome Busy(long chatId) => new(chatId, DigestChatStatus.Busy, [], 0);

    /// <summary>
    /// The slot the digest covers and its title. In digest mode, the latest slot that has passed by
    /// now: a job that waited in the queue past the next digest time covers that one too, rather than
    /// leaving it for a second digest. Out of digest mode, the leftovers' job as written.
    /// </summary>
    private (DateTimeOffset Slot, string Title) SlotAndTitle(ChatSubscription chat, DateTimeOffset requested)
    {
        if (chat.Mode != DeliveryMode.Digest)
        {
            return (requested, "Stories queued before you switched to instant alerts");
        }

        var timetable = DigestTimetable.For(chat, out _);
        var slot = timetable.LatestAtOrBefore(timeProvider.GetUtcNow()) is { } latest && latest > requested ? latest : requested;
        var local = TimeZoneInfo.ConvertTime(slot, timetable.Zone);
        return (slot, HtmlText.Escape(string.Create(CultureInfo.InvariantCulture, $"Your digest, {local:ddd d MMM, HH:mm} ({timetable.Zone.Id})")));
    }

    private async Task<(JobResult Result, DigestChatOutcome? Outcome)> SendAsync(
        ChatSubscription chat, DateTimeOffset slot, string title, DigestRunLease lease, Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken)
    {
        var recovered = await FinishRecordedPartsAsync(chat.Address, lease, cancellationToken);
        // In the chat's language where the sender had it written when it queued the story (no model call here).
        var items = (await ReadQueueAsync(chat.Address, cancellationToken))
            .Select(i => i with { Story = i.Story with { Summary = StoryTranslations.Known(i.Story, chat.SummaryLanguage).Summary } })
            .ToList();
        if (items.Count == 0)
        {
            await lease.ReleaseAsync(s => s with { HandledThrough = DigestScheduler.Later(s.HandledThrough, slot), Requested = null, Sent = [] }, cancellationToken);
            if (recovered is { } at)
            {
                await SetLastDigestAtAsync(chat.Address, at, cancellationToken);
            }

            return (Done, new DigestChatOutcome(chat.ChatId, DigestChatStatus.Empty, [], 0));
        }

        var parts = DigestFormatter.Format(items, title, chat.Topics);

        // The chat chose its digest times, so a digest in its quiet hours goes out, silently, whether
        // its quiet hours send alerts silently or hold them.
        var silent = chat.SilentAlerts || QuietHoursWindow.EndIfQuiet(chat, timeProvider.GetUtcNow()) is not null;
        var messageIds = new List<long>();
        var storyCount = 0;
        string? refusal = null;
        ChatAddress target = chat.Address;
        try
        {
            foreach (var part in parts)
            {
                var storyIds = part.Items.Select(i => i.Entry.StoryId).ToList();
                var (result, later) = await SendPartAsync(target, part.Message with { Silent = silent, LinkPreview = chat.LinkPreviews }, storyIds, lease, stillHeld, cancellationToken);
                if (later is not null)
                {
                    // Sent parts are recorded and cleared: the job comes back to the rest.
                    await TryReleaseAsync(chat.Address, lease);
                    return (later, new DigestChatOutcome(chat.ChatId, DigestChatStatus.Failed, messageIds, storyCount, later.Reason));
                }

                if (result!.Status == SendStatus.ChatMoved && target == chat.Address)
                {
                    // The group became a supergroup (ChatSender moved its subscriptions): the digest goes
                    // there. The queue and the ledger stay under the group's id, and are cleared as usual.
                    logger.LogInformation("Chat {ChatId} became the supergroup {NewChatId}; sending the digest there", chat.ChatId, result.NewChatId);
                    target = result.NewChatId!.Value;
                    (result, later) = await SendPartAsync(target, part.Message with { Silent = silent, LinkPreview = chat.LinkPreviews }, storyIds, lease, stillHeld, cancellationToken);
                    if (later is not null)
                    {
                        await TryReleaseAsync(chat.Address, lease);
                        return (later, new DigestChatOutcome(chat.ChatId, DigestChatStatus.Failed, messageIds, storyCount, later.Reason));
                    }
                }

                switch (result!.Status)
                {
                    case SendStatus.Sent:
                        break;
                    case SendStatus.Refused:
                        // Telegram would refuse this part again every time: give its stories up (the ledger
                        // says why) and go on with the rest, instead of retrying the digest forever.
                        logger.LogError("Telegram refused part of the digest of chat {ChatId} ({Reason}); its {StoryCount} stories are given up", chat.ChatId, result.Reason, part.Items.Count);
                        refusal = result.Reason;
                        await GiveUpStoriesAsync(chat.Address, storyIds, result.Reason!, cancellationToken);
                        continue;
                    case SendStatus.ChatGone:
                        // The chat (or the supergroup it became) is deactivated; its queue is kept.
                        logger.LogWarning("Chat {ChatId} is unavailable ({Reason}); keeping its digest queue", target, result.Reason);
                        await TryReleaseAsync(chat.Address, lease);
                        return (Done, new DigestChatOutcome(chat.ChatId, DigestChatStatus.Unavailable, messageIds, storyCount, result.Reason));
                    case SendStatus.Uncertain when lease.State.UncertainSends >= ChatSender.MaxUncertainSends:
                        refusal = $"Telegram answered none of {lease.State.UncertainSends} sends of a digest message (one may have arrived); its stories are not sent again";
                        logger.LogError("Chat {ChatId}: {Reason}", chat.ChatId, refusal);
                        await lease.SaveAsync(s => s with { UncertainSends = 0 }, cancellationToken);
                        await GiveUpStoriesAsync(chat.Address, storyIds, refusal, cancellationToken);
                        continue;
                    default:
                        // Deferred (429, 5xx), unanswered, or moved a second time: the job comes back later.
                        await TryReleaseAsync(chat.Address, lease);
                        var retry = JobResult.Later(result.RetryAfter, result.Reason ?? result.Status.ToString());
                        return (retry, new DigestChatOutcome(chat.ChatId, DigestChatStatus.Failed, messageIds, storyCount, retry.Reason));
                }

                var messageId = result.MessageId!.Value;
                messageIds.Add(messageId);
                var sent = new DigestSentPart(messageId, storyIds, timeProvider.GetUtcNow());

                // Record first: from here on a crash is finished by the next job, not sent again.
                await lease.SaveAsync(s => s with { Sent = [sent], LastSentAt = sent.SentAt, UncertainSends = 0 }, cancellationToken);
                await ClearAsync(chat.Address, sent, cancellationToken);
                storyCount += part.Items.Count;
            }
        }
        catch (Exception e) when (e is not DigestClaimLostException)
        {
            await TryReleaseAsync(chat.Address, lease);
            throw;
        }

        var sentAt = lease.State.LastSentAt ?? timeProvider.GetUtcNow();
        await lease.ReleaseAsync(s => s with { HandledThrough = DigestScheduler.Later(s.HandledThrough, slot), Requested = null, Sent = [] }, cancellationToken);
        await SetLastDigestAtAsync(chat.Address, sentAt, cancellationToken);
        if (target != chat.Address)
        {
            await SetLastDigestAtAsync(target, sentAt, cancellationToken);
        }

        logger.LogInformation(
            "Sent the digest of chat {ChatId}: {StoryCount} stories in {MessageCount} messages", target, storyCount, messageIds.Count);
        return (Done, new DigestChatOutcome(target.ChatId, refusal is null ? DigestChatStatus.Sent : DigestChatStatus.Rejected, messageIds, storyCount, refusal));
    }

    /// <summary>
    /// Sends one digest message once the chat's turn has come, counting the send in the run document
    /// before it leaves (a send that goes unanswered may have arrived, and a crash mid-send looks the same).
    /// </summary>
    /// <returns>What Telegram answered, or the job's <see cref="JobResult"/> when the chat's turn is not near.</returns>
    private async Task<(SendResult? Result, JobResult? Later)> SendPartAsync(
        ChatAddress target, OutboxMessage message, List<string> storyIds, DigestRunLease lease, Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken)
    {
        if (lease.State.UncertainSends >= ChatSender.MaxUncertainSends)
        {
            // Already unanswered twice (this run or one that died mid-send): no third copy.
            return (new SendResult(SendStatus.Uncertain, Reason: "unanswered"), null);
        }

        if (await gate.ReadyToSendAsync(target.ChatId, stillHeld, timeProvider, cancellationToken) is { } notYet)
        {
            return (null, notYet);
        }

        if (lease.State.UncertainSends > 0)
        {
            logger.LogWarning("Resending a digest message to chat {ChatId} ({StoryCount} stories): the last send was not answered", target, storyIds.Count);
        }

        await lease.SaveAsync(s => s with { UncertainSends = s.UncertainSends + 1 }, cancellationToken);
        using var paced = gate.PacesOverallRate ? SharedRateSlot.Enter() : null;
        var result = await sender.SendAsync(target, message, cancellationToken);
        if (result.Status is not (SendStatus.Sent or SendStatus.Uncertain))
        {
            // Telegram answered: nothing of this send can have arrived.
            await lease.SaveAsync(s => s with { UncertainSends = s.UncertainSends - 1 }, cancellationToken);
        }

        return (result, null);
    }

    /// <summary>Marks stories given up (refused for good, or unanswered twice) as failed in the ledger and takes them off the queue.</summary>
    private async Task GiveUpStoriesAsync(ChatAddress chatId, List<string> storyIds, string reason, CancellationToken cancellationToken)
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
    private async Task<DateTimeOffset?> FinishRecordedPartsAsync(ChatAddress chatId, DigestRunLease lease, CancellationToken cancellationToken)
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
    private async Task ClearAsync(ChatAddress chatId, DigestSentPart part, CancellationToken cancellationToken)
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
    private async Task<List<DigestItem>> ReadQueueAsync(ChatAddress chatId, CancellationToken cancellationToken)
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
            if (items.Count >= DigestScheduler.MaxStoriesPerDigest)
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

    private async Task SetLastDigestAtAsync(ChatAddress chatId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        await subscriptions.UpdateAsync(
            chatId,
            // A chat whose document vanished comes back as a fresh default (no UpdatedAt): leave it absent.
            chat => chat.UpdatedAt is null || chat.LastDigestAt >= sentAt ? chat : chat with { LastDigestAt = sentAt },
            cancellationToken);

    /// <summary>Gives the chat up after a failure, keeping what was recorded; if even that fails, the lease expires.</summary>
    private async Task TryReleaseAsync(ChatAddress chatId, DigestRunLease lease)
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

}
