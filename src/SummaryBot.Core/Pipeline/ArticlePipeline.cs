using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Core.Pipeline;

/// <summary>
/// The one orchestrator: read → clean → story → summarize (new stories only) → match → deliver →
/// record. Every stage is idempotent, so the trigger may fire twice, two instances may race and the
/// process may die between any two stages: the state in storage decides.
/// </summary>
public sealed class ArticlePipeline(
    IObjectStore store,
    IArticleReader reader,
    IStoryIndex storyIndex,
    StoryRepository stories,
    ISummarizer summarizer,
    SubscriptionCatalog catalog,
    DeliveryService delivery,
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
        var resultPath = StatePaths.Result(name);

        if (storedResult?.ContentSha256 == hash)
        {
            logger.LogDebug("Article {ArticleName} was already processed", name);
            return storedResult;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ArticleName"] = name });
        var arrivedAt = timeProvider.GetTimestamp();
        var read = reader.Read(name, content);
        var record = read.Article is null
            ? Rejected(name, hash, read.RejectionReason ?? "The file could not be read.")
            : await ProcessArticleAsync(read.Article, hash, arrivedAt, cancellationToken);

        await WriteResultAsync(resultPath, record, storedResult is null, cancellationToken);
        metrics.ArticleHandled(record.Status.ToString().ToLowerInvariant());
        logger.LogInformation("Article {ArticleName}: {Status} {Reason}", name, record.Status, record.Reason);
        return record;
    }

    /// <summary>The stored result of a file, or null when it was never processed.</summary>
    public async Task<ResultRecord?> GetResultAsync(string name, CancellationToken cancellationToken = default) =>
        (await store.GetJsonAsync<ResultRecord>(StatePaths.Result(name), cancellationToken))?.Value;

    private async Task<ResultRecord> ProcessArticleAsync(Article article, string hash, long arrivedAt, CancellationToken cancellationToken)
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
        var deliveries = new List<ResultDelivery>();
        var undelivered = new List<ResultUndelivered>();

        // Chats dealt with for this report: each matched chat, and the supergroup it may have moved to.
        var handled = new HashSet<long>();

        // False when the chat moved to a supergroup this report has already told (its outcome is not new).
        bool IsNewOutcome(long chatId, DeliveryOutcome outcome)
        {
            handled.Add(chatId);
            return outcome.ChatId == chatId || handled.Add(outcome.ChatId);
        }

        // One delivery per chat even when several of its topics match: the first match explains it.
        foreach (var match in matches.GroupBy(m => m.ChatId).Select(g => g.First()))
        {
            if (!snapshot.Chats.TryGetValue(match.ChatId, out var chat) || handled.Contains(match.ChatId))
            {
                continue; // Unknown, or a supergroup that an earlier chat of this loop moved to and told.
            }

            var outcome = await delivery.DeliverAsync(story, article.Name, match, chat, cancellationToken);
            if (!IsNewOutcome(match.ChatId, outcome))
            {
                continue;
            }

            if (outcome.Kind is { } kind)
            {
                if (outcome.SentNow)
                {
                    metrics.AlertedAfter(timeProvider.GetElapsedTime(arrivedAt));
                }

                deliveries.Add(new ResultDelivery(outcome.ChatId, kind.ToString().ToLowerInvariant(), outcome.MessageId));
            }
            else
            {
                undelivered.Add(new ResultUndelivered(outcome.ChatId, outcome.Error ?? "not delivered"));
            }
        }

        var founder = story.Sources[0].ArticleName;
        var isDuplicate = founder != article.Name;
        if (isDuplicate)
        {
            // Chats already told about this story hear of the new outlet too, even when this report
            // does not match their topic itself: their alert is about the story, not one report.
            foreach (var chatId in await delivery.ChatsToldAsync(story.StoryId, cancellationToken))
            {
                if (!handled.Contains(chatId) && snapshot.Chats.TryGetValue(chatId, out var chat))
                {
                    var outcome = await delivery.UpdateExistingAsync(story, article.Name, chat, cancellationToken);
                    if (outcome is not null && IsNewOutcome(chatId, outcome) && outcome.Kind is { } kind)
                    {
                        deliveries.Add(new ResultDelivery(outcome.ChatId, kind.ToString().ToLowerInvariant(), outcome.MessageId));
                    }
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
            Matches = [.. matches.Select(m => new ResultMatch(m.ChatId, m.Topic, m.Evidence))],
            Deliveries = deliveries,
            Undelivered = undelivered.Count > 0 ? undelivered : null,
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
    private async Task WriteResultAsync(string path, ResultRecord record, bool absentBefore, CancellationToken cancellationToken)
    {
        // No result existed when this call started: a plain create is the usual case and saves a read.
        if (absentBefore && await store.TryCreateJsonAsync(path, record, cancellationToken))
        {
            return;
        }

        await store.UpdateJsonAsync<ResultRecord>(
            path,
            current => current is not null && current.ContentSha256 == record.ContentSha256 ? current : record,
            cancellationToken);
    }
}
