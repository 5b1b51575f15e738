using System.Text.Json;
using System.Text.Json.Nodes;

namespace SummaryBot.Tests.Fakes.AzureOpenAI;

/// <summary>One scripted HTTP reply of <see cref="FakeAzureOpenAIServer"/>, with builders for the
/// shapes Azure OpenAI sends.</summary>
public sealed record FakeReply(int Status, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Delay)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>A chat completion whose message content is <paramref name="content"/>.</summary>
    public static FakeReply Completion(string content, string finishReason = "stop")
    {
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_720_000_000,
            ["model"] = "gpt-4o-2024-08-06",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["finish_reason"] = finishReason,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["content_filter_results"] = new JsonObject(),
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 50, ["total_tokens"] = 150 },
        };
        return new FakeReply(200, body.ToJsonString(), NoHeaders, TimeSpan.Zero);
    }

    /// <summary>A completion carrying the structured summary the prompt asks for.</summary>
    public static FakeReply Summary(string headline, string summary) =>
        Completion(JsonSerializer.Serialize(new { headline, summary }));

    /// <summary>An Azure error body: <c>{"error": {"code": ..., "message": ...}}</c>.</summary>
    public static FakeReply Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null)
    {
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } };
        return new FakeReply(status, body.ToJsonString(), headers ?? NoHeaders, TimeSpan.Zero);
    }

    public static FakeReply ServerError() => Error(500, "InternalServerError", "The server had an error while processing your request.");

    /// <summary>429 with both headers Azure OpenAI sends.</summary>
    public static FakeReply TooManyRequests(TimeSpan retryAfter) => Error(429, "429", "Requests to the ChatCompletions_Create Operation have exceeded the rate limit.",
        new Dictionary<string, string>
        {
            ["Retry-After"] = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["retry-after-ms"] = ((long)retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>429 with only a <c>Retry-After</c> header in seconds.</summary>
    public static FakeReply TooManyRequestsSeconds(int seconds) => Error(429, "429", "Rate limit exceeded.",
        new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>The 400 Azure returns when the prompt trips the content filter.</summary>
    public static FakeReply PromptContentFilter()
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
                ["type"] = null,
                ["param"] = "prompt",
                ["code"] = "content_filter",
                ["status"] = 400,
                ["innererror"] = new JsonObject
                {
                    ["code"] = "ResponsibleAIPolicyViolation",
                    ["content_filter_result"] = new JsonObject
                    {
                        ["violence"] = new JsonObject { ["filtered"] = true, ["severity"] = "high" },
                    },
                },
            },
        };
        return new FakeReply(400, body.ToJsonString(), NoHeaders, TimeSpan.Zero);
    }

    /// <summary>This reply, sent only after <paramref name="delay"/> (to make the client time out).</summary>
    public FakeReply After(TimeSpan delay) => this with { Delay = delay };
}
