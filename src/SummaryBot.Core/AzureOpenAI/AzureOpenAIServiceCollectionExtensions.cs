using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Core.AzureOpenAI;

public static class AzureOpenAIServiceCollectionExtensions
{
    /// <summary>
    /// The model behind the ports its consumers declare: <see cref="ISummarizer"/> (Azure OpenAI in
    /// front of the offline extractive summarizer when <c>AzureOpenAI:Endpoint</c> is set; which one is
    /// used is logged once, when the summarizer is first resolved), <see cref="IAliasSuggester"/>
    /// (with <c>AzureOpenAI:SuggestAliases</c>), <see cref="ISummaryTranslator"/> (summaries in a
    /// chat's language) and <see cref="IStoryArbiter"/> (with
    /// <c>AzureOpenAI:ArbitrateStories</c>); without the model each falls back to the consumer's
    /// offline implementation. These registrations are added, not tried, so they win over the
    /// capabilities' own defaults whichever is registered first.
    /// </summary>
    public static IServiceCollection AddSummaryBotAzureOpenAI(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSummaryBotMetrics();
        services.AddSummaryBotSummaries();
        services.AddOptions<AzureOpenAIOptions>()
            .Bind(configuration.GetSection(AzureOpenAIOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp => new AzureOpenAIChat(
            sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));

        services.AddSingleton<ISummarizer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value;
            var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var logger = loggerFactory.CreateLogger(typeof(AzureOpenAIServiceCollectionExtensions).FullName!);
            var extractive = sp.GetRequiredService<ExtractiveSummarizer>();
            if (sp.GetRequiredService<AzureOpenAIChat>().Client is not { } chatClient)
            {
                logger.LogInformation("Summaries: offline extractive summarizer (AzureOpenAI:Endpoint is not set)");
                return extractive;
            }

            logger.LogInformation(
                "Summaries: Azure OpenAI deployment {Deployment} at {Endpoint} ({Authentication}), extractive summarizer as fallback",
                options.Deployment, options.GetEndpointUri().GetLeftPart(UriPartial.Authority), options.UsesApiKey ? "API key" : "managed identity");
            return new AzureOpenAISummarizer(
                chatClient, extractive, options, sp.GetRequiredService<SummaryBotMetrics>(), loggerFactory.CreateLogger<AzureOpenAISummarizer>());
        });

        services.AddSingleton<IAliasSuggester>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value;
            var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            return options.SuggestAliases && sp.GetRequiredService<AzureOpenAIChat>().Client is { } chatClient
                ? new AzureOpenAIAliasSuggester(chatClient, loggerFactory.CreateLogger<AzureOpenAIAliasSuggester>())
                : new NoAliasSuggester();
        });

        services.AddSingleton<ISummaryTranslator>(sp =>
        {
            var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            return sp.GetRequiredService<AzureOpenAIChat>().Client is { } chatClient
                ? new AzureOpenAISummaryTranslator(chatClient, sp.GetRequiredService<SummaryBotMetrics>(), loggerFactory.CreateLogger<AzureOpenAISummaryTranslator>())
                : new NoSummaryTranslator();
        });

        services.AddSingleton<IStoryArbiter>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value;
            var loggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            return options.ArbitrateStories && sp.GetRequiredService<AzureOpenAIChat>().Client is { } chatClient
                ? new AzureOpenAIStoryArbiter(chatClient, loggerFactory.CreateLogger<AzureOpenAIStoryArbiter>())
                : new NoStoryArbiter();
        });
        return services;
    }

    /// <summary>The one chat client shared by the summarizer, the translator, the alias suggester and the story arbiter; null when
    /// Azure OpenAI is not configured.</summary>
    private sealed class AzureOpenAIChat(AzureOpenAIOptions options, TimeProvider timeProvider)
    {
        public ChatClient? Client { get; } = options.IsConfigured ? AzureOpenAIClientFactory.CreateChatClient(options, timeProvider) : null;
    }
}
