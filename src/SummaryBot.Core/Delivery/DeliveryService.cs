using Microsoft.Extensions.Logging;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Core.Delivery;

/// <summary>
/// Carries out one delivery job of the outbox queue: tells one chat (or one forum topic of a chat)
/// about one story, exactly once per (story, chat, topic) as far as Telegram lets anyone know. The
/// ledger entry <c>deliveries/{storyId}/{chatId}.json</c> (<c>{chatId}~{threadId}</c> for a forum
/// topic) decides: it is created before the alert is sent, counts
/// the sends that went unanswered, and holds the message id after; a later report of the story edits
/// that message. Only the holder of the job works on it (the queue hides it from other senders),
/// every ledger write is conditional on the ETag read, and nothing compares two machines' clocks.
/// A send is never repeated blindly: after one unanswered send the alert is sent once more (the
/// result says so), after two it is given up as unconfirmed.
/// The chat's preferences shape each alert: silent (no notification sound) when the chat wants all
/// alerts silent or it is in its quiet hours with the "silent" choice; held until the quiet hours end
/// (the job comes back then, nothing is dropped) with the "hold" choice; link previews as the chat
/// chose. Telegram's limits stay per chat, shared by all its forum topics.
/// </summary>
public sealed class DeliveryService(
    IObjectStore store,
    ChatSender sender,
    ISendGate gate,
    SubscriptionStore subscriptions,
    StoryRepository stories,
    StoryTranslations translations,
    TimeProvider timeProvider,
    SummaryBotMetrics metrics,
    ILogger<DeliveryService> logger)
{
    /// <summary>How long a job waits before it looks again at an alert another job is sending.</summary>
    private static readonly TimeSpan OwnerWait = TimeSpan.FromSeconds(2);

    /// <summary>How long a job waits before it looks again for a summary another job is having written in its chat's language.</summary>
    private static readonly TimeSpan TranslationWait = TimeSpan.FromSeconds(2);

    /// <summary>A job whose model call took longer than this goes back to the queue (at once) before it
    /// sends, so that the send never runs late in the job's visibility window.</summary>
    private static readonly TimeSpan SlowTranslation = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Works on <paramref name="job"/> and says whether it is done (the outcome for the result record)
    /// or must come back later (a 429, a 5xx, a timeout, the chat's turn not yet come).
    /// </summary>
    public Task<JobResult> HandleAsync(DeliveryJob job, CancellationToken cancellationToken = default) =>
        HandleAsync(job, null, cancellationToken);

    /// <inheritdoc cref="HandleAsync(DeliveryJob, CancellationToken)"/>
    /// <param name="stillHeld">Asked right before a message or an edit leaves (after any wait for the
    /// chat's turn): true when the job is still this sender's for a whole request (the sender renews
    /// its hiding if needed), false when it is not, and then nothing is sent.</param>
    public async Task<JobResult> HandleAsync(DeliveryJob job, Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var result = await HandleJobAsync(job, stillHeld, cancellationToken);
        return result.Outcome is { } outcome ? result with { Outcome = outcome with { ThreadId = job.ThreadId } } : result;
    }

    private async Task<JobResult> HandleJobAsync(DeliveryJob job, Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken)
    {
        var chat = await subscriptions.GetAsync(job.Address, cancellationToken);
        if (chat is null || !chat.Active)
        {
            var reason = chat?.DeactivatedReason is { } why ? $"the chat is no longer active ({why})" : "the chat is no longer subscribed";
            return JobResult.Done(new DeliveryOutcome(job.ChatId, null, null, reason));
        }

        var story = await stories.GetAsync(job.StoryId, cancellationToken);
        if (story is null)
        {
            // The article stage stores the story before it enqueues: a missing one was deleted since.
            return JobResult.Done(new DeliveryOutcome(job.ChatId, null, null, $"story {job.StoryId} no longer exists"));
        }

        var path = DeliveryPaths.Delivery(job.StoryId, job.Address);
        while (true)
        {
            var existing = await store.GetJsonAsync<DeliveryRecord>(path, cancellationToken);
            if (job.UpdateOnly && existing?.Value.State is not (DeliveryState.Sent or DeliveryState.Queued or DeliveryState.Digested or DeliveryState.Sending))
            {
                // A later report for a chat its topics did not match: it only updates what the chat has.
                return JobResult.Done(new DeliveryOutcome(job.ChatId, null, null));
            }

            if (existing is null)
            {
                if (chat.Mode == DeliveryMode.Instant && QuietHoursHold(chat) is { } hold)
                {
                    // Before the ledger entry exists, so that nothing waits on an owner for hours.
                    return hold;
                }

                var created = chat.Mode == DeliveryMode.Digest
                    ? NewRecord(job, DeliveryState.Queued)
                    : NewRecord(job, DeliveryState.Sending) with { Articles = [.. story.Sources.Select(s => s.ArticleName)], Owner = job.JobId };
                if (!await store.TryCreateJsonAsync(path, created, cancellationToken))
                {
                    continue; // Another copy of this job created it first: look at what it wrote.
                }

                if (chat.Mode == DeliveryMode.Digest)
                {
                    await EnsureQueuedAsync(job, cancellationToken);

                    // The digest run makes no model calls: have the summary in the chat's language written now.
                    await translations.GetAsync(story, chat.SummaryLanguage, cancellationToken);
                    return JobResult.Done(new DeliveryOutcome(job.ChatId, DeliveryKind.Queued, null));
                }

                continue;
            }

            var record = existing.Value;
            switch (record.State)
            {
                case DeliveryState.Sent:
                    return await UpdateAlertAsync(path, existing, story, chat, job, stillHeld, cancellationToken);
                case DeliveryState.Queued or DeliveryState.Digested:
                    return JobResult.Done(await AddToQueuedAsync(path, job, record, cancellationToken));
                case DeliveryState.Failed or DeliveryState.Unconfirmed:
                    return JobResult.Done(new DeliveryOutcome(job.ChatId, null, null, record.Error));
                default:
                    if (await SendAlertAsync(path, existing, story, chat, job, stillHeld, cancellationToken) is { } result)
                    {
                        return result;
                    }

                    continue; // The entry changed under us: decide again from what is there now.
            }
        }
    }

    /// <summary>
    /// Gives a job up after its last attempt (the sender's, or the Functions host's poison queue): the
    /// ledger says why, unless the chat was reached meanwhile.
    /// </summary>
    public async Task<DeliveryOutcome> GiveUpAsync(DeliveryJob job, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var record = await store.UpdateJsonAsync<DeliveryRecord>(
            DeliveryPaths.Delivery(job.StoryId, job.Address),
            current => current is null || current.State is DeliveryState.Sending
                ? (current ?? NewRecord(job, DeliveryState.Failed)) with
                {
                    State = current?.UncertainSends > 0 ? DeliveryState.Unconfirmed : DeliveryState.Failed,
                    Error = (current?.Error is { } last ? $"{reason} (last: {last})" : reason)
                        + (current?.UncertainSends > 0 ? "; an unanswered send may have arrived" : string.Empty),
                }
                : current,
            cancellationToken);
        logger.LogError("Gave up telling chat {ChatId} about story {StoryId}: {Reason}", job.Address, job.StoryId, reason);
        metrics.AlertFailed();
        var outcome = record?.State switch
        {
            // The chat's message shows this report: it founded the alert, or an earlier copy of this job added it.
            DeliveryState.Sent when record.Articles.Contains(job.ArticleName) =>
                new DeliveryOutcome(job.ChatId, record.Articles[0] == job.ArticleName ? DeliveryKind.Alert : DeliveryKind.Update, record.MessageId, null, record.Resent),
            // The alert went out for an earlier report; this report was never added to it.
            DeliveryState.Sent => new DeliveryOutcome(job.ChatId, null, null, $"the alert was sent, but this report could not be added to it: {reason}"),
            DeliveryState.Queued or DeliveryState.Digested => new DeliveryOutcome(job.ChatId, DeliveryKind.Queued, record.MessageId),
            _ => new DeliveryOutcome(job.ChatId, null, null, record?.Error ?? reason),
        };
        return outcome with { ThreadId = job.ThreadId };
    }

    /// <summary>The chats and forum topics that have a ledger entry for the story (alerted, queued, or being sent).</summary>
    public async Task<IReadOnlyList<ChatAddress>> ChatsToldAsync(string storyId, CancellationToken cancellationToken = default)
    {
        var prefix = DeliveryPaths.DeliveriesPrefix(storyId);
        var chats = new List<ChatAddress>();
        await foreach (var path in store.ListAsync(prefix, cancellationToken))
        {
            if (path.EndsWith(".json", StringComparison.Ordinal)
                && ChatAddress.TryParseKey(path.AsSpan(prefix.Length, path.Length - prefix.Length - ".json".Length), out var chat))
            {
                chats.Add(chat);
            }
        }

        return chats;
    }

    /// <summary>
    /// The alert as this chat wants it: silent when all its alerts are, or when it is in quiet hours
    /// (an alert held for them that is already being sent goes out silently too), link previews as chosen.
    /// </summary>
    private OutboxMessage Shape(OutboxMessage message, ChatSubscription chat) => message with
    {
        Silent = chat.SilentAlerts || QuietHoursWindow.EndIfQuiet(chat, timeProvider.GetUtcNow()) is not null,
        LinkPreview = chat.LinkPreviews,
    };

    /// <summary>A job to come back when the chat's quiet hours end, if it is in quiet hours that hold alerts.</summary>
    private JobResult? QuietHoursHold(ChatSubscription chat)
    {
        var now = timeProvider.GetUtcNow();
        if (chat.QuietHours is not { Action: QuietHoursAction.Hold } || QuietHoursWindow.EndIfQuiet(chat, now) is not { } end)
        {
            return null;
        }

        logger.LogInformation("Holding an alert for chat {ChatId} until its quiet hours end at {QuietHoursEnd}", chat.Address, end);
        return JobResult.Later(end - now, $"held for the chat's quiet hours (until {end:u})", countsAsAttempt: false);
    }

    /// <returns>Null when the entry changed between the read and the claim.</returns>
    private async Task<JobResult?> SendAlertAsync(
        string path, Versioned<DeliveryRecord> existing, StoryDocument story, ChatSubscription chat, DeliveryJob job,
        Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken)
    {
        var record = existing.Value;
        if (record.Owner is { } owner && owner != job.JobId)
        {
            // Another job (another report of the story, or a second copy of this one) is sending this
            // alert: its job comes back from the queue until it is done, so wait for its outcome
            // rather than decide anything about its send.
            return JobResult.Later(OwnerWait, "another job is sending this alert", countsAsAttempt: false);
        }

        if (record.UncertainSends >= ChatSender.MaxUncertainSends)
        {
            var reason = $"Telegram answered none of {record.UncertainSends} sends (one may have arrived); no further copy is sent";
            var given = record with { State = DeliveryState.Unconfirmed, Error = reason };
            return await store.TryReplaceAsync(path, SummaryBotJson.Serialize(given), existing.ETag, cancellationToken) is null
                ? null
                : JobResult.Done(new DeliveryOutcome(job.ChatId, null, null, reason));
        }

        // Before the chat's turn is taken: the model call (made here by the first job of a language) may take a while.
        if (await LocalizeAsync(story, chat, cancellationToken) is not { } summary)
        {
            return JobResult.Later(TranslationWait, "the summary in the chat's language is being written", countsAsAttempt: false);
        }

        if (await gate.ReadyToSendAsync(job.ChatId, stillHeld, timeProvider, cancellationToken) is { } notYet)
        {
            return notYet;
        }

        using var paced = gate.PacesOverallRate ? SharedRateSlot.Enter() : null;

        // Counted before the request leaves: if this process dies with the request in flight, the
        // next holder of the job knows that a copy may have arrived.
        var resend = record.UncertainSends > 0;
        var claim = record with { UncertainSends = record.UncertainSends + 1, Resent = resend };
        var etag = await store.TryReplaceAsync(path, SummaryBotJson.Serialize(claim), existing.ETag, cancellationToken);
        if (etag is null)
        {
            return null;
        }

        if (resend)
        {
            logger.LogWarning("Resending the alert for story {StoryId} to chat {ChatId}: the first send was not answered", job.StoryId, job.ChatId);
        }

        var topic = record.Topic;
        var result = await sender.SendAsync(job.Address, Shape(AlertFormatter.Format(story, topic, record.Evidence, summary), chat), cancellationToken);
        switch (result.Status)
        {
            case SendStatus.Sent:
                var shown = claim.Articles.Union(story.Sources.Select(s => s.ArticleName)).ToList();
                var sent = claim with { State = DeliveryState.Sent, MessageId = result.MessageId, UncertainSends = record.UncertainSends, Error = null, Articles = shown };
                if (await store.TryReplaceAsync(path, SummaryBotJson.Serialize(sent), etag, cancellationToken) is null)
                {
                    logger.LogWarning("Delivery entry {Path} changed while alert {MessageId} was being sent", path, result.MessageId);
                }

                logger.LogInformation("Sent alert {MessageId} for story {StoryId} to chat {ChatId}", result.MessageId, job.StoryId, job.ChatId);

                // A report that joined the story while this alert was on its way may have looked for the
                // chats told before this entry said Sent: add it with an edit, through a job of its own.
                var latest = await stories.GetAsync(job.StoryId, cancellationToken);
                var missed = latest?.Sources.LastOrDefault(s => !shown.Contains(s.ArticleName));
                metrics.AlertSent();
                if (job.ArrivedAt is { } arrivedAt)
                {
                    metrics.AlertedAfter(timeProvider.GetUtcNow() - arrivedAt);
                }

                return JobResult.Done(
                    new DeliveryOutcome(job.ChatId, DeliveryKind.Alert, result.MessageId, null, resend) { SentNow = true },
                    missed is null ? null : job with { ArticleName = missed.ArticleName, UpdateOnly = true, Attempt = 0, JobId = Guid.NewGuid().ToString("N") });
            case SendStatus.Uncertain:
                await TryReplaceAsync(path, claim with { Error = result.Reason }, etag);
                return JobResult.Later(null, result.Reason!);
            case SendStatus.Deferred:
                // Telegram said it took nothing: this attempt does not count as a possible copy.
                await TryReplaceAsync(path, claim with { UncertainSends = record.UncertainSends, Resent = record.Resent, Error = result.Reason }, etag);
                return JobResult.Later(result.RetryAfter, result.Reason!);
            case SendStatus.ChatMoved:
                // The supergroup gets the alert through a job of its own (its outcome is the one the
                // result shows); a second move is not followed.
                await FailAsync(path, claim, etag, result.Reason!);
                return job.MovedFrom is null
                    ? JobResult.Done(new DeliveryOutcome(job.ChatId, null, null), job with { ChatId = result.NewChatId!.Value, MovedFrom = job.ChatId, Attempt = 0 })
                    : JobResult.Done(new DeliveryOutcome(job.ChatId, null, null, result.Reason));
            default:
                await FailAsync(path, claim, etag, result.Reason!);
                metrics.AlertFailed();
                return JobResult.Done(new DeliveryOutcome(job.ChatId, null, null, result.Reason));
        }
    }

    /// <summary>
    /// The story's summary in the chat's language (made here, once per story and language, by the first
    /// job that needs it); null when the job should come back: another job is making it, or this one
    /// made it slowly and the send should start afresh.
    /// </summary>
    private async Task<LocalizedSummary?> LocalizeAsync(StoryDocument story, ChatSubscription chat, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var summary = await translations.GetAsync(story, chat.SummaryLanguage, cancellationToken);
        if (summary.Status == LocalizedSummaryStatus.FellBack)
        {
            logger.LogInformation("Story {StoryId} goes to chat {ChatId} with its own summary, not one in {Language}: {Reason}",
                story.StoryId, chat.ChatId, summary.Language, summary.Reason);
        }

        return summary.Status == LocalizedSummaryStatus.Pending || (summary.MadeNow && timeProvider.GetElapsedTime(started) > SlowTranslation)
            ? null
            : summary;
    }

    private async Task FailAsync(string path, DeliveryRecord claim, string etag, string reason) =>
        await TryReplaceAsync(path, claim with { State = DeliveryState.Failed, UncertainSends = 0, Error = reason }, etag);

    /// <summary>A conditional write whose loss is harmless (the job comes back and reads the entry again).</summary>
    private async Task TryReplaceAsync(string path, DeliveryRecord record, string etag)
    {
        if (await store.TryReplaceAsync(path, SummaryBotJson.Serialize(record), etag, CancellationToken.None) is null)
        {
            logger.LogWarning("Delivery entry {Path} changed during the send; leaving it as it is", path);
        }
    }

    private async Task<JobResult> UpdateAlertAsync(
        string path, Versioned<DeliveryRecord> existing, StoryDocument story, ChatSubscription chat, DeliveryJob job,
        Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken)
    {
        var record = existing.Value;
        if (record.Articles.Contains(job.ArticleName))
        {
            // This report is already shown: an alert it founded, or an update done before a retry.
            var founded = story.Sources.Count > 0 && story.Sources[0].ArticleName == job.ArticleName;
            return JobResult.Done(new DeliveryOutcome(job.ChatId, founded ? DeliveryKind.Alert : DeliveryKind.Update, record.MessageId, null, record.Resent));
        }

        if (await LocalizeAsync(story, chat, cancellationToken) is not { } summary)
        {
            return JobResult.Later(TranslationWait, "the summary in the chat's language is being written", countsAsAttempt: false);
        }

        if (await gate.ReadyToSendAsync(job.ChatId, stillHeld, timeProvider, cancellationToken) is { } notYet)
        {
            return notYet;
        }

        using var paced = gate.PacesOverallRate ? SharedRateSlot.Enter() : null;

        // Edit first, record after: an edit is idempotent, so a crash in between repeats an identical
        // edit, and an unanswered edit is simply made again later.
        var result = await sender.EditAsync(job.Address, record.MessageId!.Value, Shape(AlertFormatter.Format(story, record.Topic, record.Evidence, summary), chat), cancellationToken);
        switch (result.Status)
        {
            case SendStatus.Sent:
                await store.UpdateJsonAsync<DeliveryRecord>(
                    path,
                    current => current is null || current.Articles.Contains(job.ArticleName)
                        ? current
                        : current with { Articles = [.. current.Articles.Union(story.Sources.Select(s => s.ArticleName))] },
                    cancellationToken);
                logger.LogInformation("Updated alert {MessageId} of story {StoryId} in chat {ChatId}", record.MessageId, job.StoryId, job.ChatId);
                metrics.AlertEdited();
                return JobResult.Done(new DeliveryOutcome(job.ChatId, DeliveryKind.Update, record.MessageId));
            case SendStatus.Deferred or SendStatus.Uncertain:
                return JobResult.Later(result.RetryAfter, result.Reason!);
            case SendStatus.ChatMoved when job.MovedFrom is null:
                // The alert is in the group, which takes nothing more: the supergroup it became gets an
                // alert of its own (with every report so far) through a job of its own.
                return JobResult.Done(
                    new DeliveryOutcome(job.ChatId, null, null),
                    job with { ChatId = result.NewChatId!.Value, MovedFrom = job.ChatId, Attempt = 0, Topic = record.Topic, Evidence = record.Evidence, UpdateOnly = false });
            default:
                // The alert went out; only this update could not be made (chat gone, moved, refused).
                return JobResult.Done(new DeliveryOutcome(job.ChatId, null, null, result.Reason));
        }
    }

    private async Task<DeliveryOutcome> AddToQueuedAsync(string path, DeliveryJob job, DeliveryRecord record, CancellationToken cancellationToken)
    {
        if (record.State == DeliveryState.Queued)
        {
            await EnsureQueuedAsync(job with { Topic = record.Topic, Evidence = record.Evidence }, cancellationToken);
        }

        if (!record.Articles.Contains(job.ArticleName))
        {
            await store.UpdateJsonAsync<DeliveryRecord>(
                path,
                current => current is null || current.Articles.Contains(job.ArticleName) ? current : current with { Articles = [.. current.Articles, job.ArticleName] },
                cancellationToken);
        }

        return new DeliveryOutcome(job.ChatId, DeliveryKind.Queued, record.MessageId);
    }

    /// <summary>The digest queue entry comes after the ledger entry: re-creating it on a retry is harmless (create-if-absent).</summary>
    private async Task EnsureQueuedAsync(DeliveryJob job, CancellationToken cancellationToken) =>
        await store.TryCreateJsonAsync(
            DeliveryPaths.DigestEntry(job.Address, job.StoryId),
            new DigestQueueEntry(job.StoryId, job.ChatId, job.Topic, job.Evidence, timeProvider.GetUtcNow()) { ThreadId = job.ThreadId },
            cancellationToken);

    private DeliveryRecord NewRecord(DeliveryJob job, DeliveryState state) => new()
    {
        StoryId = job.StoryId,
        ChatId = job.ChatId,
        ThreadId = job.ThreadId,
        State = state,
        Topic = job.Topic,
        Evidence = job.Evidence,
        Articles = [job.ArticleName],
        CreatedAt = timeProvider.GetUtcNow(),
    };
}

