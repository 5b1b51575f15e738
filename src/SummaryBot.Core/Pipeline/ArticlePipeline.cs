using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Core.Pipeline;

/// <summary>
/// The one orchestrator of the article stage: read → clean → story → summarize (new stories only) →
/// match → record → enqueue one delivery job per (story, chat) on the outbox queue. It never waits
/// for Telegram: the sender (<see cref="DeliveryQueueProcessor"/>) does. Every stage is idempotent,
/// so the trigger may fire twice, two instances may race and the process may die between any two
/// stages: the state in storage decides.
/// </summary>
public sealed class ArticlePipeline(
    IObjectStore store,
    IArticleReader reader,
    IStoryIndex storyIndex,
    StoryRepository stories,
    ISummarizer summarizer,
    SubscriptionCatalog catalog,
    DeliveryService delivery,
    DeliveryQueueProcessor outbox,
    TimeProvider timeProvider,
    SummaryBotMetrics metrics,
    ILogger<ArticlePipeline> logger)
{
    /// <summary>
    /// Processes one input file and returns its result record. When a result for the same content
    /// already exists it is returned as it is: nothing is delivered or written again. Bad input
    /// becomes a <see cref="ResultStatus.Rejected"/> record; only infrastructure failures (storage,
    /// the network) throw, so that the caller can retry.
    /// </summary>
    public async Task<ResultRecord> ProcessAsync(string name, BinaryData content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(content);
        return await ProcessAsync(name, content, await GetResultAsync(name, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// As <see cref="ProcessAsync(string, BinaryData, CancellationToken)"/>, for a caller that has just
    /// read the stored result (<see cref="GetResultAsync"/>; null when there was none): saves reading it again.
    /// </summary>
    public async Task<ResultRecord> ProcessAsync(string name, BinaryData content, ResultRecord? storedResult, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(content);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));
        var resultPath = ResultPaths.Result(name);

        if (storedResult?.ContentSha256 == hash)
        {
            logger.LogDebug("Article {ArticleName} was already processed", name);
            return storedResult is { EnqueuedAt: null, Pending.Count: > 0 }
                ? await EnqueueAsync(storedResult, cancellationToken)
                : storedResult;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ArticleName"] = name });
        var arrivedAt = timeProvider.GetUtcNow();
        var read = reader.Read(name, content);
        var record = read.Article is null
            ? Rejected(name, hash, read.RejectionReason ?? "The file could not be read.")
            : await ProcessArticleAsync(read.Article, hash, cancellationToken);

        // Recorded first, enqueued after: a run that dies in between finds the result without
        // EnqueuedAt and writes the jobs again (a job written twice is harmless, one never written is lost).
        record = await WriteResultAsync(resultPath, record, storedResult is null, cancellationToken);
        metrics.ArticleHandled(record.Status.ToString().ToLowerInvariant());
        logger.LogInformation("Article {ArticleName}: {Status} {Reason}", name, record.Status, record.Reason);
        return record is { EnqueuedAt: null, Pending.Count: > 0 } ? await EnqueueAsync(record, cancellationToken, arrivedAt) : record;
    }

    /// <summary>The stored result of a file, or null when it was never processed.</summary>
    public async Task<ResultRecord?> GetResultAsync(string name, CancellationToken cancellationToken = default) =>
        (await store.GetJsonAsync<ResultRecord>(ResultPaths.Result(name), cancellationToken))?.Value;

    private async Task<ResultRecord> ProcessArticleAsync(Article article, string hash, CancellationToken cancellationToken)
    {
        var assignment = await storyIndex.AssignAsync(article, cancellationToken);

        // Summarize only for a story without a summary: the founder normally, or whoever gets there
        // first if the founder died before storing the story.
        var existing = await stories.GetAsync(assignment.StoryId, cancellationToken);
        var story = existing is null
            ? await stories.CreateAsync(assignment.StoryId, article, await summarizer.SummarizeAsync(article, cancellationToken), cancellationToken)
            : await stories.AddSourceAsync(
                assignment.StoryId,
                article,
                () => throw new InvalidOperationException($"Story {assignment.StoryId} vanished after it was read."),
                cancellationToken);

        var snapshot = await catalog.GetAsync(cancellationToken);
        var matches = snapshot.Matcher.Match(article);

        // One job per chat even when several of its topics match (the first match explains it), for
        // the chats the catalog knows as active.
        var pending = new List<ChatAddress>();
        var chats = new HashSet<ChatAddress>();
        foreach (var match in matches)
        {
            var address = new ChatAddress(match.ChatId, match.ThreadId);
            if (snapshot.Chats.ContainsKey(address) && chats.Add(address))
            {
                pending.Add(address);
            }
        }

        var founder = story.Sources[0].ArticleName;
        var isDuplicate = founder != article.Name;
        if (isDuplicate)
        {
            // Chats already told about this story hear of the new outlet too, even when this report
            // does not match their topic itself: their alert is about the story, not one report.
            foreach (var told in await delivery.ChatsToldAsync(story.StoryId, cancellationToken))
            {
                if (snapshot.Chats.ContainsKey(told) && chats.Add(told))
                {
                    pending.Add(told);
                }
            }
        }

        return new ResultRecord
        {
            Article = article.Name,
            Status = isDuplicate ? ResultStatus.Duplicate : ResultStatus.Processed,
            Title = article.Title,
            Outlet = article.Outlet,
            Url = article.Url,
            StoryId = story.StoryId,
            DuplicateOf = isDuplicate ? founder : null,
            Headline = story.Summary.Headline,
            Summary = story.Summary.Text,
            Summarizer = story.Summary.Summarizer,
            Matches = [.. matches.Select(m => new ResultMatch(m.ChatId, m.Topic, m.Evidence, m.ThreadId))],
            Deliveries = [],
            Pending = pending.Count > 0 ? pending : null,
            ContentSha256 = hash,
            ProcessedAt = timeProvider.GetUtcNow(),
        };
    }

    private ResultRecord Rejected(string name, string hash, string reason) => new()
    {
        Article = name,
        Status = ResultStatus.Rejected,
        Reason = reason,
        ContentSha256 = hash,
        ProcessedAt = timeProvider.GetUtcNow(),
    };

    /// <summary>Creates the result, or replaces one made for different content under the same name.
    /// When another worker wrote the result for this content meanwhile, theirs stands.</summary>
    /// <returns>The result as stored.</returns>
    private async Task<ResultRecord> WriteResultAsync(string path, ResultRecord record, bool absentBefore, CancellationToken cancellationToken)
    {
        // No result existed when this call started: a plain create is the usual case and saves a read.
        if (absentBefore && await store.TryCreateJsonAsync(path, record, cancellationToken))
        {
            return record;
        }

        return await store.UpdateJsonAsync<ResultRecord>(
            path,
            current => current is not null && current.ContentSha256 == record.ContentSha256 ? current : record,
            cancellationToken) ?? record;
    }

    /// <summary>Writes the delivery jobs of a recorded result to the outbox queue, then marks it enqueued.</summary>
    private async Task<ResultRecord> EnqueueAsync(ResultRecord record, CancellationToken cancellationToken, DateTimeOffset? arrivedAt = null)
    {
        // The first match of each chat explains it (a lookup, not a scan per chat: 10,000 chats are 10,000 jobs).
        var firstMatch = new Dictionary<ChatAddress, ResultMatch>();
        foreach (var match in record.Matches ?? [])
        {
            firstMatch.TryAdd(match.Address, match);
        }

        var jobs = record.Pending!.Select(chat =>
            firstMatch.TryGetValue(chat, out var match)
                ? new DeliveryJob { StoryId = record.StoryId!, ChatId = chat.ChatId, ThreadId = chat.ThreadId, ArticleName = record.Article, Topic = match.Topic, Evidence = match.Evidence, ArrivedAt = arrivedAt }
                : new DeliveryJob { StoryId = record.StoryId!, ChatId = chat.ChatId, ThreadId = chat.ThreadId, ArticleName = record.Article, Topic = string.Empty, UpdateOnly = true, ArrivedAt = arrivedAt });
        await outbox.EnqueueAsync(jobs, cancellationToken);
        var enqueuedAt = timeProvider.GetUtcNow();
        logger.LogInformation("Article {ArticleName}: {JobCount} delivery jobs enqueued", record.Article, record.Pending!.Count);
        return await store.UpdateJsonAsync<ResultRecord>(
            ResultPaths.Result(record.Article),
            current => current is null || current.ContentSha256 != record.ContentSha256 || current.EnqueuedAt is not null
                ? current
                : current with { EnqueuedAt = enqueuedAt },
            cancellationToken) ?? record;
    }
}
