using System.ClientModel;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Telemetry;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>
/// Summarizes with an Azure OpenAI chat deployment: one chat completion per call, the article cut
/// to the token budget and fenced as data, structured JSON output checked by
/// <see cref="ModelSummaryCheck"/>. Any failure (HTTP error after the retries, timeout, content
/// filter, unusable reply) yields <paramref name="fallback"/>'s summary, logged with the reason.
/// </summary>
public sealed class AzureOpenAISummarizer(
    ChatClient chatClient,
    ISummarizer fallback,
    AzureOpenAIOptions options,
    SummaryBotMetrics metrics,
    ILogger<AzureOpenAISummarizer> logger) : ISummarizer
{
    private const int MaxOutputTokens = 400;
    private const string Operation = "summarize";

    public async Task<Summary> SummarizeAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var articleText = SummaryPrompt.ArticleText(article);
        if (string.IsNullOrWhiteSpace(articleText))
        {
            return await FallBackAsync(article, "the article has no text", cancellationToken);
        }

        var cut = ArticleTokenBudget.Cut(articleText, options.MaxInputTokens);
        if (cut.Truncated)
        {
            logger.LogInformation("Article {ArticleName} cut to {TokenCount} tokens for Azure OpenAI (budget {MaxInputTokens})",
                article.Name, cut.TokenCount, options.MaxInputTokens);
        }

        ChatMessage[] messages =
        [
            new SystemChatMessage(SummaryPrompt.SystemMessage),
            new UserChatMessage(SummaryPrompt.UserMessage(cut.Text, article.Outlet)),
        ];
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("news_summary", SummaryPrompt.ResponseSchema, jsonSchemaIsStrict: true),
            Temperature = 0.2f,
            MaxOutputTokenCount = MaxOutputTokens,
        };

        ChatCompletion completion;
        try
        {
            metrics.ModelCalled(Operation);
            ClientResult<ChatCompletion> result = await chatClient.CompleteChatAsync(messages, completionOptions, cancellationToken);
            completion = result.Value;
        }
        catch (ClientResultException ex)
        {
            return await FallBackAsync(article, DescribeFailure(ex), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Network faults and per-try timeouts arrive as themselves or, once the retry policy
            // has given up on several tries, wrapped in an AggregateException.
            return await FallBackAsync(article, DescribeFault(ex), cancellationToken);
        }

        if (completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            return await FallBackAsync(article, "the content filter stopped the reply (finish_reason content_filter)", cancellationToken);
        }

        if (completion.FinishReason == ChatFinishReason.Length)
        {
            return await FallBackAsync(article, "the reply was cut at the output token limit", cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(completion.Refusal))
        {
            return await FallBackAsync(article, "the model refused", cancellationToken);
        }

        var reply = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        var verdict = ModelSummaryCheck.Check(reply, articleText);
        if (!verdict.Accepted)
        {
            return await FallBackAsync(article, "the reply was rejected: " + verdict.Rejection, cancellationToken);
        }

        return new Summary(verdict.Headline!, verdict.Text!, SummarizerNames.AzureOpenAI);
    }

    private async Task<Summary> FallBackAsync(Article article, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Azure OpenAI summary of {ArticleName} not used, falling back to the extractive summary: {Reason}", article.Name, reason);
        metrics.ModelFellBack(Operation);
        return await fallback.SummarizeAsync(article, cancellationToken);
    }

    private static string DescribeFault(Exception exception)
    {
        var last = exception is AggregateException aggregate && aggregate.InnerExceptions.Count > 0
            ? aggregate.InnerExceptions[^1]
            : exception;
        return last switch
        {
            ClientResultException result => DescribeFailure(result),
            OperationCanceledException => "the request timed out (AzureOpenAI:Timeout) on every try",
            _ => $"the request failed ({last.GetType().Name}: {last.Message})",
        };
    }

    private static string DescribeFailure(ClientResultException ex)
    {
        var code = AzureOpenAIError.Code(ex);
        if (AzureOpenAIError.IsContentFilter(ex))
        {
            return $"the content filter rejected the prompt (HTTP {ex.Status}, code {code ?? "content_filter"})";
        }

        return ex.Status switch
        {
            0 => "the service could not be reached or sent no valid response",
            429 => "HTTP 429 Too Many Requests after the retries (or a Retry-After beyond AzureOpenAI:MaxRetryAfter)",
            _ => code is null ? $"HTTP {ex.Status} after the retries" : $"HTTP {ex.Status} ({code}) after the retries",
        };
    }
}