/// <summary>What a delivery job came to: done (with the outcome to record, and perhaps a follow-up job
/// for the supergroup a group became), or to be tried again after a delay.</summary>
public sealed record JobResult(bool IsDone, DeliveryOutcome? Outcome, TimeSpan? RetryAfter, string? Reason, DeliveryJob? FollowUp = null)
{
    /// <summary>False when the job only waited for its chat's turn: that never uses up its attempts.</summary>
    public bool CountsAsAttempt { get; init; } = true;

    public static JobResult Done(DeliveryOutcome outcome, DeliveryJob? followUp = null) => new(true, outcome, null, null, followUp);

    /// <param name="retryAfter">Null: the sender's back-off for the attempt.</param>
    public static JobResult Later(TimeSpan? retryAfter, string reason, bool countsAsAttempt = true) =>
        new(false, null, retryAfter, reason) { CountsAsAttempt = countsAsAttempt };
}

/// <summary><c>digests/{chatId}/{storyId}.json</c> (<c>digests/{chatId}~{threadId}/…</c> for a forum topic): a story waiting for the chat's next digest.</summary>
public sealed record DigestQueueEntry(string StoryId, long ChatId, string Topic, IReadOnlyList<string> Evidence, DateTimeOffset QueuedAt)
{
    /// <summary>The forum topic whose digest the story waits for; null for the chat itself.</summary>
    public int? ThreadId { get; init; }
}
