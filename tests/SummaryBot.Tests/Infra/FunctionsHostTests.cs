using System.Text.Json;
using System.Text.RegularExpressions;

namespace SummaryBot.Tests.Infra;

/// <summary>
/// Checks on src/SummaryBot.Functions, which the test build cannot compile (its worker packages
/// are not on the package mirror): the sources are read as text.
/// </summary>
public sealed partial class FunctionsHostTests
{
    private const int MaxStatementsPerFunction = 3;

    [Fact]
    public void FunctionClasses_AreTheThreeTriggers()
    {
        var names = FunctionMethods().Select(method => method.FunctionName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["ArticleBlobFunction", "DigestTimerFunction", "TelegramWebhookFunction"], names);
    }

    [Fact]
    public void FunctionMethods_OnlyBindAndCallCore()
    {
        foreach (var method in FunctionMethods())
        {
            var statements = method.Body.Count(character => character == ';');
            Assert.True(statements is >= 1 and <= MaxStatementsPerFunction, $"{method.FunctionName} has {statements} statements; a trigger binds and makes one call into Core.");
            Assert.DoesNotMatch(ControlFlow(), method.Body);
            Assert.Single(AwaitedCall().Matches(method.Body));
        }
    }

    [Fact]
    public void ArticleBlobFunction_UsesEventGridSourceAndConfiguredContainer()
    {
        var source = RepositoryFiles.ReadAllText("src", "SummaryBot.Functions", "ArticleBlobFunction.cs");

        Assert.Contains(@"[BlobTrigger(""%Storage:ArticlesContainer%/{name}"", Source = BlobTriggerSource.EventGrid, Connection = ""Storage"")]", source, StringComparison.Ordinal);
        Assert.Contains("pipeline.ProcessAsync(name, ", source, StringComparison.Ordinal);
    }

    [Fact]
    public void BlobEventsTemplate_TargetsTheBlobTriggerFunction()
    {
        var blobFunction = FunctionMethods().Single(method => method.Parameters.Contains("[BlobTrigger(", StringComparison.Ordinal));
        var template = RepositoryFiles.ReadAllText("infra", "app", "blob-events.bicep");

        Assert.Contains($"param blobFunctionName string = '{blobFunction.FunctionName}'", template, StringComparison.Ordinal);
        Assert.Contains("functionName=Host.Functions.${blobFunctionName}", template, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Storage.BlobCreated'", template, StringComparison.Ordinal);
    }

    [Fact]
    public void TelegramWebhookFunction_IsAnonymousPostOnTheHookRoute()
    {
        var source = RepositoryFiles.ReadAllText("src", "SummaryBot.Functions", "TelegramWebhookFunction.cs");
        var hook = RepositoryFiles.ReadAllText("infra", "hooks", "postdeploy.sh");

        Assert.Contains(@"[HttpTrigger(AuthorizationLevel.Anonymous, ""post"", Route = ""telegram/webhook"")]", source, StringComparison.Ordinal);
        Assert.Contains(@"""X-Telegram-Bot-Api-Secret-Token""", source, StringComparison.Ordinal);
        Assert.Contains("/api/telegram/webhook", hook, StringComparison.Ordinal);
        Assert.Contains("secret_token=", hook, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestTimerFunction_RunsEveryFiveMinutes()
    {
        var source = RepositoryFiles.ReadAllText("src", "SummaryBot.Functions", "DigestTimerFunction.cs");

        Assert.Contains(@"[TimerTrigger(""0 */5 * * * *"")]", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Program_RegistersCoreLikeTheCli()
    {
        var program = RepositoryFiles.ReadAllText("src", "SummaryBot.Functions", "Program.cs");

        Assert.Contains("FunctionsApplication.CreateBuilder(args)", program, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddSummaryBot(builder.Configuration);", program, StringComparison.Ordinal);
        Assert.Contains(@"AddFilter(""System.Net.Http.HttpClient"", LogLevel.None)", program, StringComparison.Ordinal);
    }

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

    private static List<FunctionMethod> FunctionMethods()
    {
        var methods = new List<FunctionMethod>();
        foreach (var file in RepositoryFiles.CSharpSources(Path.Combine("src", "SummaryBot.Functions")))
        {
            var source = File.ReadAllText(file);
            foreach (Match match in FunctionAttribute().Matches(source))
            {
                var className = ClassDeclaration().Matches(source[..match.Index]).Last().Groups["name"].Value;
                var name = match.Groups["name"].Value == $"nameof({className})" ? className : match.Groups["name"].Value.Trim('"');
                var open = source.IndexOf('(', match.Index + match.Length);
                var close = MatchingClose(source, open, '(', ')');
                var bodyStart = source.IndexOfAny(['{', '='], close);
                var body = source[bodyStart] == '{'
                    ? source[(bodyStart + 1)..MatchingClose(source, bodyStart, '{', '}')]
                    : source[bodyStart..(source.IndexOf(';', bodyStart) + 1)];
                methods.Add(new FunctionMethod(name, source[open..(close + 1)], body));
            }
        }

        return methods;
    }

    private static int MatchingClose(string source, int open, char opening, char closing)
    {
        var depth = 0;
        for (var index = open; index < source.Length; index++)
        {
            if (source[index] == opening)
            {
                depth++;
            }
            else if (source[index] == closing && --depth == 0)
            {
                return index;
            }
        }

        throw new InvalidOperationException($"Unbalanced '{opening}' at {open}.");
    }

    private sealed record FunctionMethod(string FunctionName, string Parameters, string Body);

    [GeneratedRegex(@"\[Function\((?<name>[^)]*\)?)\)\]\s*public\s+(?:async\s+)?[\w<>]+\s+\w+")]
    private static partial Regex FunctionAttribute();

    [GeneratedRegex(@"\bclass\s+(?<name>\w+)")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"\b(if|else|for|foreach|while|switch|try|catch)\b")]
    private static partial Regex ControlFlow();

    [GeneratedRegex(@"\bawait\s+\w+\.\w+Async\(")]
    private static partial Regex AwaitedCall();

    [GeneratedRegex(@"run: \./(?<path>infra/hooks/[\w.-]+)")]
    private static partial Regex HookScript();
}
