using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Pipeline;

/// <summary>One file's outcome in an inbox pass: its result, or the error that will make it retry.</summary>
public sealed record InboxItemOutcome(string Name, ResultRecord? Result, bool Skipped, string? Error);

/// <summary>
/// Feeds the files of an inbox through the pipeline in name order. A file whose processing fails
/// (storage or network trouble) is logged and left without a result, so the next pass retries it;
/// the other files go on.
/// </summary>
public sealed class InboxProcessor(
    IArticleInbox inbox, ArticlePipeline pipeline, IObjectStore store, TimeProvider timeProvider, ILogger<InboxProcessor> logger)
{
    public const string VanishedReason = "The blob was deleted before it could be read.";

    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    public string InboxDescription => inbox.Description;

    /// <summary>Processes every file not yet seen by this instance (the pipeline itself skips files
    /// whose result already exists for the same content).</summary>
    public async Task<IReadOnlyList<InboxItemOutcome>> ProcessPendingAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new List<InboxItemOutcome>();
        var names = new List<string>();
        await foreach (var name in inbox.ListAsync(cancellationToken))
        {
            if (!_seen.ContainsKey(name))
            {
                names.Add(name);
            }
        }

        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(await ProcessOneAsync(name, cancellationToken));
        }

        return outcomes;
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
            _seen.TryAdd(name, 0);
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
        return await store.UpdateJsonAsync<ResultRecord>(StatePaths.Result(name), current => current ?? record, cancellationToken) ?? record;
    }
}
