using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Storage;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Pipeline;

/// <summary>Builds SummaryBot the way the hosts do (AddSummaryBot over configuration) for the storage integration tests.</summary>
internal static class BlobPipelineHarness
{
    /// <summary>The two seed articles (../shared/seeds), found by walking up from the test binary.</summary>
    public static IReadOnlyList<FileInfo> SeedFiles()
    {
        return [.. SharedData.SeedFiles.Select(f => new FileInfo(f))];
    }

    public static string SeedsDirectory() => SeedFiles()[0].DirectoryName!;

    public static Dictionary<string, string?> BlobConfiguration(StorageOptions options) => new()
    {
        ["Storage:ConnectionString"] = options.ConnectionString,
        ["Storage:ArticlesContainer"] = options.ArticlesContainer,
        ["Storage:StateContainer"] = options.StateContainer,
        ["Storage:Retry:MaxRetries"] = "3",
        ["Storage:Retry:Delay"] = "00:00:00.05",
        ["Storage:Retry:MaxDelay"] = "00:00:01",
        ["Delivery:QueueName"] = Fixtures.AzuriteFixture.NewContainerName("q"),
    };

    public static Dictionary<string, string?> FolderConfiguration(string root) => new()
    {
        ["Storage:StateDirectory"] = Path.Combine(root, "state"),
        ["Storage:InboxDirectory"] = Path.Combine(root, "inbox"),
    };

    public static ServiceProvider Build(
        Dictionary<string, string?> settings, IOutbox outbox, TimeProvider timeProvider, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(timeProvider);
        services.AddSingleton(outbox);
        services.AddSummaryBot(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
