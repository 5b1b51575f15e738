using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Fakes;

/// <summary>The real service graph of <c>AddSummaryBot</c> over a test store, outbox and clock.</summary>
public sealed class PipelineHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public PipelineHarness(IObjectStore? store = null, RecordingOutbox? outbox = null, FakeTimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        Store = store ?? new InMemoryObjectStore();
        Outbox = outbox ?? new RecordingOutbox();
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IOutbox>(Outbox);
        Queue = new InMemoryDeliveryQueue(Clock);
        services.AddSingleton<IDeliveryQueue>(Queue);
        services.AddSummaryBot(configuration);
        services.AddSingleton(Store);
        _services = services.BuildServiceProvider();
    }

    public IObjectStore Store { get; }

    public RecordingOutbox Outbox { get; }

    public FakeTimeProvider Clock { get; }

    public InMemoryDeliveryQueue Queue { get; }

    public DeliveryQueueProcessor Sender => _services.GetRequiredService<DeliveryQueueProcessor>();

    public ArticlePipeline Pipeline => _services.GetRequiredService<ArticlePipeline>();

    public SubscriptionService Subscriptions => _services.GetRequiredService<SubscriptionService>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The article stage, then the sender until the queue has nothing visible; the result as recorded after both.</summary>
    public Task<ResultRecord> ProcessFileAsync(string path, CancellationToken cancellationToken = default) =>
        ProcessAndSendAsync(Path.GetFileName(path), BinaryData.FromBytes(File.ReadAllBytes(path)), cancellationToken);

    /// <inheritdoc cref="ProcessFileAsync"/>
    public Task<ResultRecord> ProcessTextAsync(string name, string text, CancellationToken cancellationToken = default) =>
        ProcessAndSendAsync(name, BinaryData.FromString(text), cancellationToken);

    public async Task<ResultRecord> ProcessAndSendAsync(string name, BinaryData content, CancellationToken cancellationToken = default)
    {
        var staged = await Pipeline.ProcessAsync(name, content, cancellationToken);
        await Sender.DrainAsync(cancellationToken);
        return await Pipeline.GetResultAsync(name, cancellationToken) ?? staged;
    }

    public void Dispose() => _services.Dispose();
}
