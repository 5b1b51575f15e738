using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Delivery.Digests;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>A sender pass: what it received and what became of it (fan-outs expanded count as done),
/// and what became of each digest job it worked on.</summary>
public sealed record DeliveryPassReport(int Received, int Done, int Later, int Unreadable)
{
    public static readonly DeliveryPassReport Empty = new(0, 0, 0, 0);

    public IReadOnlyList<DigestChatOutcome> Digests { get; init; } = [];

    public DeliveryPassReport Add(DeliveryPassReport other) =>
        new(Received + other.Received, Done + other.Done, Later + other.Later, Unreadable + other.Unreadable) { Digests = [.. Digests, .. other.Digests] };
}

/// <summary>
/// The sender: takes delivery jobs (and digest jobs, and fan-outs that it expands into delivery jobs)
/// off the outbox queue and carries them out, many at once, so that a
/// slow or broken chat holds one job slot for at most one request, never the others. A job that must
/// wait (429, 5xx, a timeout, its chat's turn) goes back to the queue for that long instead of
/// blocking anything. A send starts only while the job will stay hidden for a whole request, so the
/// queue never hands it to a second sender while its request is still on the way. After
/// <c>Delivery:MaxAttempts</c> attempts a job is given up and the ledger and the result say why.
/// Runs in the CLI's <c>run</c> loop (<see cref="RunPassAsync"/>) and behind the Functions queue
/// trigger (<see cref="HandleTriggeredAsync"/>).
/// </summary>
public sealed class DeliveryQueueProcessor(
    IDeliveryQueue queue,
    DeliveryService delivery,
    DigestSender digests,
    IDeliveryOutcomeSink results,
    IOptions<DeliveryOptions> options,
    IOptions<Telegram.TelegramOptions> telegramOptions,
    TimeProvider timeProvider,
    ILogger<DeliveryQueueProcessor> logger)
{
    private readonly DeliveryOptions _options = options.Value;

    /// <summary>The longest one send may take: the job must stay hidden at least this long after it starts.</summary>
    private TimeSpan RequestTime => TimeSpan.FromSeconds(telegramOptions.Value.RequestTimeoutSeconds + 5);

    /// <summary>
    /// Writes the jobs of an article to the queue (the last step of the article stage): a few as
    /// themselves, many as fan-outs that the senders expand (<see cref="DeliveryFanOut"/>), so the
    /// article stage writes a few dozen messages whatever the number of chats.
    /// </summary>
    public async Task EnqueueAsync(IEnumerable<DeliveryJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        await queue.EnqueueManyAsync(DeliveryFanOut.Messages([.. jobs]), cancellationToken);
    }

    /// <summary>Receives one batch of visible jobs and carries them out.</summary>
    public async Task<DeliveryPassReport> RunPassAsync(CancellationToken cancellationToken = default)
    {
        var messages = await queue.ReceiveAsync(_options.BatchSize, _options.VisibilityTimeout, cancellationToken);
        if (messages.Count == 0)
        {
            return DeliveryPassReport.Empty;
        }

        var receivedAt = timeProvider.GetTimestamp();
        var done = new ConcurrentQueue<(QueueMessage Message, DeliveryJob Job, DeliveryOutcome Outcome)>();
        var digestOutcomes = new ConcurrentQueue<DigestChatOutcome>();
        var later = 0;
        var unreadable = 0;
        var finished = 0;
        await Parallel.ForEachAsync(
            messages,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (message, ct) =>
            {
                var handled = await HandleAsync(message, receivedAt, ct);
                if (handled.Digest is { } digest)
                {
                    digestOutcomes.Enqueue(digest);
                }

                switch (handled)
                {
                    case { Kind: Handling.Unreadable }:
                        Interlocked.Increment(ref unreadable);
                        break;
                    case { Kind: Handling.Done, Job: { } job, Outcome: { } outcome }:
                        done.Enqueue((handled.Message ?? message, job, outcome));
                        break;
                    case { Kind: Handling.Done }:
                        Interlocked.Increment(ref finished);
                        break;
                    default:
                        Interlocked.Increment(ref later);
                        break;
                }
            });

        // The outcomes are recorded before the jobs are deleted: a crash in between runs the jobs again,
        // and the ledger makes that a no-op that records the same outcomes.
        await RecordAsync(done.Select(d => (d.Job.ArticleName, d.Outcome)), cancellationToken);
        foreach (var (message, job, _) in done)
        {
            if (!await queue.DeleteAsync(message, cancellationToken))
            {
                logger.LogWarning("The job for story {StoryId} and chat {ChatId} was received again before it could be deleted", job.StoryId, job.ChatId);
            }
        }

        return new DeliveryPassReport(messages.Count, done.Count + finished, later, unreadable) { Digests = [.. digestOutcomes] };
    }

    /// <summary>
    /// Passes run at once by <see cref="DrainAsync"/> and <see cref="RunAlongsideAsync"/>:
    /// <c>Delivery:Concurrency</c> / <c>Delivery:BatchSize</c>, rounded up. A pass ends by recording
    /// its outcomes and deleting its jobs, during which it sends nothing; with two or more passes at
    /// once another one's jobs are sending meanwhile, so the send rate stays at the limit.
    /// </summary>
    public int Lanes => (_options.Concurrency + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>Runs passes (<see cref="Lanes"/> at once) until none finds a visible job. Jobs waiting to be retried stay in the queue.</summary>
    public async Task<DeliveryPassReport> DrainAsync(CancellationToken cancellationToken = default) =>
        Sum(await Task.WhenAll(Enumerable.Range(0, Lanes).Select(_ => DrainLaneAsync(cancellationToken))));

    /// <summary>
    /// Sends alongside a producer (the article stage of a CLI run): runs passes (<see cref="Lanes"/>
    /// at once) while <paramref name="producer"/> works, pausing briefly when the queue has nothing
    /// visible, and returns once the producer has finished and a pass finds nothing more.
    /// </summary>
    public async Task<DeliveryPassReport> RunAlongsideAsync(Task producer, TimeSpan idlePause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producer);
        return Sum(await Task.WhenAll(Enumerable.Range(0, Lanes).Select(_ => RunLaneAlongsideAsync(producer, idlePause, cancellationToken))));
    }

    private static DeliveryPassReport Sum(IEnumerable<DeliveryPassReport> reports) => reports.Aggregate(DeliveryPassReport.Empty, (a, b) => a.Add(b));

    private async Task<DeliveryPassReport> DrainLaneAsync(CancellationToken cancellationToken)
    {
        var total = DeliveryPassReport.Empty;
        while (true)
        {
            var pass = await RunPassAsync(cancellationToken);
            total = total.Add(pass);
            if (pass.Received == 0)
            {
                return total;
            }
        }
    }

    private async Task<DeliveryPassReport> RunLaneAlongsideAsync(Task producer, TimeSpan idlePause, CancellationToken cancellationToken)
    {
        var total = DeliveryPassReport.Empty;
        while (true)
        {
            var producerDone = producer.IsCompleted;
            var pass = await RunPassAsync(cancellationToken);
            total = total.Add(pass);
            if (pass.Received > 0)
            {
                continue;
            }

            if (producerDone)
            {
                return total;
            }

            await Task.WhenAny(producer, Task.Delay(idlePause, timeProvider, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// The Functions queue trigger's body: carries out one job (a delivery job, a digest job, or a
    /// fan-out, which it expands). The host deletes the message when this returns, so a job that must
    /// wait is put back as a new message, visible after the wait, carrying its attempt count. A job
    /// that fails with an error is put back the same way, after the back-off of its attempt, so that
    /// <c>Delivery:MaxAttempts</c> and the back-off hold in Azure as in a sender pass. Only when that
    /// fails too (the queue cannot be reached) does the exception reach the host, whose retries and
    /// poison queue take over. A message that is none of these is logged with its
    /// <paramref name="messageId"/> and dropped.
    /// </summary>
    public async Task HandleTriggeredAsync(BinaryData body, int dequeueCount, string messageId, CancellationToken cancellationToken = default)
    {
        var work = Parse(body, messageId);
        if (work is null)
        {
            return;
        }

        if (work.FanOut is { } fanOut)
        {
            await ExpandAsync(fanOut, cancellationToken);
            return;
        }

        var attempts = work.Attempt + dequeueCount;
        var (result, _) = await AttemptAsync(work, attempts, null, cancellationToken);
        if (result.IsDone)
        {
            if (work.Job is { } job)
            {
                await FinishAsync(job, result, cancellationToken);
                if (result.Outcome is { } outcome)
                {
                    await results.RecordAsync(job.ArticleName, [outcome], cancellationToken);
                }
            }

            return;
        }

        await queue.EnqueueAsync(work.WithAttempt(result.CountsAsAttempt ? attempts : attempts - 1), result.RetryAfter ?? _options.Backoff(attempts), cancellationToken);
    }

    /// <summary>The Functions poison-queue trigger's body: a job whose invocations the host gave up on
    /// (each failed without putting the job back, or its worker died).</summary>
    public async Task RecordPoisonAsync(BinaryData body, string messageId, CancellationToken cancellationToken = default)
    {
        const string Reason = "the sender failed on every attempt (see the logs)";
        var work = Parse(body, messageId);
        if (work?.Digest is { } digest)
        {
            await digests.GiveUpAsync(digest, Reason, cancellationToken);
            return;
        }

        foreach (var job in work?.FanOut?.FanOut ?? (work?.Job is { } one ? [one] : []))
        {
            var outcome = await delivery.GiveUpAsync(job, Reason, cancellationToken);
            await results.RecordAsync(job.ArticleName, [outcome], cancellationToken);
        }
    }

    /// <summary>Writes the jobs a fan-out stands for; its message is deleted after (a crash in between expands it again, harmlessly).</summary>
    private async Task ExpandAsync(DeliveryFanOut fanOut, CancellationToken cancellationToken)
    {
        var jobs = fanOut.Expand();
        await queue.EnqueueManyAsync([.. jobs.Select(j => j.ToBinary())], cancellationToken);
        logger.LogInformation("Expanded a fan-out into {JobCount} delivery jobs", jobs.Count);
    }

    private enum Handling
    {
        Done,
        Later,
        Unreadable,
    }

    /// <summary>What became of one message: for a delivery job, the job and its outcome once done; for a digest job, its outcome.</summary>
    private sealed record Handled(Handling Kind, DeliveryJob? Job = null, DeliveryOutcome? Outcome = null, DigestChatOutcome? Digest = null)
    {
        /// <summary>The message with its latest receipt (renewing its hiding changes the receipt).</summary>
        public QueueMessage? Message { get; init; }
    }

    /// <summary>
    /// A received job's hold on its message: before each send it renews the message's hiding when less
    /// than a whole request of it is left, and says whether the job is still this sender's.
    /// </summary>
    private sealed class Hold(IDeliveryQueue queue, TimeProvider time, TimeSpan visibility, TimeSpan requestTime, QueueMessage message, long receivedAt)
    {
        private long _hiddenSince = receivedAt;

        public QueueMessage Message { get; private set; } = message;

        public bool Lost { get; private set; }

        public async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
        {
            if (Lost)
            {
                return false;
            }

            if (time.GetElapsedTime(_hiddenSince) + requestTime < visibility)
            {
                return true;
            }

            var renewedAt = time.GetTimestamp();
            if (await queue.MakeVisibleAfterAsync(Message, visibility, cancellationToken) is not { } renewed)
            {
                Lost = true;
                return false;
            }

            Message = renewed;
            _hiddenSince = renewedAt;
            return true;
        }
    }

    private async Task<Handled> HandleAsync(QueueMessage message, long receivedAt, CancellationToken cancellationToken)
    {
        var work = Parse(message.Body, message.Id);
        if (work is null)
        {
            await queue.DeleteAsync(message, cancellationToken);
            return new Handled(Handling.Unreadable);
        }

        var attempts = work.Attempt + message.DequeueCount;
        if (work.FanOut is { } fanOut)
        {
            try
            {
                await ExpandAsync(fanOut, cancellationToken);
                await queue.DeleteAsync(message, cancellationToken);
                return new Handled(Handling.Done);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Expanding a fan-out of {JobCount} delivery jobs failed; it will be retried", fanOut.FanOut.Count);
                await queue.MakeVisibleAfterAsync(message, _options.Backoff(attempts), cancellationToken);
                return new Handled(Handling.Later);
            }
        }

        // Right before each message leaves, the job must stay hidden for a whole request more, so the
        // queue never hands it to a second sender while its request is in flight. Checked there, not
        // here: waits for the chat's turn and a slow store come in between.
        var hold = new Hold(queue, timeProvider, _options.VisibilityTimeout, RequestTime, message, receivedAt);
        var (result, digestOutcome) = await AttemptAsync(work, attempts, hold.StillHeldAsync, cancellationToken);
        var (storyId, chatId) = work.Digest is { } d ? ("(digest)", d.ChatId) : (work.Job!.StoryId, work.Job.ChatId);
        message = hold.Message;
        if (hold.Lost)
        {
            // Another sender received the job when its hiding ran out: it is theirs now.
            logger.LogWarning("The job for story {StoryId} and chat {ChatId} was hidden too briefly for its send; another sender has it", storyId, chatId);
            return new Handled(Handling.Later, Digest: digestOutcome);
        }

        if (result.IsDone)
        {
            if (work.Digest is not null)
            {
                await queue.DeleteAsync(message, cancellationToken);
                return new Handled(Handling.Done, Digest: digestOutcome);
            }

            // Deleted by the pass once the outcome is recorded.
            await FinishAsync(work.Job!, result, cancellationToken);
            return new Handled(Handling.Done, work.Job, result.Outcome) { Message = message };
        }

        var delay = result.RetryAfter ?? _options.Backoff(attempts);
        if (result.CountsAsAttempt)
        {
            await queue.MakeVisibleAfterAsync(message, delay, cancellationToken);
        }
        else
        {
            // Waiting for the chat's turn must not use up the job's attempts, and the queue's dequeue
            // count only grows: put back a copy that carries the count so far, then drop this one (a
            // crash in between leaves two copies, which the ledger makes harmless).
            await queue.EnqueueAsync(work.WithAttempt(attempts - 1), delay, cancellationToken);
            await queue.DeleteAsync(message, cancellationToken);
        }

        logger.LogInformation("Delivery of story {StoryId} to chat {ChatId} comes back in {Delay}: {Reason}", storyId, chatId, delay, result.Reason);
        return new Handled(Handling.Later, Digest: digestOutcome);
    }

    /// <summary>Works on a delivery or digest job, or gives it up after its last attempt; an error makes it come back after a back-off.</summary>
    private async Task<(JobResult Result, DigestChatOutcome? Digest)> AttemptAsync(
        OutboxWork work, int attempts, Func<CancellationToken, Task<bool>>? stillHeld, CancellationToken cancellationToken)
    {
        try
        {
            if (work.Digest is { } digest)
            {
                return attempts > _options.MaxAttempts
                    ? (new JobResult(true, null, null, null), await digests.GiveUpAsync(digest, $"gave up after {attempts - 1} attempts", cancellationToken))
                    : await digests.HandleAsync(digest, stillHeld, cancellationToken);
            }

            return attempts > _options.MaxAttempts
                ? (JobResult.Done(await GiveUpAsync(work.Job!, attempts, cancellationToken)), null)
                : (await delivery.HandleAsync(work.Job!, stillHeld, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage trouble and the like: the job comes back after a back-off and counts as an attempt.
            var chatId = work.Digest?.ChatId ?? work.Job!.ChatId;
            logger.LogError(e, "Delivery of {StoryId} to chat {ChatId} failed; it will be retried", work.Job?.StoryId ?? "a digest", chatId);
            return (JobResult.Later(null, e.Message), work.Digest is null ? null : new DigestChatOutcome(chatId, DigestChatStatus.Failed, [], 0, e.Message));
        }
    }

    private async Task FinishAsync(DeliveryJob job, JobResult result, CancellationToken cancellationToken)
    {
        if (result.FollowUp is { } followUp)
        {
            // The supergroup a group became, or a report that joined the story while its alert was on
            // the way: a job of its own.
            await queue.EnqueueAsync(followUp.ToBinary(), TimeSpan.Zero, cancellationToken);
            logger.LogInformation("Follow-up job for chat {ChatId} about story {StoryId} (report {ArticleName})", followUp.ChatId, job.StoryId, followUp.ArticleName);
        }
    }

    private Task<DeliveryOutcome> GiveUpAsync(DeliveryJob job, int attempts, CancellationToken cancellationToken) =>
        delivery.GiveUpAsync(job, $"gave up after {attempts - 1} attempts", cancellationToken);

    private async Task RecordAsync(IEnumerable<(string Article, DeliveryOutcome Outcome)> outcomes, CancellationToken cancellationToken)
    {
        foreach (var group in outcomes.GroupBy(o => o.Article, StringComparer.Ordinal))
        {
            await results.RecordAsync(group.Key, [.. group.Select(o => o.Outcome)], cancellationToken);
        }
    }

    private OutboxWork? Parse(BinaryData body, string messageId)
    {
        try
        {
            return OutboxWork.Parse(body);
        }
        catch (JsonException e)
        {
            // Nothing can be delivered from it, and it would fail the same way every time. The body is
            // not logged: it is not ours, and its size is unbounded by anything we control.
            logger.LogError("Dropping queue message {MessageId} ({Length} bytes): not a delivery job ({Error})", messageId, body.ToMemory().Length, e.Message);
            return null;
        }
    }
}
