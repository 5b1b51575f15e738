using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.AzureOpenAI;
using SummaryBot.Tests.Fakes.AzureOpenAI;
using SummaryBot.Core.Bot;

namespace SummaryBot.Tests.AzureOpenAI;

public sealed class SummariesRegistrationTests
{
    private static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings, FakeLoggerProvider logs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddSingleton(TimeProvider.System);
        services.AddSummaryBotAzureOpenAI(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddSummaryBotAzureOpenAI_NotConfigured_UsesExtractiveAndLogsItOnce()
    {
        var logs = new FakeLoggerProvider();
        using var provider = Build([], logs);

        var first = provider.GetRequiredService<ISummarizer>();
        var second = provider.GetRequiredService<ISummarizer>();

        Assert.IsType<ExtractiveSummarizer>(first);
        Assert.IsType<NoAliasSuggester>(provider.GetRequiredService<IAliasSuggester>());
        Assert.IsType<NoStoryArbiter>(provider.GetRequiredService<IStoryArbiter>());
        Assert.Same(first, second);
        Assert.Single(logs.Collector.GetSnapshot(), r => r.Message.Contains("offline extractive summarizer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddSummaryBotAzureOpenAI_PointedAtLoopbackServer_UsesAzureOpenAIWithOneCall()
    {
        await using var server = new FakeAzureOpenAIServer();
        var logs = new FakeLoggerProvider();
        using var provider = Build(server.Configuration(), logs);

        var summarizer = provider.GetRequiredService<ISummarizer>();
        var summary = await summarizer.SummarizeAsync(TestArticles.Harbour());

        Assert.IsType<AzureOpenAISummarizer>(summarizer);
        Assert.IsType<AzureOpenAIAliasSuggester>(provider.GetRequiredService<IAliasSuggester>());
        Assert.IsType<AzureOpenAIStoryArbiter>(provider.GetRequiredService<IStoryArbiter>());
        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.Equal(1, server.ChatCompletionCount);
        Assert.Single(logs.Collector.GetSnapshot(), r => r.Message.Contains("Azure OpenAI deployment", StringComparison.Ordinal));
        Assert.All(logs.Collector.GetSnapshot(), r => Assert.DoesNotContain(FakeAzureOpenAIServer.ApiKey, r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddSummaryBotAzureOpenAI_ServerDown_FallsBackToExtractive()
    {
        await using var server = new FakeAzureOpenAIServer();
        server.DefaultReply = _ => FakeReply.ServerError();
        using var provider = Build(server.Configuration(), new FakeLoggerProvider());

        var summary = await provider.GetRequiredService<ISummarizer>().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.False(string.IsNullOrWhiteSpace(summary.Headline));
    }

    [Fact]
    public async Task AddSummaryBotAzureOpenAI_ArbitrateStoriesOff_NoStoryArbiter()
    {
        await using var server = new FakeAzureOpenAIServer();
        using var provider = Build(server.Configuration(new Dictionary<string, string?> { ["AzureOpenAI:ArbitrateStories"] = "false" }), new FakeLoggerProvider());

        Assert.IsType<NoStoryArbiter>(provider.GetRequiredService<IStoryArbiter>());
        Assert.IsType<AzureOpenAISummarizer>(provider.GetRequiredService<ISummarizer>());
    }

    [Fact]
    public async Task AddSummaryBot_WholeGraphWithAzureOpenAI_TheStoryIndexGetsTheModelArbiter()
    {
        await using var server = new FakeAzureOpenAIServer();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(server.Configuration()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSummaryBot(configuration);
        using var provider = services.BuildServiceProvider();

        // Stories registers the no-arbiter default with TryAdd; the model's registration must win.
        Assert.IsType<AzureOpenAIStoryArbiter>(provider.GetRequiredService<IStoryArbiter>());
    }

    [Fact]
    public async Task AddSummaryBot_WholeGraphWithAzureOpenAI_SubscribeProposesTheModelsAliases()
    {
        await using var server = new FakeAzureOpenAIServer();
        server.DefaultReply = _ => FakeReply.Completion(JsonSerializer.Serialize(new { aliases = new[] { "PMC Wagner", "Wagner PMC" } }));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(server.Configuration()).Build();
        var state = Path.Combine(Path.GetTempPath(), "sb-aliases-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSummaryBot(new ConfigurationBuilder().AddConfiguration(configuration)
            .AddInMemoryCollection([new("Storage:StateDirectory", state)]).Build());
        try
        {
            using var provider = services.BuildServiceProvider();

            // Subscriptions registers the no-suggestion default with TryAdd; the model's registration must win.
            var reply = await provider.GetRequiredService<BotCommandHandler>().ExecuteAsync(new BotChat(5, ChatKind.Private, null), "subscribe", "Wagner Group");

            Assert.Contains("PMC Wagner, Wagner PMC", reply.Html, StringComparison.Ordinal);
            Assert.StartsWith(BotCommandHandler.AcceptAliasesPrefix, Assert.Single(reply.Buttons).CallbackData, StringComparison.Ordinal);
            Assert.Contains("Wagner Group", Assert.Single(server.Requests).Body, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddSummaryBotAzureOpenAI_BeforeOrAfterTheCapabilities_TheModelServesEveryPort(bool modelFirst)
    {
        await using var server = new FakeAzureOpenAIServer();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(server.Configuration()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        if (modelFirst)
        {
            services.AddSummaryBotAzureOpenAI(configuration);
        }

        services.AddSummaryBotSummaries();
        services.AddSummaryBotStories(configuration);
        services.AddSummaryBotSubscriptions();
        if (!modelFirst)
        {
            services.AddSummaryBotAzureOpenAI(configuration);
        }

        using var provider = services.BuildServiceProvider();

        Assert.IsType<AzureOpenAISummarizer>(provider.GetRequiredService<ISummarizer>());
        Assert.IsType<AzureOpenAIStoryArbiter>(provider.GetRequiredService<IStoryArbiter>());
        Assert.IsType<AzureOpenAIAliasSuggester>(provider.GetRequiredService<IAliasSuggester>());
    }

    [Fact]
    public void AddSummaryBotAzureOpenAI_EndpointWithoutDeployment_FailsAtStartNamingTheKey()
    {
        using var provider = Build([new("AzureOpenAI:Endpoint", "https://res.openai.azure.com/")], new FakeLoggerProvider());

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("AzureOpenAI:Deployment is required when AzureOpenAI:Endpoint is set.", error.Message, StringComparison.Ordinal);
    }
}
