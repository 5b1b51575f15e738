using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.Telegram;
using Telegram.Bot.Types;
using SummaryBot.Core.Bot;

namespace SummaryBot.Tests.Fakes.Telegram;

/// <summary>
/// SummaryBot as a host builds it (AddSummaryBot with a configuration that sets Telegram:BotToken
/// and points Telegram:ApiBaseUrl at the loopback server), with folder state in a temp directory and
/// every log line captured.
/// </summary>
public sealed class TelegramTestHost : IAsyncDisposable, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "summarybot-telegram-" + Guid.NewGuid().ToString("N"));
    private readonly bool _ownsServer;

    /// <param name="server">A server shared with another host (e.g. before and after a restart); owned and disposed when null.</param>
    /// <param name="configure">Changes to the services after AddSummaryBot (e.g. a stand-in for a model-backed service).</param>
    public TelegramTestHost(
        IReadOnlyDictionary<string, string?>? settings = null, FakeBotApiServer? server = null, Action<IServiceCollection>? configure = null)
    {
        _ownsServer = server is null;
        Server = server ?? new FakeBotApiServer();
        Directory.CreateDirectory(_directory);
        var values = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApiServer.Token,
            ["Telegram:ApiBaseUrl"] = Server.BaseUrl.ToString(),
            ["Telegram:WebhookSecret"] = "test-secret_123",
            ["Telegram:PollingTimeoutSeconds"] = "1",
            ["Storage:StateDirectory"] = Path.Combine(_directory, "state"),
            ["Storage:InboxDirectory"] = Path.Combine(_directory, "inbox"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace));
        services.AddSummaryBot(configuration);
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public FakeBotApiServer Server { get; }

    /// <summary>Every log record of the host, at every level.</summary>
    public FakeLogCollector Logs { get; } = new();

    /// <summary>Each log record as one line: level, category, message, structured values, exception (with its
    /// stack and inner exceptions) and scopes, so a test can look for a secret in all of it.</summary>
    public IEnumerable<string> LogLines => Logs.GetSnapshot().Select(r =>
        $"{r.Level} {r.Category}: {r.Message} [{string.Join(";", (r.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"))}] {r.Exception} {string.Join(";", r.Scopes)}");

    public ServiceProvider Services { get; }

    public BotUpdateHandler Handler => Services.GetRequiredService<BotUpdateHandler>();

    public IOutbox Outbox => Services.GetRequiredService<IOutbox>();

    public ArticlePipeline Pipeline => Services.GetRequiredService<ArticlePipeline>();

    public SubscriptionService Subscriptions => Services.GetRequiredService<SubscriptionService>();

    public Task HandleAsync(Update update) => Handler.HandleAsync(update, CancellationToken.None);

    /// <summary>The text of the last sendMessage to a chat.</summary>
    public string LastReplyTo(long chatId) =>
        Server.Calls("sendMessage").Last(r => r.ChatId == chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Text ?? string.Empty;

    public DeliveryQueueProcessor Sender => Services.GetRequiredService<DeliveryQueueProcessor>();

    /// <summary>The article stage, then the sender until the outbox queue has nothing visible; the result as recorded after both.</summary>
    public async Task<Core.Pipeline.ResultRecord> DropAsync(string name, string text)
    {
        var staged = await Pipeline.ProcessAsync(name, BinaryData.FromString(text));
        await Sender.SendUntilEmptyAsync(Services.GetRequiredService<IDeliveryQueue>(), TimeSpan.FromSeconds(3));
        return await Pipeline.GetResultAsync(name) ?? staged;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_ownsServer)
        {
            await Server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
