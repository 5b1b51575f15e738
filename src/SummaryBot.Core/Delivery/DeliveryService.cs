using Microsoft.Extensions.Logging;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Telemetry;
using SummaryBot.Core.Topics;

namespace SummaryBot.Core.Delivery;

/// <summary>
/// Delivers one story to one chat, exactly once per (story, chat), whatever retries and races do:
/// the ledger entry is created before sending (only the creator sends), holds the message id after,
/// and a later report of the same story edits that message instead of sending another. A sender
/// that died mid-way leaves a lease that expires, after which the next attempt sends (the only
/// at-least-once window: a crash after Telegram accepted the message but before the id was stored).
/// </summary>
public sealed class DeliveryService(
    IObjectStore store,
    IOutbox outbox,
    SubscriptionService subscriptions,
    TimeProvider timeProvider,
    SummaryBotMetrics metrics,
    ILogger<DeliveryService> logger)
{
    public static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Tells the chat about the story: a first alert, an edit of the alert sent for an earlier report,
    /// or a digest queue entry. A chat Telegram can no longer reach is deactivated; a message Telegram
    /// refuses is given up for that chat (the outcome says why); a group that became a supergroup has
    /// its subscriptions moved and is told there. Only failures worth retrying (storage, the network,
    /// Telegram's 5xx) throw.
    /// </summary>
    public Task<DeliveryOutcome> DeliverAsync(
        StoryDocument story, string articleName, TopicMatch match, ChatSubscription chat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(chat);
        return DeliverAsync(story, articleName, match, chat, followMove: true, cancellationToken);
    }

    private async Task<DeliveryOutcome> DeliverAsync(
        StoryDocument story, string articleName, TopicMatch match, ChatSubscription chat, bool followMove, CancellationToken cancellationToken)
    {
        var path = StatePaths.Delivery(story.StoryId, chat.ChatId);
        try
        {
            // Most deliveries are new: try the create first and read only when an entry exists (a
            // failed create writes nothing), which saves a read per chat.
            var createFirst = true;
            while (true)
            {
                var existing = createFirst ? null : await store.GetJsonAsync<DeliveryRecord>(path, cancellationToken);
                createFirst = false;
                if (existing is null)
                {
                    var outcome = chat.Mode == DeliveryMode.Digest
                        ? await TryQueueAsync(path, story, articleName, match, chat, cancellationToken)
                        : await TrySendAlertAsync(path, story, articleName, match, chat, null, cancellationToken);
                    if (outcome is not null)
                    {
                        return outcome;
                    }

                    continue; // Lost the race to create the entry: look at what the winner wrote.
                }

                var record = existing.Value;
                switch (record.State)
                {
                    case DeliveryState.Sent:
                        return await UpdateAlertAsync(path, existing, story, articleName, chat, cancellationToken);
                    case DeliveryState.Queued:
                    case DeliveryState.Digested:
                        return await AddToQueuedAsync(path, story, articleName, chat, record, cancellationToken);
                    case DeliveryState.Failed:
                        return new DeliveryOutcome(chat.ChatId, null, null, record.Error);
                    case DeliveryState.Sending when record.LeaseUntil <= timeProvider.GetUtcNow():
                        // The sender died before recording the message id: take the entry over.
                        var outcome = await TrySendAlertAsync(path, story, articleName, match, chat, existing, cancellationToken);
                        if (outcome is not null)
                        {
                            return outcome;
                        }

                        continue;
                    default:
                        // Another worker is sending this very alert right now: wait for its message id.
                        await Task.Delay(WaitStep, cancellationToken);
                        continue;
                }
            }
        }
        catch (ChatUnavailableException e)
        {
            logger.LogWarning("Chat {ChatId} is unavailable ({Reason}); deactivating its subscriptions", chat.ChatId, e.Reason);
            await subscriptions.DeactivateAsync(chat.ChatId, e.Reason, cancellationToken);
            await GiveUpAsync(path, story, articleName, match, chat, e.Reason, cancellationToken);
            metrics.AlertFailed();
            return new DeliveryOutcome(chat.ChatId, null, null, e.Reason);
        }
        catch (MessageRejectedException e)
        {
            // Sending the same message again would be refused the same way, and failing the article for
            // it would also hold back every chat after this one: give up here, say why, keep the chat.
            logger.LogWarning("Telegram refused the message about story {StoryId} for chat {ChatId} ({Reason})", story.StoryId, chat.ChatId, e.Reason);
            await GiveUpAsync(path, story, articleName, match, chat, e.Reason, cancellationToken);
            metrics.AlertFailed();
            return new DeliveryOutcome(chat.ChatId, null, null, e.Reason);
        }
        catch (ChatMigratedException e)
        {
            var reason = $"the group became the supergroup {e.NewChatId}";
            logger.LogInformation("Chat {ChatId} became the supergroup {NewChatId}; moving its subscriptions there", chat.ChatId, e.NewChatId);
            await GiveUpAsync(path, story, articleName, match, chat, reason, cancellationToken);
            var moved = await subscriptions.MoveChatAsync(chat.ChatId, e.NewChatId, cancellationToken);

            // The supergroup has its own ledger entry: it gets the alert (or its digest entry) there, and
            // later reports of the story edit that. One move per delivery: a second one is not followed.
            return followMove && moved is { Active: true } && moved.ChatId == e.NewChatId
                ? await DeliverAsync(story, articleName, match with { ChatId = e.NewChatId }, moved, followMove: false, cancellationToken)
                : new DeliveryOutcome(chat.ChatId, null, null, reason);
        }
    }

    /// <summary>The chats that have a ledger entry for the story (alerted, queued, or being sent).</summary>
    public async Task<IReadOnlyList<long>> ChatsToldAsync(string storyId, CancellationToken cancellationToken = default)
    {
        var prefix = StatePaths.DeliveriesPrefix(storyId);
        var chats = new List<long>();
        await foreach (var path in store.ListAsync(prefix, cancellationToken))
        {
            if (long.TryParse(path.AsSpan(prefix.Length, path.Length - prefix.Length - ".json".Length), out var chatId))
            {
                chats.Add(chatId);
            }
        }

        return chats;
    }

    /// <summary>
    /// Adds a new report to a chat's existing alert (or queued digest entry) for the story; never
    /// creates a first alert. Null when the chat has no usable entry for the story.
    /// </summary>
    public async Task<DeliveryOutcome?> UpdateExistingAsync(
        StoryDocument story, string articleName, ChatSubscription chat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(chat);
        var existing = await store.GetJsonAsync<DeliveryRecord>(StatePaths.Delivery(story.StoryId, chat.ChatId), cancellationToken);
        if (existing?.Value.State is not (DeliveryState.Sent or DeliveryState.Queued or DeliveryState.Digested))
        {
            return null;
        }

        var record = existing.Value;
        return await DeliverAsync(story, articleName, new TopicMatch(chat.ChatId, record.Topic, record.Evidence), chat, cancellationToken);
    }

    /// <returns>Null when another worker created or took over the entry first.</returns>
    private async Task<DeliveryOutcome?> TrySendAlertAsync(
        string path, StoryDocument story, string articleName, TopicMatch match, ChatSubscription chat,
        Versioned<DeliveryRecord>? expired, CancellationToken cancellationToken)
    {
        var claim = NewRecord(story, articleName, match, chat, DeliveryState.Sending) with
        {
            LeaseUntil = timeProvider.GetUtcNow() + SendLease,
            Articles = [.. story.Sources.Select(s => s.ArticleName)],
        };
        var etag = expired is null
            ? await store.TryCreateAsync(path, SummaryBotJson.Serialize(claim), cancellationToken)
            : await store.TryReplaceAsync(path, SummaryBotJson.Serialize(claim), expired.ETag, cancellationToken);
        if (etag is null)
        {
            return null;
        }

        long messageId;
        try
        {
            messageId = await outbox.SendAsync(chat.ChatId, AlertFormatter.Format(story, match.Topic, match.Evidence), cancellationToken);
        }
        catch (Exception e) when (e is not (ChatUnavailableException or ChatMigratedException or MessageRejectedException))
        {
            // The send failed (after the HTTP pipeline's own retries): end the lease now, so that the
            // retry of this article sends at once instead of waiting for the lease to run out. Whether
            // Telegram got the message is as unknown now as it would be then.
            await EndLeaseAsync(path, claim, etag);
            throw;
        }

        var sent = claim with { State = DeliveryState.Sent, MessageId = messageId, LeaseUntil = null };
        if (await store.TryReplaceAsync(path, SummaryBotJson.Serialize(sent), etag, cancellationToken) is null)
        {
            logger.LogWarning("Delivery entry {Path} changed while alert {MessageId} was being sent", path, messageId);
        }

        logger.LogInformation("Sent alert {MessageId} for story {StoryId} to chat {ChatId}", messageId, story.StoryId, chat.ChatId);
        metrics.AlertSent();
        return new DeliveryOutcome(chat.ChatId, DeliveryKind.Alert, messageId) { SentNow = true };
    }

    /// <summary>Records that this delivery was given up, unless it had already been made (an edit that failed).</summary>
    private async Task GiveUpAsync(
        string path, StoryDocument story, string articleName, TopicMatch match, ChatSubscription chat, string reason, CancellationToken cancellationToken) =>
        await store.UpdateJsonAsync<DeliveryRecord>(
            path,
            current => current is null || current.State is DeliveryState.Sending
                ? (current ?? NewRecord(story, articleName, match, chat, DeliveryState.Failed)) with { State = DeliveryState.Failed, Error = reason, LeaseUntil = null }
                : current,
            cancellationToken);

    private async Task EndLeaseAsync(string path, DeliveryRecord claim, string etag)
    {
        try
        {
            await store.TryReplaceAsync(path, SummaryBotJson.Serialize(claim with { LeaseUntil = timeProvider.GetUtcNow() }), etag, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The send's own failure is what the caller hears about; this lease then runs out by itself.
            logger.LogWarning("Could not end the send lease of {Path} ({Error}); it expires by itself", path, e.Message);
        }
    }

    private async Task<DeliveryOutcome> UpdateAlertAsync(
        string path, Versioned<DeliveryRecord> existing, StoryDocument story, string articleName, ChatSubscription chat, CancellationToken cancellationToken)
    {
        var record = existing.Value;
        if (record.Articles.Contains(articleName))
        {
            // This report is already shown: an alert it founded, or an update done before a retry.
            var founded = story.Sources.Count > 0 && story.Sources[0].ArticleName == articleName;
            return new DeliveryOutcome(chat.ChatId, founded ? DeliveryKind.Alert : DeliveryKind.Update, record.MessageId);
        }

        // Edit first, record after: a crash in between repeats an identical edit, which is harmless.
        await outbox.EditAsync(chat.ChatId, record.MessageId!.Value, AlertFormatter.Format(story, record.Topic, record.Evidence), cancellationToken);
        await store.UpdateJsonAsync<DeliveryRecord>(
            path,
            current => current is null || current.Articles.Contains(articleName)
                ? current
                : current with { Articles = [.. current.Articles.Union(story.Sources.Select(s => s.ArticleName))] },
            cancellationToken);
        logger.LogInformation("Updated alert {MessageId} of story {StoryId} in chat {ChatId}", record.MessageId, story.StoryId, chat.ChatId);
        metrics.AlertEdited();
        return new DeliveryOutcome(chat.ChatId, DeliveryKind.Update, record.MessageId);
    }

    private async Task<DeliveryOutcome?> TryQueueAsync(
        string path, StoryDocument story, string articleName, TopicMatch match, ChatSubscription chat, CancellationToken cancellationToken)
    {
        var record = NewRecord(story, articleName, match, chat, DeliveryState.Queued);
        if (!await store.TryCreateJsonAsync(path, record, cancellationToken))
        {
            return null;
        }

        // The digest queue entry comes second: the digest sender reads the queue, and re-creating it on
        // a retry is harmless (create-if-absent).
        await EnsureQueuedAsync(story, match, chat, cancellationToken);
        return new DeliveryOutcome(chat.ChatId, DeliveryKind.Queued, null);
    }

    private async Task<DeliveryOutcome> AddToQueuedAsync(
        string path, StoryDocument story, string articleName, ChatSubscription chat, DeliveryRecord record, CancellationToken cancellationToken)
    {
        if (record.State == DeliveryState.Queued)
        {
            await EnsureQueuedAsync(story, new TopicMatch(chat.ChatId, record.Topic, record.Evidence), chat, cancellationToken);
        }

        if (!record.Articles.Contains(articleName))
        {
            await store.UpdateJsonAsync<DeliveryRecord>(
                path,
                current => current is null || current.Articles.Contains(articleName) ? current : current with { Articles = [.. current.Articles, articleName] },
                cancellationToken);
        }

        return new DeliveryOutcome(chat.ChatId, DeliveryKind.Queued, record.MessageId);
    }

    private async Task EnsureQueuedAsync(StoryDocument story, TopicMatch match, ChatSubscription chat, CancellationToken cancellationToken) =>
        await store.TryCreateJsonAsync(
            StatePaths.DigestEntry(chat.ChatId, story.StoryId),
            new DigestQueueEntry(story.StoryId, chat.ChatId, match.Topic, match.Evidence, timeProvider.GetUtcNow()),
            cancellationToken);

    private DeliveryRecord NewRecord(StoryDocument story, string articleName, TopicMatch match, ChatSubscription chat, DeliveryState state) => new()
    {
        StoryId = story.StoryId,
        ChatId = chat.ChatId,
        State = state,
        Topic = match.Topic,
        Evidence = match.Evidence,
        Articles = [articleName],
        CreatedAt = timeProvider.GetUtcNow(),
    };
}

/// <summary><c>digests/{chatId}/{storyId}.json</c>: a story waiting for the chat's next digest.</summary>
public sealed record DigestQueueEntry(string StoryId, long ChatId, string Topic, IReadOnlyList<string> Evidence, DateTimeOffset QueuedAt);
