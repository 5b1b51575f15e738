using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Summaries.AzureOpenAI;

namespace SummaryBot.Core.Summaries;

public static class SummariesServiceCollectionExtensions
{
    /// <summary>The offline extractive summarizer; Azure OpenAI in front of it when
    /// <c>AzureOpenAI:Endpoint</c> is set. Which one is used is logged once, when the summarizer
    /// is first resolved.</summary>
    public static IServiceCollection AddSummaryBotSummaries(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AzureOpenAIOptions>()
            .Bind(configuration.GetSection(AzureOpenAIOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<ExtractiveSummarizer>();
        services.AddSingleton<ISummarizer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value;
            var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var logger = loggerFactory.CreateLogger(typeof(SummariesServiceCollectionExtensions).FullName!);
            var extractive = sp.GetRequiredService<ExtractiveSummarizer>();
            if (!options.IsConfigured)
            {
                logger.LogInformation("Summaries: offline extractive summarizer (AzureOpenAI:Endpoint is not set)");
                return extractive;
            }

            logger.LogInformation(
                "Summaries: Azure OpenAI deployment {Deployment} at {Endpoint} ({Authentication}), extractive summarizer as fallback",
                options.Deployment, options.GetEndpointUri().GetLeftPart(UriPartial.Authority), options.UsesApiKey ? "API key" : "managed identity");
            var chatClient = AzureOpenAIClientFactory.CreateChatClient(options, sp.GetService<TimeProvider>() ?? TimeProvider.System);
            return new AzureOpenAISummarizer(chatClient, extractive, options, loggerFactory.CreateLogger<AzureOpenAISummarizer>());
        });
        return services;
    }
}
