using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace SummaryBot.Tests.Infra;

/// <summary>
/// Every configuration key the code reads is set for the Functions host, both locally
/// (local.settings.sample.json) and in Azure (the Bicep app settings). Keys are discovered, so
/// a new options class or property fails these tests until both places list it.
/// </summary>
public sealed class ConfigurationKeyCoverageTests
{
    // The CLI's folder mode: the Functions host always runs on blob storage (Azurite or Azure).
    private static readonly string[] CliOnlyKeys = ["Storage:StateDirectory", "Storage:InboxDirectory"];

    // Replaced in Azure by the managed identity: the storage account refuses shared keys and the
    // Azure OpenAI account has local (key) auth disabled.
    private static readonly string[] NotInAzureKeys = ["Storage:ConnectionString", "AzureOpenAI:ApiKey"];

    // Locally Storage:ConnectionString points at Azurite, and Core refuses a connection string and
    // a service URI together (docs/azure.md shows the managed-identity variant).
    private static readonly string[] NotInLocalSampleKeys = ["Storage:ServiceUri"];

    [Fact]
    public void Discovery_FindsTheKnownCoreKeys()
    {
        var keys = ConfigurationKeys.All().Select(key => key.Key).ToList();

        Assert.Contains("Storage:ConnectionString", keys, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Storage:ArticlesContainer", keys, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Articles:MaxBytes", keys, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("Storage:UsesAzure", keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void ExemptionLists_NameKeysTheCodeReads()
    {
        var keys = ConfigurationKeys.All().Select(key => key.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = ConfigurationKeys.OptionsClasses().Select(options => options.SectionName).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // Only sections whose options class exists can be checked (others are still being written).
        var stale = CliOnlyKeys.Concat(NotInAzureKeys).Concat(NotInLocalSampleKeys)
            .Where(key => sections.Contains(key.Split(':')[0]) && !keys.Contains(key))
            .ToList();

        Assert.True(stale.Count == 0, "Exempted keys no longer read by the code (remove them from the lists): " + string.Join(", ", stale));
    }

    [Fact]
    public void LocalSettingsSample_ContainsEveryKey()
    {
        var sample = ConfigurationSources.LocalSettingsSample().Keys.ToList();

        var missing = ConfigurationKeys.All()
            .Where(key => !CliOnlyKeys.Concat(NotInLocalSampleKeys).Contains(key.Key, StringComparer.OrdinalIgnoreCase))
            .Where(key => !key.IsCoveredBy(sample))
            .ToList();

        Assert.True(missing.Count == 0, "local.settings.sample.json lacks (use \"__\" for \":\"):\n" + Describe(missing));
    }

    [Fact]
    public void BicepAppSettings_ContainEveryKey()
    {
        var settings = ConfigurationSources.BicepAppSettings();

        var missing = ConfigurationKeys.All()
            .Where(key => !CliOnlyKeys.Concat(NotInAzureKeys).Contains(key.Key, StringComparer.OrdinalIgnoreCase))
            .Where(key => !key.IsCoveredBy(settings))
            .ToList();

        Assert.True(missing.Count == 0, "The app settings in infra/main.bicep (summaryBotSettings) lack:\n" + Describe(missing));
    }

    [Fact]
    public void LocalSettingsSample_BindsAndValidatesEveryOptionsClass()
    {
        // The Functions host turns Values into environment variables, where "__" means ":".
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(ConfigurationSources.LocalSettingsSample())
            .Build();
        var errors = new List<string>();

        foreach (var options in ConfigurationKeys.OptionsClasses())
        {
            if (options.Type.IsAbstract || options.Type.GetConstructor(Type.EmptyTypes) is null)
            {
                continue;
            }

            var instance = Activator.CreateInstance(options.Type)!;
            configuration.GetSection(options.SectionName).Bind(instance);
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
            {
                errors.AddRange(results.Select(result => $"{options.Type.Name}: {result.ErrorMessage}"));
            }
        }

        Assert.True(errors.Count == 0, "local.settings.sample.json does not validate:\n" + string.Join('\n', errors));
    }

    private static string Describe(IEnumerable<ConfigurationKey> keys) =>
        string.Join('\n', keys.Select(key => $"  {key.Key}{(key.IsPrefix ? ":*" : "")} (read by {key.Origin})"));
}
