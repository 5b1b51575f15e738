using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes.Telegram;
using SummaryBot.Tests.Fixtures;

namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>
/// One worker with SummaryBot's settings for a test: the loopback Bot API server, state in a temp
/// folder or in fresh Azurite containers, and Core built in the test process over the same state to
/// arrange subscriptions and read result records.
/// </summary>
public sealed class WorkerScenario : IAsyncDisposable
{
    public const string WebhookSecret = "worker-test-secret_1";
    public const string ArticlesConnection = "ArticlesStorage";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sb-worker-" + Guid.NewGuid().ToString("N"));

    private WorkerScenario(Dictionary<string, string?> settings, FakeBotApiServer bot)
    {
        Settings = settings;
        Bot = bot;
    }

    public Dictionary<string, string?> Settings { get; }

    public FakeBotApiServer Bot { get; }

    public FunctionsWorkerHost Worker { get; private set; } = null!;

    /// <summary>Core over the worker's state, for arranging and checking (never for the work under test).</summary>
    public ServiceProvider Core { get; private set; } = null!;

    public string ArticlesContainer => Settings["Storage:ArticlesContainer"]!;

    /// <summary>Starts a worker. With <paramref name="azurite"/>, articles and state are in new containers
    /// there (and the articles connection points at it); else state is a temp folder.</summary>
    public static async Task<WorkerScenario> StartAsync(AzuriteFixture? azurite = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var bot = new FakeBotApiServer();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Telegram:BotToken"] = FakeBotApiServer.Token,
            ["Telegram:ApiBaseUrl"] = bot.BaseUrl.ToString(),
            ["Telegram:WebhookSecret"] = WebhookSecret,
            ["Storage:ArticlesContainer"] = AzuriteFixture.NewContainerName("articles"),
        };
        var scenario = new WorkerScenario(settings, bot);
        if (azurite is null)
        {
            settings["Storage:StateDirectory"] = Path.Combine(scenario._directory, "state");
            settings["Storage:InboxDirectory"] = Path.Combine(scenario._directory, "inbox");
        }
        else
        {
            settings["AzureWebJobsStorage"] = azurite.ConnectionString;
            settings[ArticlesConnection] = azurite.ConnectionString;
            settings["Storage:ConnectionString"] = azurite.ConnectionString;
            settings["Storage:StateContainer"] = AzuriteFixture.NewContainerName("state");
            settings["Delivery:QueueName"] = AzuriteFixture.NewContainerName("q");
            settings["Storage:Retry:MaxRetries"] = "1";
            settings["Storage:Retry:Delay"] = "00:00:00.05";
            await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(settings["Storage:ArticlesContainer"]).CreateIfNotExistsAsync();
        }

        configure?.Invoke(settings);
        try
        {
            await scenario.StartWorkerAsync();
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the worker (a crash) and starts a new one with the same settings and state.</summary>
    public async Task RestartAsync()
    {
        await Worker.DisposeAsync();
        await Core.DisposeAsync();
        await StartWorkerAsync();
    }

    public async Task SubscribeAsync(long chatId, string topic)
    {
        var outcome = await Core.GetRequiredService<SubscriptionService>().SubscribeAsync(chatId, topic, ChatKind.Private);
        Assert.Equal(SubscribeStatus.Added, outcome.Status);
    }

    /// <summary>Runs the outbox sender in process over the queue the worker's article stage wrote to,
    /// until nothing is visible (the queue trigger's work, done here without the host).</summary>
    public Task SendOutboxAsync() => Core.GetRequiredService<SummaryBot.Core.Delivery.Outbox.DeliveryQueueProcessor>().DrainAsync();

    /// <summary>The host's listener of the outbox queue, which runs <c>DeliveryQueueFunction</c> (Azurite scenarios only).</summary>
    public QueueTriggerListener Deliveries => QueueTriggerListener.For(Worker, "DeliveryQueueFunction", Settings);

    /// <summary>The host's listener of the outbox's poison queue, which runs <c>DeliveryPoisonFunction</c> (Azurite scenarios only).</summary>
    public QueueTriggerListener PoisonDeliveries => QueueTriggerListener.For(Worker, "DeliveryPoisonFunction", Settings);

    public Task<ResultRecord?> ResultAsync(string articleName) => Core.GetRequiredService<ArticlePipeline>().GetResultAsync(articleName);

    /// <summary>Invokes the blob trigger with the article's bytes and the <c>name</c> metadata (no storage read).</summary>
    public Task<InvocationResponse> InvokeBlobWithBytesAsync(string name, byte[] content) =>
        Worker.InvokeAsync(
            "ArticleBlobFunction",
            [TriggerData.Input("content", TriggerData.Bytes(content))],
            TriggerData.BlobMetadata(ArticlesContainer, name));

    /// <summary>
    /// Invokes the blob trigger with a reference to the blob, which the worker reads itself through the
    /// connection its metadata names (as the host does for a binding that supports deferred binding).
    /// </summary>
    public Task<InvocationResponse> InvokeBlobByReferenceAsync(string name)
    {
        var trigger = Worker.Functions["ArticleBlobFunction"].RawBindings
            .Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement)
            .Single(binding => binding.GetProperty("type").GetString() == "blobTrigger");
        return Worker.InvokeAsync(
            "ArticleBlobFunction",
            [TriggerData.Input("content", TriggerData.BlobReference(trigger.GetProperty("connection").GetString()!, ArticlesContainer, name))],
            TriggerData.BlobMetadata(ArticlesContainer, name));
    }

    /// <summary>Uploads <paramref name="content"/> to the articles container (Azurite scenarios only).</summary>
    public async Task UploadArticleAsync(string name, byte[] content) =>
        await new BlobServiceClient(Settings[ArticlesConnection]).GetBlobContainerClient(ArticlesContainer).UploadBlobAsync(name, new BinaryData(content));

    /// <summary>POSTs <paramref name="body"/> to the webhook function and returns the HTTP status it answered.</summary>
    public async Task<int> PostWebhookAsync(string body, string? secret)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (secret is not null)
        {
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
        }

        var response = await Worker.InvokeAsync(
            "TelegramWebhookFunction",
            [TriggerData.Input("request", TriggerData.HttpRequest("POST", new Uri("http://localhost:7071/api/telegram/webhook"), headers, body))]);
        WorkerAssert.Succeeded(response);
        return int.Parse(response.ReturnValue.Http.StatusCode, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        if (Core is not null)
        {
            await Core.DisposeAsync();
        }

        await Bot.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Azurite state: no folder was made.
        }
    }

    private async Task StartWorkerAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        Core = new ServiceCollection().AddLogging().AddSummaryBot(configuration).BuildServiceProvider();
        Worker = await FunctionsWorkerHost.StartAsync(Settings);
    }
}
