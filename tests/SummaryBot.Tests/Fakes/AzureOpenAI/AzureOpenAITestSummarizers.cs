using Microsoft.Extensions.Logging.Testing;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.AzureOpenAI;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Tests.Fakes.AzureOpenAI;

/// <summary>Builds the real Azure OpenAI summarizer (real SDK client, real retry policy) pointed at
/// a <see cref="FakeAzureOpenAIServer"/>, with a fast retry budget.</summary>
public static class AzureOpenAITestSummarizers
{
    public static AzureOpenAIOptions Options(FakeAzureOpenAIServer server, Action<AzureOpenAIOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var options = new AzureOpenAIOptions
        {
            Endpoint = server.Endpoint.ToString(),
            Deployment = FakeAzureOpenAIServer.Deployment,
            ApiKey = FakeAzureOpenAIServer.ApiKey,
            Timeout = TimeSpan.FromSeconds(5),
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public static AzureOpenAISummarizer Create(
        FakeAzureOpenAIServer server,
        ISummarizer fallback,
        FakeLogger<AzureOpenAISummarizer> logger,
        Action<AzureOpenAIOptions>? configure = null,
        TimeProvider? timeProvider = null,
        SummaryBotMetrics? metrics = null)
    {
        var options = Options(server, configure);
        var chatClient = AzureOpenAIClientFactory.CreateChatClient(options, timeProvider ?? TimeProvider.System);
        return new AzureOpenAISummarizer(chatClient, fallback, options, metrics ?? TestMetrics.Create(), logger);
    }
}
