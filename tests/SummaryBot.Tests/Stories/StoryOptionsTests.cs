using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Stories;

namespace SummaryBot.Tests.Stories;

public sealed class StoryOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IObjectStore>(new CountingInMemoryObjectStore());
        services.AddSummaryBotStories(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddSummaryBotStories_Configured_BindsTheSectionAndResolvesTheStoreIndex()
    {
        using var provider = Build(new() { ["Stories:Window"] = "1.00:00:00", ["Stories:SimilarityThreshold"] = "0.4" });

        var options = provider.GetRequiredService<IOptions<StoryOptions>>().Value;

        Assert.Equal(TimeSpan.FromDays(1), options.Window);
        Assert.Equal(0.4, options.SimilarityThreshold);
        Assert.IsType<StoreStoryIndex>(provider.GetRequiredService<IStoryIndex>());
    }

    [Theory]
    [InlineData("Stories:SimilarityThreshold", "1.5", "Stories:SimilarityThreshold")]
    [InlineData("Stories:Window", "00:00:10", "Stories:Window")]
    [InlineData("Stories:LookupKeys", "0", "Stories:LookupKeys")]
    [InlineData("Stories:FingerprintTerms", "200", "Stories:FingerprintTerms")]
    [InlineData("Stories:ArbiterFloor", "0", "Stories:ArbiterFloor")]
    [InlineData("Stories:ArbiterCeiling", "2", "Stories:ArbiterCeiling")]
    public void AddSummaryBotStories_BadValue_FailsNamingTheKey(string key, string value, string expected)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoryOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSummaryBotStories_MoreKeysThanTerms_FailsNamingBothKeys()
    {
        using var provider = Build(new() { ["Stories:FingerprintTerms"] = "8", ["Stories:LookupKeys"] = "12" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoryOptions>>().Value);

        Assert.Contains("Stories:LookupKeys must not exceed Stories:FingerprintTerms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSummaryBotStories_ArbiterFloorAboveCeiling_FailsNamingBothKeys()
    {
        using var provider = Build(new() { ["Stories:ArbiterFloor"] = "0.3", ["Stories:ArbiterCeiling"] = "0.2" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoryOptions>>().Value);

        Assert.Contains("Stories:ArbiterFloor must not exceed Stories:ArbiterCeiling", error.Message, StringComparison.Ordinal);
    }
}
