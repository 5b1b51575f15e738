using System.Text.Json;
using System.Text.RegularExpressions;

namespace SummaryBot.Tests.Infra;

/// <summary>
/// Checks on the Functions app's host and deployment files. Its functions themselves are tested in
/// tests/SummaryBot.Functions.Tests, against the compiled worker.
/// </summary>
public sealed partial class FunctionsHostTests
{
    [Fact]
    public void HostJson_SilencesHttpClientLogsAndSamplesTelemetry()
    {
        using var host = JsonDocument.Parse(RepositoryFiles.ReadAllText("src", "SummaryBot.Functions", "host.json"));
        var logging = host.RootElement.GetProperty("logging");

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("None", logging.GetProperty("logLevel").GetProperty("System.Net.Http.HttpClient").GetString());
        Assert.True(logging.GetProperty("applicationInsights").GetProperty("samplingSettings").GetProperty("isEnabled").GetBoolean());
    }

    [Fact]
    public void Project_IsIsolatedWorkerOnFunctionsV4()
    {
        var project = RepositoryFiles.ReadAllText("src", "SummaryBot.Functions", "SummaryBot.Functions.csproj");
        var solution = RepositoryFiles.ReadAllText("SummaryBot.sln");

        Assert.Contains("<AzureFunctionsVersion>v4</AzureFunctionsVersion>", project, StringComparison.Ordinal);
        Assert.Contains("<OutputType>Exe</OutputType>", project, StringComparison.Ordinal);
        Assert.Contains(@"src\SummaryBot.Functions\SummaryBot.Functions.csproj", solution, StringComparison.Ordinal);
    }

    [Fact]
    public void TestBuild_BuildsAndTestsTheFunctionsApp()
    {
        using var filter = JsonDocument.Parse(RepositoryFiles.ReadAllText("SummaryBot.Tests.slnf"));
        var projects = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray().Select(p => p.GetString()).ToList();

        Assert.Contains("src/SummaryBot.Functions/SummaryBot.Functions.csproj", projects);
        Assert.Contains("tests/SummaryBot.Functions.Tests/SummaryBot.Functions.Tests.csproj", projects);
    }

    [Fact]
    public void AzureYaml_DeploysTheFunctionsProjectWithHooks()
    {
        var azureYaml = RepositoryFiles.ReadAllText("azure.yaml");

        Assert.Matches(new Regex(@"services:\s*\n\s+api:\s*\n\s+project: \./src/SummaryBot\.Functions\s*\n\s+language: dotnet\s*\n\s+host: function"), azureYaml);
        foreach (Match script in HookScript().Matches(azureYaml))
        {
            Assert.True(File.Exists(RepositoryFiles.PathOf(script.Groups["path"].Value)), $"azure.yaml runs {script.Groups["path"].Value}, which does not exist.");
        }

        Assert.Equal(4, HookScript().Count(azureYaml));
    }

    [GeneratedRegex(@"run: \./(?<path>infra/hooks/[\w.-]+)")]
    private static partial Regex HookScript();
}
