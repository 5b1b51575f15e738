using System.ClientModel;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>
/// Writes a stored summary in another language with the chat deployment: one chat completion per
/// call, the summary fenced as data (<see cref="SummaryPrompt.TranslationUserMessage"/>), the reply
/// checked by <see cref="ModelSummaryCheck.CheckTranslation"/>. Any failure (HTTP error after the
/// retries, timeout, content filter, refusal, unusable reply) is returned with its reason, never thrown.
/// </summary>
public sealed class AzureOpenAISummaryTranslator(
    ChatClient chatClient,
    SummaryBotMetrics metrics,
    ILogger<AzureOpenAISummaryTranslator> logger) : ISummaryTranslator
{
    public const string Operation = "translate";
    private const int MaxOutputTokens = 600;

    public bool IsAvailable => true;

    public async Task<TranslatedSummary> TranslateAsync(Summary summary, SummaryLanguage language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(language);
        ChatMessage[] messages =
        [
            new SystemChatMessage(SummaryPrompt.TranslationSystemMessage(language)),
            new UserChatMessage(SummaryPrompt.TranslationUserMessage(summary)),
        ];
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("news_summary", SummaryPrompt.ResponseSchema, jsonSchemaIsStrict: true),
            Temperature = 0.1f,
            MaxOutputTokenCount = MaxOutputTokens,
        };

        ChatCompletion completion;
        try
        {
            metrics.ModelCalled(Operation);
            ClientResult<ChatCompletion> result = await chatClient.CompleteChatAsync(messages, options, cancellationToken);
            completion = result.Value;
        }
        catch (ClientResultException ex)
        {
            return Fail(language, AzureOpenAIError.IsContentFilter(ex)
                ? $"the content filter rejected the prompt (HTTP {ex.Status})"
                : $"HTTP {ex.Status} after the retries");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var last = ex is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[^1] : ex;
            return Fail(language, last is OperationCanceledException
                ? "the request timed out (AzureOpenAI:Timeout) on every try"
                : $"the request failed ({last.GetType().Name})");
        }

        if (completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            return Fail(language, "the content filter stopped the reply");
        }

        if (completion.FinishReason == ChatFinishReason.Length)
        {
            return Fail(language, "the reply was cut at the output token limit");
        }

        if (!string.IsNullOrWhiteSpace(completion.Refusal))
        {
            return Fail(language, "the model refused");
        }

        var reply = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        var verdict = ModelSummaryCheck.CheckTranslation(reply, SummaryPrompt.TranslationSource(summary), language);
        return verdict.Accepted
            ? new TranslatedSummary(new Summary(verdict.Headline!, verdict.Text!, SummarizerNames.AzureOpenAI), null)
            : Fail(language, "the reply was rejected: " + verdict.Rejection);
    }

    private TranslatedSummary Fail(SummaryLanguage language, string reason)
    {
        logger.LogWarning("Azure OpenAI summary in {Language} not made: {Reason}", language.Code, reason);
        metrics.ModelFellBack(Operation);
        return TranslatedSummary.Failed(reason);
    }
}
