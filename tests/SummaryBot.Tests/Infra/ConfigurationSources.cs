using System.Text.Json;
using System.Text.RegularExpressions;

namespace SummaryBot.Tests.Infra;

/// <summary>The keys each deployment target sets, in configuration form ("A:B").</summary>
internal static partial class ConfigurationSources
{
    /// <summary>The Values of local.settings.sample.json (key to value).</summary>
    public static IReadOnlyDictionary<string, string?> LocalSettingsSample()
    {
        using var document = JsonDocument.Parse(RepositoryFiles.ReadAllText("local.settings.sample.json"));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(
                property => ConfigurationKeys.Normalize(property.Name),
                property => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText(),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>App-setting names ("A__B", or platform settings such as "APPLICATIONINSIGHTS_CONNECTION_STRING")
    /// written as object keys in the Bicep templates.</summary>
    public static IReadOnlySet<string> BicepAppSettings() =>
        Directory.EnumerateFiles(RepositoryFiles.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => BicepObjectKey().Matches(File.ReadAllText(file)))
            .Select(match => ConfigurationKeys.Normalize(match.Groups["name"].Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\s*'?(?<name>[A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9_]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'?\s*:", RegexOptions.Multiline)]
    private static partial Regex BicepObjectKey();
}
