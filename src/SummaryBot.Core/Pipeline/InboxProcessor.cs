using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Pipeline;

/// <summary>
/// One file's outcome in an inbox pass: its result, the error that will make it retry, or why the
/// inbox does not read it (<paramref name="NotRead"/>: a link out of the folder, say).
/// </summary>
public sealed record InboxItemOutcome(string Name, ResultRecord? Result, bool Skipped, string? Error, string? NotRead = null);

/// <summary>
/// Feeds the files of an inbox through the pipeline, up to <see cref="InboxOptions.MaxConcurrency"/>
/// at a time, so that one slow file holds back no other. A file whose processing fails (storage or
/// network trouble) is logged and left without a result, so the next pass retries it; a file the
/// inbox will not read is reported once, with the reason. When watching (<see cref="PollAsync"/>),
/// a folder file is read only once it has settled (<see cref="InboxOptions.SettleTime"/>), and a file
/// that changes after it was processed is processed again (the pipeline gives new content a new result).
/// </summary>
public sealed class InboxProcessor(
    IArticleInbox inbox, ArticlePipeline pipeline, IObjectStore store, IOptions<InboxOptions> options, TimeProvider timeProvider, ILogger<InboxProcessor> logger) : IDisposable
{
    public const string VanishedReason = "The blob was deleted before it could be read.";

    private readonly InboxOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency);
    private readonly SemaphoreSlim _listing = new(1, 1);

    /// <summary>The version of each file that has a result from this instance: unchanged, it is not read again.</summary>
    private readonly ConcurrentDictionary<string, string> _done = new(StringComparer.Ordinal);

    /// <summary>Files being processed, each with a task that ends when it is done.</summary>
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>Watching: files not settled yet, with the version first seen and when (under <see cref="_listing"/>).</summary>
    private readonly Dictionary<string, (string Version, DateTimeOffset Since)> _settling = new(StringComparer.Ordinal);

    /// <summary>Files reported as not read, with the reason, so that watching reports each once (under <see cref="_listing"/>).</summary>
    private readonly Dictionary<string, string> _notRead = new(StringComparer.Ordinal);

    public string InboxDescription => inbox.Description;

    /// <summary>Processes every file in the inbox now (settled or not) and returns when all are done,
    /// in name order. The pipeline itself skips files whose result already exists for the same content.</summary>
    public async Task<IReadOnlyList<InboxItemOutcome>> ProcessPendingAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new ConcurrentQueue<InboxItemOutcome>();
        try
        {
            await StartReadyAsync(outcomes.Enqueue, waitUntilSettled: false, cancellationToken);
        }
        finally
        {
            // Even when the listing failed part way: the files already started finish before this returns.
            await WhenIdleAsync();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return [.. outcomes.OrderBy(o => o.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// One poll of a watched inbox: starts the files that are new, changed or failed before, once they
    /// have settled, and returns once each of them has a processing slot (in name order), without
    /// waiting for them to finish; <paramref name="report"/> gets each outcome
    /// (from a worker thread) when it is ready, and each file not read once.
    /// </summary>
    public Task PollAsync(Action<InboxItemOutcome> report, CancellationToken cancellationToken = default) =>
        StartReadyAsync(report, waitUntilSettled: true, cancellationToken);

    /// <summary>Completes when no file is being processed.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_running.Values);

    /// <summary>Call after <see cref="WhenIdleAsync"/>: files still being processed need the slots.</summary>
    public void Dispose()
    {
        _slots.Dispose();
        _listing.Dispose();
    }

    private async Task StartReadyAsync(Action<InboxItemOutcome> report, bool waitUntilSettled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await _listing.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            var listed = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var entry in inbox.ListAsync(cancellationToken))
            {
                listed.Add(entry.Name);
                if (entry.SkipReason is { } reason)
                {
                    if (!_notRead.TryGetValue(entry.Name, out var reported) || reported != reason)
                    {
                        _notRead[entry.Name] = reason;
                        logger.LogWarning("Inbox file {ArticleName} is not read: {Reason}", entry.Name, reason);
                        report(new InboxItemOutcome(entry.Name, null, false, null, reason));
                    }

                    continue;
                }

                _notRead.Remove(entry.Name);
                if ((_done.TryGetValue(entry.Name, out var done) && done == entry.Version) || _running.ContainsKey(entry.Name) ||
                    (waitUntilSettled && !HasSettled(entry, now)))
                {
                    continue;
                }

                _settling.Remove(entry.Name);

                // The slot is taken here, in listing (name) order, not inside the worker: workers racing
                // for it would start files in any order, and at one file at a time the order is the contract.
                await _slots.WaitAsync(cancellationToken);
                Start(entry, report, cancellationToken);
            }

            // Forget files that are gone, so that a long watch does not remember every name it ever saw.
            Forget(_settling.Keys, listed, name => _settling.Remove(name));
            Forget(_notRead.Keys, listed, name => _notRead.Remove(name));
            Forget(_done.Keys, listed, name => _done.TryRemove(name, out _));
        }
        finally
        {
            _listing.Release();
        }
    }

    /// <summary>
    /// True when the file has not been written for the settle time: by its modification time, or, when
    /// that is in the future (another machine's clock), by this instance having seen the same version
    /// that long. A blob (no <see cref="InboxEntry.WrittenAt"/>) is complete once it is listed.
    /// </summary>
    private bool HasSettled(InboxEntry entry, DateTimeOffset now)
    {
        if (entry.WrittenAt is not { } writtenAt || now - writtenAt >= _options.SettleTime)
        {
            return true;
        }

        if (!_settling.TryGetValue(entry.Name, out var seen) || seen.Version != entry.Version)
        {
            _settling[entry.Name] = (entry.Version, now);
            return false;
        }

        return now - seen.Since >= _options.SettleTime;
    }

    private void Start(InboxEntry entry, Action<InboxItemOutcome> report, CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[entry.Name] = finished.Task;
        _ = Task.Run(
            async () =>
            {
                try
                {
                    var outcome = await ProcessOneAsync(entry.Name, cancellationToken);
                    if (outcome.Error is null)
                    {
                        _done[entry.Name] = entry.Version;
                    }

                    report(outcome);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopping: the file is left for the next run.
                }
                finally
                {
                    _slots.Release();
                    _running.TryRemove(entry.Name, out _);
                    finished.SetResult();
                }
            },
            CancellationToken.None);
    }

    private static void Forget(IEnumerable<string> names, HashSet<string> listed, Action<string> remove)
    {
        foreach (var name in names.Where(name => !listed.Contains(name)).ToList())
        {
            remove(name);
        }
    }

    private async Task<InboxItemOutcome> ProcessOneAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var before = await pipeline.GetResultAsync(name, cancellationToken);
            var content = await inbox.ReadAsync(name, cancellationToken);
            if (content is null)
            {
                // Deleted between listing and reading: record it so that operators see it (unless a
                // result already exists: then the file was processed before it went).
                logger.LogWarning("Article {ArticleName} disappeared before it was read", name);
                return new InboxItemOutcome(name, before ?? await RecordVanishedAsync(name, cancellationToken), before is not null, null);
            }

            var result = await pipeline.ProcessAsync(name, content, before, cancellationToken);
            var skipped = before is not null && before.ContentSha256 == result.ContentSha256 && before.ProcessedAt == result.ProcessedAt;
            return new InboxItemOutcome(name, result, skipped, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Infrastructure failures only (bad input becomes a rejected result, not an exception):
            // leave the file without a result so the next pass retries it.
            logger.LogError(e, "Article {ArticleName} could not be processed; it will be retried", name);
            return new InboxItemOutcome(name, null, false, e.Message);
        }
    }

    private async Task<ResultRecord> RecordVanishedAsync(string name, CancellationToken cancellationToken)
    {
        var record = new ResultRecord
        {
            Article = name,
            Status = ResultStatus.Rejected,
            Reason = VanishedReason,
            // No content was read: an empty hash never equals a real one, so the file is processed if it comes back.
            ContentSha256 = string.Empty,
            ProcessedAt = timeProvider.GetUtcNow(),
        };
        return await store.UpdateJsonAsync<ResultRecord>(ResultPaths.Result(name), current => current ?? record, cancellationToken) ?? record;
    }
}
