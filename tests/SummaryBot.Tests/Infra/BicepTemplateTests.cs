using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SummaryBot.Tests.Infra;

/// <summary>Builds and lints the Bicep templates with the Bicep CLI from NuGet (no network).</summary>
public sealed partial class BicepTemplateTests
{
    [LinuxX64Fact]
    public async Task Build_MainTemplate_CompilesWithoutDiagnostics()
    {
        var output = Path.Combine(Path.GetTempPath(), $"summarybot-bicep-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            var result = await BicepCli.RunAsync("build", "infra/main.bicep", "--no-restore", "--outdir", output);

            Assert.True(result.ExitCode == 0, result.ToString());
            AssertNoWarningsOrErrors(result);
            using var template = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "main.json")));
            Assert.Equal(
                "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
                template.RootElement.GetProperty("$schema").GetString());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [LinuxX64Fact]
    public async Task Build_BlobEventsTemplate_CompilesWithoutDiagnostics()
    {
        var result = await BicepCli.RunAsync("build", "infra/app/blob-events.bicep", "--no-restore", "--stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertNoWarningsOrErrors(result);
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.", result.StandardOutput, StringComparison.Ordinal);
    }

    [LinuxX64Fact]
    public async Task Lint_AllTemplates_NoWarningsOrErrors()
    {
        // Linting an entry template also reports the diagnostics of the modules it uses, so each
        // file is linted once: main.bicep with its modules, and the templates no module uses
        // (blob-events.bicep, deployed by the postdeploy hook).
        var entries = EntryTemplates();
        Assert.Contains("infra/main.bicep", entries);
        Assert.Contains("infra/app/blob-events.bicep", entries);
        var failing = new List<Diagnostic>();

        foreach (var entry in entries)
        {
            var result = await BicepCli.RunAsync("lint", entry, "--no-restore", "--diagnostics-format", "sarif");

            Assert.True(result.ExitCode == 0, result.ToString());
            // "note" is the info level (use-recent-api-versions, see infra/bicepconfig.json): reported, not failing.
            failing.AddRange(ParseSarif(result.StandardOutput).Where(diagnostic => diagnostic.Level != "note"));
        }

        Assert.True(failing.Count == 0, "bicep lint:\n" + string.Join('\n', failing));
    }

    [Fact]
    public void EntryTemplates_EveryModuleIsReachable()
    {
        var all = Directory.GetFiles(RepositoryFiles.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(RelativePath)
            .ToHashSet(StringComparer.Ordinal);

        var unexpected = EntryTemplates().Except(["infra/main.bicep", "infra/app/blob-events.bicep"]).ToList();

        Assert.True(all.Count >= 3, "Expected infra/main.bicep and its modules.");
        Assert.True(unexpected.Count == 0, "Templates neither used by main.bicep nor deployed by a hook: " + string.Join(", ", unexpected));
    }

    /// <summary>Build prints diagnostics on stderr, one a line: "file(line,column) : Level rule: message".</summary>
    private static void AssertNoWarningsOrErrors(BicepResult result)
    {
        var failing = result.StandardError.Split('\n')
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
            .ToList();
        Assert.True(failing.Count == 0, "bicep build:\n" + string.Join('\n', failing));
    }

    /// <summary>The .bicep files no other template uses as a module.</summary>
    private static List<string> EntryTemplates()
    {
        var files = Directory.GetFiles(RepositoryFiles.PathOf("infra"), "*.bicep", SearchOption.AllDirectories);
        var used = files
            .SelectMany(file => ModuleReference().Matches(File.ReadAllText(file))
                .Select(match => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, match.Groups["path"].Value))))
            .ToHashSet(StringComparer.Ordinal);
        return [.. files.Where(file => !used.Contains(Path.GetFullPath(file))).Select(RelativePath).Order(StringComparer.Ordinal)];
    }

    private static string RelativePath(string file) =>
        Path.GetRelativePath(RepositoryFiles.Root, file).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Bicep writes one SARIF document per linted file, one after the other.</summary>
    private static List<Diagnostic> ParseSarif(string output)
    {
        var diagnostics = new List<Diagnostic>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var sarif = JsonDocument.ParseValue(ref reader);
            diagnostics.AddRange(sarif.RootElement.GetProperty("runs").EnumerateArray()
                .SelectMany(run => run.TryGetProperty("results", out var results) ? results.EnumerateArray().ToList() : [])
                .Select(Diagnostic.From));
        }

        return diagnostics;
    }

    [Fact]
    public void MainParameters_MatchDeclaredParameters()
    {
        var declared = DeclaredParameters(RepositoryFiles.ReadAllText("infra", "main.bicep"));
        using var parameters = JsonDocument.Parse(RepositoryFiles.ReadAllText("infra", "main.parameters.json"));
        var supplied = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(property => property.Name).ToList();

        var undeclared = supplied.Where(name => !declared.ContainsKey(name)).ToList();
        Assert.True(undeclared.Count == 0, "main.parameters.json sets parameters main.bicep does not declare: " + string.Join(", ", undeclared));
        var missingRequired = declared.Where(parameter => !parameter.Value && !supplied.Contains(parameter.Key)).Select(parameter => parameter.Key).ToList();
        Assert.True(missingRequired.Count == 0, "main.parameters.json lacks required parameters: " + string.Join(", ", missingRequired));
    }

    [Fact]
    public void MainTemplate_SecretsAreSecureParameters()
    {
        var main = RepositoryFiles.ReadAllText("infra", "main.bicep");

        foreach (var secret in new[] { "telegramBotToken", "telegramWebhookSecret" })
        {
            Assert.Matches(new Regex(@"@secure\(\)\s*\r?\nparam " + secret + @"\s+string\b"), main);
        }

        Assert.DoesNotMatch(new Regex(@"listKeys|AccountKey=", RegexOptions.IgnoreCase), main);
    }

    /// <summary>Parameter name to whether it has a default value.</summary>
    private static Dictionary<string, bool> DeclaredParameters(string bicep) =>
        ParameterDeclaration().Matches(bicep).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["default"].Success, StringComparer.Ordinal);

    [GeneratedRegex(@"^module\s+\w+\s+'(?<path>[^']+\.bicep)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+[\w\[\]]+\s*(?<default>=.*)?$", RegexOptions.Multiline)]
    private static partial Regex ParameterDeclaration();

    private sealed record Diagnostic(string Rule, string Level, string Message, string Location)
    {
        public static Diagnostic From(JsonElement result)
        {
            var level = result.TryGetProperty("level", out var levelElement) ? levelElement.GetString() ?? "warning" : "warning";
            var where = "?";
            if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0)
            {
                var location = locations[0].GetProperty("physicalLocation");
                where = $"{location.GetProperty("artifactLocation").GetProperty("uri").GetString()}({location.GetProperty("region").GetProperty("startLine").GetInt32()})";
            }

            return new Diagnostic(result.GetProperty("ruleId").GetString() ?? "?", level, result.GetProperty("message").GetProperty("text").GetString() ?? "", where);
        }

        public override string ToString() => $"{Location}: {Level} {Rule}: {Message}";
    }
}
