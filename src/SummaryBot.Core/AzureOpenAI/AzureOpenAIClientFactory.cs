using System.ClientModel;
using Azure.AI.OpenAI;
using Azure.Identity;
using OpenAI.Chat;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>Builds the SDK client from validated options: the API key when one is set, managed
/// identity (<see cref="DefaultAzureCredential"/>) otherwise; the per-try timeout and the retry
/// budget from configuration.</summary>
public static class AzureOpenAIClientFactory
{
    public static AzureOpenAIClient CreateClient(AzureOpenAIOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("AzureOpenAI:Endpoint is not set.");
        }

        var clientOptions = new AzureOpenAIClientOptions
        {
            NetworkTimeout = options.Timeout,
            RetryPolicy = new SummaryRetryPolicy(options.MaxRetries, options.RetryDelay, options.MaxRetryAfter, timeProvider),
        };

        return options.UsesApiKey
            ? new AzureOpenAIClient(options.GetEndpointUri(), new ApiKeyCredential(options.ApiKey!), clientOptions)
            : new AzureOpenAIClient(options.GetEndpointUri(), new DefaultAzureCredential(), clientOptions);
    }

    public static ChatClient CreateChatClient(AzureOpenAIOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateClient(options, timeProvider).GetChatClient(options.Deployment);
    }
}
