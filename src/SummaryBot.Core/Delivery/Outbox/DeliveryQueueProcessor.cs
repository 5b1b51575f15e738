using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>A sender pass: what it received and what became of it.</summary>
public sealed record DeliveryPassReport(int Received, int Done, int Later, int Unreadable)
{
    public static readonly DeliveryPassReport Empty = new(0, 0, 0, 0);

    public DeliveryPassReport Add(DeliveryPassReport other) =>
        new(Received + other.Received, Done + other.Done, Later + other.Later, Unreadable + other.Unreadable);
}

/// <summary>
/// The sender: takes delivery jobs off the outbox queue and carries them out, many at once, so that a
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
    IDeliveryOutcomeSink results,
    IOptions<DeliveryOptions> options,
    IOptions<Telegram.TelegramOptions> telegramOptions,
    TimeProvider timeProvider,
    ILogger<DeliveryQueueProcessor> logger)
{
    private readonly DeliveryOptions _options = options.Value;

    /// <summary>The longest one send may take: the job must stay hidden at least this long after it starts.</summary>
    private TimeSpan RequestTime => TimeSpan.FromSeconds(telegramOptions.Value.RequestTimeoutSeconds + 5);

    /// <summary>Writes the jobs of an article to the queue (the last step of the article stage).</summary>
    public async Task EnqueueAsync(IEnumerable<DeliveryJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        await queue.EnqueueManyAsync([.. jobs.Select(j => j.ToBinary())], cancellationToken);
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
        var later = 0;
        var unreadable = 0;
        await Parallel.ForEachAsync(
            messages,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (message, ct) =>
            {
                switch (await HandleAsync(message, receivedAt, ct))
                {
                    case { Job: null }:
                        Interlocked.Increment(ref unreadable);
                        break;
                    case { Job: { } job, Outcome: { } outcome }:
                        done.Enqueue((message, job, outcome));
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

        return new DeliveryPassReport(messages.Count, done.Count, later, unreadable);
    }

    /// <summary>Runs passes until none finds a visible job. Jobs waiting to be retried stay in the queue.</summary>
    public async Task<DeliveryPassReport> DrainAsync(CancellationToken cancellationToken = default)
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

    /// <summary>
    /// Sends alongside a producer (the article stage of a CLI run): runs passes while
    /// <paramref name="producer"/> works, pausing briefly when the queue has nothing visible, and
    /// returns once the producer has finished and a pass finds nothing more.
    /// </summary>
    public async Task<DeliveryPassReport> RunAlongsideAsync(Task producer, TimeSpan idlePause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producer);
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
    /// The Functions queue trigger's body: carries out one job. The host deletes the message when this
    /// returns, so a job that must wait is put back as a new message, visible after the wait, carrying
    /// its attempt count. A job that fails with an error is put back the same way, after the back-off
    /// of its attempt, so that <c>Delivery:MaxAttempts</c> and the back-off hold in Azure as in a
    /// sender pass. Only when that fails too (the queue cannot be reached) does the exception reach
    /// the host, whose retries and poison queue take over. A message that is not a delivery job is
    /// logged with its <paramref name="messageId"/> and dropped.
    /// </summary>
    public async Task HandleTriggeredAsync(BinaryData body, int dequeueCount, string messageId, CancellationToken cancellationToken = default)
    {
        var job = Parse(body, messageId);
        if (job is null)
        {
            return;
        }

        var attempts = job.Attempt + dequeueCount;
        var result = await AttemptAsync(job, attempts, cancellationToken);
        if (result.IsDone)
        {
            await FinishAsync(job, result, cancellationToken);
            if (result.Outcome is { } outcome)
            {
                await results.RecordAsync(job.ArticleName, [outcome], cancellationToken);
            }

            return;
        }

        var next = job with { Attempt = result.CountsAsAttempt ? attempts : attempts - 1 };
        await queue.EnqueueAsync(next.ToBinary(), result.RetryAfter ?? _options.Backoff(attempts), cancellationToken);
    }

    /// <summary>The Functions poison-queue trigger's body: a job whose invocations the host gave up on
    /// (each failed without putting the job back, or its worker died).</summary>
    public async Task RecordPoisonAsync(BinaryData body, string messageId, CancellationToken cancellationToken = default)
    {
        if (Parse(body, messageId) is { } job)
        {
            var outcome = await delivery.GiveUpAsync(job, "the sender failed on every attempt (see the logs)", cancellationToken);
            await results.RecordAsync(job.ArticleName, [outcome], cancellationToken);
        }
    }

    private async Task<(DeliveryJob? Job, DeliveryOutcome? Outcome)> HandleAsync(QueueMessage message, long receivedAt, CancellationToken cancellationToken)
    {
        var job = Parse(message.Body, message.Id);
        if (job is null)
        {
            await queue.DeleteAsync(message, cancellationToken);
            return (null, null);
        }

        var attempts = job.Attempt + message.DequeueCount;
        if (timeProvider.GetElapsedTime(receivedAt) + RequestTime >= _options.VisibilityTimeout)
        {
            // Too little of the job's hiding is left for a whole request: let it come back at once
            // rather than risk a second sender receiving it while this one's request is in flight.
            await queue.MakeVisibleAfterAsync(message, TimeSpan.Zero, cancellationToken);
            return (job, null);
        }

        var result = await AttemptAsync(job, attempts, cancellationToken);
        if (result.IsDone)
        {
            // Deleted by the pass once the outcome is recorded.
            await FinishAsync(job, result, cancellationToken);
            return (job, result.Outcome);
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
            await queue.EnqueueAsync((job with { Attempt = attempts - 1 }).ToBinary(), delay, cancellationToken);
            await queue.DeleteAsync(message, cancellationToken);
        }

        logger.LogInformation("Delivery of story {StoryId} to chat {ChatId} comes back in {Delay}: {Reason}", job.StoryId, job.ChatId, delay, result.Reason);
        return (job, null);
    }

    /// <summary>Works on the job, or gives it up after its last attempt.</summary>
    private async Task<JobResult> AttemptAsync(DeliveryJob job, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            return attempts > _options.MaxAttempts
                ? JobResult.Done(await GiveUpAsync(job, attempts, cancellationToken))
                : await delivery.HandleAsync(job, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage trouble and the like: the job comes back after a back-off and counts as an attempt.
            logger.LogError(e, "Delivery of story {StoryId} to chat {ChatId} failed; it will be retried", job.StoryId, job.ChatId);
            return JobResult.Later(null, e.Message);
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

    private DeliveryJob? Parse(BinaryData body, string messageId)
    {
        try
        {
            return DeliveryJob.FromBinary(body);
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
