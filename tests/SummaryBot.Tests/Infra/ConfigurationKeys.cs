using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Infra;

/// <summary>
/// Every configuration key SummaryBot reads, found rather than listed: the settable properties of
/// each options class in SummaryBot.Core (a class with <c>public const string SectionName</c>),
/// plus keys the sources read directly (<c>configuration["A:B"]</c>, <c>GetValue&lt;T&gt;("A:B")</c>,
/// <c>GetSection("A")</c>, <c>GetConnectionString("A")</c>) and the Functions binding
/// expressions (<c>%A:B%</c>).
/// </summary>
internal static partial class ConfigurationKeys
{
    // Framework sections read by the hosts, not SummaryBot settings.
    private static readonly HashSet<string> FrameworkSections = new(StringComparer.OrdinalIgnoreCase) { "Logging", "AzureFunctionsJobHost" };

    public static IReadOnlyList<OptionsClass> OptionsClasses() =>
        [.. typeof(StorageOptions).Assembly.GetTypes()
            .Select(type => (type, field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(pair => pair.field is { IsLiteral: true } && pair.field.FieldType == typeof(string))
            .Select(pair => new OptionsClass(pair.type, (string)pair.field!.GetRawConstantValue()!))
            .OrderBy(options => options.SectionName, StringComparer.Ordinal)];

    /// <summary>All keys, each with where it was found.</summary>
    public static IReadOnlyList<ConfigurationKey> All()
    {
        var keys = new List<ConfigurationKey>();
        foreach (var options in OptionsClasses())
        {
            AddProperties(keys, options.Type, options.SectionName, options.Type.Name, depth: 0);
        }

        var sections = OptionsClasses().Select(options => options.SectionName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var file in RepositoryFiles.CSharpSources("src"))
        {
            var source = File.ReadAllText(file);
            var origin = Path.GetRelativePath(RepositoryFiles.Root, file);
            foreach (Match match in IndexerRead().Matches(source))
            {
                keys.Add(new ConfigurationKey(match.Groups["key"].Value, origin, IsPrefix: false));
            }

            foreach (Match match in GetValueRead().Matches(source))
            {
                keys.Add(new ConfigurationKey(match.Groups["key"].Value, origin, IsPrefix: false));
            }

            foreach (Match match in ConnectionStringRead().Matches(source))
            {
                keys.Add(new ConfigurationKey("ConnectionStrings:" + match.Groups["key"].Value, origin, IsPrefix: false));
            }

            foreach (Match match in SectionRead().Matches(source))
            {
                var section = match.Groups["key"].Value;
                if (!sections.Contains(section) && !FrameworkSections.Contains(section.Split(':')[0]))
                {
                    keys.Add(new ConfigurationKey(section, origin, IsPrefix: true));
                }
            }

            foreach (Match match in BindingExpression().Matches(source))
            {
                keys.Add(new ConfigurationKey(match.Groups["key"].Value, origin, IsPrefix: false));
            }
        }

        return [.. keys
            .GroupBy(key => key.Key, StringComparer.OrdinalIgnoreCase)
            .Select(group => group.First())
            .OrderBy(key => key.Key, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>App-setting and environment-variable form ("A__B") to configuration form ("A:B").</summary>
    public static string Normalize(string key) => key.Replace("__", ":", StringComparison.Ordinal);

    public static bool IsCoveredBy(this ConfigurationKey key, IEnumerable<string> presentKeys) =>
        presentKeys.Any(present =>
            string.Equals(present, key.Key, StringComparison.OrdinalIgnoreCase)
            || (key.IsPrefix && present.StartsWith(key.Key + ":", StringComparison.OrdinalIgnoreCase)));

    private static void AddProperties(List<ConfigurationKey> keys, Type type, string prefix, string origin, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                keys.Add(new ConfigurationKey(key, $"{origin}.{property.Name}", IsPrefix: false));
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType) || depth >= 3)
            {
                // Lists and dictionaries appear as "Key:0", "Key:name"... in configuration.
                keys.Add(new ConfigurationKey(key, $"{origin}.{property.Name}", IsPrefix: true));
            }
            else
            {
                AddProperties(keys, propertyType, key, $"{origin}.{property.Name}", depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
        || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly)
        || type == typeof(TimeOnly) || type == typeof(Guid);

    [GeneratedRegex(@"(?i:\w*config\w*)\s*\[\s*""(?<key>[^""]+)""\s*\]")]
    private static partial Regex IndexerRead();

    [GeneratedRegex(@"\bGetValue\s*<[^>]+>\s*\(\s*""(?<key>[^""]+)""")]
    private static partial Regex GetValueRead();

    [GeneratedRegex(@"\bGetConnectionString\s*\(\s*""(?<key>[^""]+)""\s*\)")]
    private static partial Regex ConnectionStringRead();

    [GeneratedRegex(@"\bGetSection\s*\(\s*""(?<key>[^""]+)""\s*\)")]
    private static partial Regex SectionRead();

    [GeneratedRegex(@"""%(?<key>[A-Za-z][\w:]*)%")]
    private static partial Regex BindingExpression();
}

internal sealed record OptionsClass(Type Type, string SectionName);

/// <param name="Key">Configuration form, "Section:Property".</param>
/// <param name="Origin">The property or source file that reads it.</param>
/// <param name="IsPrefix">A section or collection: any key below it counts.</param>
internal sealed record ConfigurationKey(string Key, string Origin, bool IsPrefix);
