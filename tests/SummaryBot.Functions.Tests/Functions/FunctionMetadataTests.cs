using System.Text.Json;
using SummaryBot.Functions.Tests.WorkerHost;
using SummaryBot.Tests.Infra;

namespace SummaryBot.Functions.Tests.Functions;

/// <summary>What the worker declares to the host in its FunctionMetadataResponse: the functions, their
/// triggers and the settings the host acts on (Event Grid source, connection, route, schedule).</summary>
public sealed class FunctionMetadataTests(WorkerFixture worker) : IClassFixture<WorkerFixture>
{
    private readonly WorkerScenario _scenario = worker.Scenario;

    [Fact]
    public void Functions_AreTheFiveTriggersEachWithOneTrigger()
    {
        Assert.Equal(
            ["ArticleBlobFunction", "DeliveryPoisonFunction", "DeliveryQueueFunction", "DigestTimerFunction", "TelegramWebhookFunction"],
            _scenario.Worker.Functions.Keys.Order(StringComparer.Ordinal));
        foreach (var function in _scenario.Worker.Functions.Values)
        {
            Assert.Single(function.Bindings, binding => binding.Value.Type.EndsWith("Trigger", StringComparison.Ordinal));
            Assert.Equal("dotnet-isolated", function.Language);
        }
    }

    [Fact]
    public void ArticleBlobFunction_IsAnEventGridBlobTriggerOnTheConfiguredContainerWithItsOwnConnection()
    {
        var function = _scenario.Worker.Functions["ArticleBlobFunction"];
        var binding = Assert.Single(function.Bindings);
        var raw = Raw(function, binding.Key);

        Assert.Equal("content", binding.Key);
        Assert.Equal("blobTrigger", binding.Value.Type);
        Assert.Equal("%Storage:ArticlesContainer%/{name}", raw.GetProperty("path").GetString());
        Assert.Equal("EventGrid", raw.GetProperty("source").GetString());
        Assert.Equal(WorkerScenario.ArticlesConnection, raw.GetProperty("connection").GetString());
        Assert.Equal("True", raw.GetProperty("properties").GetProperty("supportsDeferredBinding").GetString(), ignoreCase: true);
    }

    [Fact]
    public void DeliveryQueueFunction_IsAQueueTriggerOnTheConfiguredQueueWithTheArticlesConnection()
    {
        foreach (var (name, queue) in new[] { ("DeliveryQueueFunction", "%Delivery:QueueName%"), ("DeliveryPoisonFunction", "%Delivery:QueueName%-poison") })
        {
            var function = _scenario.Worker.Functions[name];
            var binding = Assert.Single(function.Bindings);
            var raw = Raw(function, binding.Key);

            Assert.Equal("queueTrigger", binding.Value.Type);
            Assert.Equal(queue, raw.GetProperty("queueName").GetString());
            Assert.Equal(WorkerScenario.ArticlesConnection, raw.GetProperty("connection").GetString());

            // The host therefore passes the message as a model binding reference (what the test
            // host's QueueTriggerListener sends), not as its text.
            Assert.Equal("True", raw.GetProperty("properties").GetProperty("supportsDeferredBinding").GetString(), ignoreCase: true);
        }
    }

    [Fact]
    public void TelegramWebhookFunction_IsAnonymousPostOnTheWebhookRouteReturningHttp()
    {
        var function = _scenario.Worker.Functions["TelegramWebhookFunction"];
        var raw = Raw(function, "request");

        Assert.Equal("httpTrigger", function.Bindings["request"].Type);
        Assert.Equal("telegram/webhook", raw.GetProperty("route").GetString());
        Assert.Equal(["post"], raw.GetProperty("methods").EnumerateArray().Select(method => method.GetString()));
        Assert.Equal("Anonymous", raw.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Equal("http", function.Bindings["$return"].Type);

        // The route Telegram is told about after deployment (host.json's route prefix is "api").
        var hook = RepositoryFiles.ReadAllText("infra", "hooks", "postdeploy.sh");
        Assert.Contains("/api/" + raw.GetProperty("route").GetString(), hook, StringComparison.Ordinal);
        Assert.Contains("secret_token=", hook, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestTimerFunction_RunsEveryFiveMinutes()
    {
        var function = _scenario.Worker.Functions["DigestTimerFunction"];

        Assert.Equal("timerTrigger", function.Bindings["timer"].Type);
        Assert.Equal("0 */5 * * * *", Raw(function, "timer").GetProperty("schedule").GetString());
    }

    [Fact]
    public void ArticleBlobFunction_ConnectionIsSetLocallyAndInAzureApartFromTheHostStorage()
    {
        var connection = Raw(_scenario.Worker.Functions["ArticleBlobFunction"], "content").GetProperty("connection").GetString()!;
        var sample = ConfigurationSources.LocalSettingsSample();
        var azure = ConfigurationSources.BicepAppSettings();

        // Looked up as AzureWebJobs{Name} first: a name that makes that the host's storage is wrong.
        Assert.False(string.Equals("AzureWebJobs" + connection, "AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("UseDevelopmentStorage=true", sample[connection]);
        Assert.Equal("dotnet-isolated", sample["FUNCTIONS_WORKER_RUNTIME"]);
        foreach (var key in new[] { "blobServiceUri", "queueServiceUri", "credential", "clientId" })
        {
            Assert.Contains($"{connection}:{key}", azure);
        }

        Assert.Contains("AzureWebJobsStorage:credential", azure);
        Assert.Contains("Storage:ServiceUri", azure);
    }

    [Fact]
    public void BlobEventsTemplate_TargetsTheBlobTriggerFunction()
    {
        var template = RepositoryFiles.ReadAllText("infra", "app", "blob-events.bicep");
        var blobFunction = _scenario.Worker.Functions.Values.Single(function => function.Bindings.Values.Any(binding => binding.Type == "blobTrigger"));

        Assert.Contains($"param blobFunctionName string = '{blobFunction.Name}'", template, StringComparison.Ordinal);
        Assert.Contains("functionName=Host.Functions.${blobFunctionName}", template, StringComparison.Ordinal);
    }

    private static JsonElement Raw(Microsoft.Azure.Functions.Worker.Grpc.Messages.RpcFunctionMetadata function, string bindingName) =>
        function.RawBindings
            .Select(json => JsonDocument.Parse(json).RootElement)
            .Single(binding => binding.GetProperty("name").GetString() == bindingName);
}
