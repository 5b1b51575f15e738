using System.Text.RegularExpressions;

namespace SummaryBot.Tests.Infra;

/// <summary>
/// Core's capability folders depend one way (docs/architecture.md): each folder may use only folders on
/// a lower floor. A reference is any <c>SummaryBot.Core.X</c> in a source file, a using line or a
/// qualified name; since every file's namespace is its folder's, that is every way one folder can
/// name another's types.
/// </summary>
public sealed partial class CapabilityDependencyTests
{
    /// <summary>The floor of each room; a room uses only rooms on lower floors.</summary>
    private static readonly Dictionary<string, int> Floors = new(StringComparer.Ordinal)
    {
        ["Articles"] = 0,
        ["Storage"] = 0,
        ["Telemetry"] = 0,
        ["Text"] = 0,
        ["Topics"] = 1,
        ["Summaries"] = 1,
        ["Stories"] = 2,
        ["Subscriptions"] = 2,
        ["Delivery"] = 3,
        ["AzureOpenAI"] = 3,
        ["Bot"] = 4,
        ["Pipeline"] = 5,
        ["Hosting"] = 6,
    };

    private static string CoreRoot => RepositoryFiles.PathOf("src", "SummaryBot.Core");

    [Fact]
    public void CoreFolders_EveryFolderHasAFloor()
    {
        var folders = Directory.EnumerateDirectories(CoreRoot)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Floors.Keys.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void CoreSources_NamespaceIsTheirFolder()
    {
        var wrong = new List<string>();
        foreach (var file in RepositoryFiles.CSharpSources(Path.Combine("src", "SummaryBot.Core")))
        {
            var folder = RoomOf(file);
            var ns = NamespaceLine().Match(File.ReadAllText(file));
            if (!ns.Success || !(ns.Groups[1].Value == $"SummaryBot.Core.{folder}" || ns.Groups[1].Value.StartsWith($"SummaryBot.Core.{folder}.", StringComparison.Ordinal)))
            {
                wrong.Add($"{Path.GetRelativePath(CoreRoot, file)}: {(ns.Success ? ns.Groups[1].Value : "no namespace")}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void CoreSources_UseOnlyRoomsOnLowerFloors()
    {
        var violations = new List<string>();
        foreach (var file in RepositoryFiles.CSharpSources(Path.Combine("src", "SummaryBot.Core")))
        {
            var room = RoomOf(file);
            var used = CoreReference().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).Where(r => r != room).Distinct();
            foreach (var other in used)
            {
                if (!Floors.TryGetValue(other, out var floor) || floor >= Floors[room])
                {
                    violations.Add($"{Path.GetRelativePath(CoreRoot, file)}: {room} (floor {Floors[room]}) uses {other} (floor {(Floors.TryGetValue(other, out var f) ? f : -1)})");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void CoreReference_AQualifiedNameOrAUsingLine_IsFound()
    {
        // The scan must see both forms, or a violation could hide in either.
        var text = "using SummaryBot.Core.Stories;\nvar x = new SummaryBot.Core.Delivery.Outbox.DeliveryJob();";

        Assert.Equal(["Stories", "Delivery"], CoreReference().Matches(text).Select(m => m.Groups[1].Value));
    }

    private static string RoomOf(string file) =>
        Path.GetRelativePath(CoreRoot, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];

    [GeneratedRegex(@"\bSummaryBot\.Core\.([A-Za-z]+)")]
    private static partial Regex CoreReference();

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
