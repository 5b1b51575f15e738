using SummaryBot.Core.Storage.Sqlite;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Storage;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fixtures;

namespace SummaryBot.Tests.Delivery.Outbox;

/// <summary>The semantics every outbox queue shares (Azure Storage queue, SQLite, in memory), on real time.</summary>
public abstract class DeliveryQueueContractTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    protected abstract IDeliveryQueue Queue { get; }

    [Fact]
    public async Task Receive_Twice_SecondGetsNothingWhileTheFirstHoldsIt()
    {
        await Queue.EnqueueAsync(BinaryData.FromString("job"));

        var first = Assert.Single(await Queue.ReceiveAsync(32, TimeSpan.FromMinutes(1)));
        var second = await Queue.ReceiveAsync(32, TimeSpan.FromMinutes(1));

        Assert.Equal("job", first.Body.ToString());
        Assert.Equal(1, first.DequeueCount);
        Assert.Empty(second);
        Assert.Equal(1, await Queue.CountAsync());
    }

    [Fact]
    public async Task Receive_AfterTheVisibilityTimeout_AnotherReceiverGetsItAndTheOldReceiptIsStale()
    {
        await Queue.EnqueueAsync(BinaryData.FromString("job"));
        var first = Assert.Single(await Queue.ReceiveAsync(1, Short));
        await Task.Delay(Short * 1.5);

        var again = Assert.Single(await Queue.ReceiveAsync(1, TimeSpan.FromMinutes(1)));

        Assert.Equal(2, again.DequeueCount);
        Assert.False(await Queue.DeleteAsync(first));
        Assert.Null(await Queue.MakeVisibleAfterAsync(first, TimeSpan.Zero));
        Assert.True(await Queue.DeleteAsync(again));
        Assert.Equal(0, await Queue.CountAsync());
    }

    [Fact]
    public async Task MakeVisibleAfter_Delay_HiddenUntilThenVisible()
    {
        await Queue.EnqueueAsync(BinaryData.FromString("job"));
        var held = Assert.Single(await Queue.ReceiveAsync(1, TimeSpan.FromMinutes(5)));

        var moved = await Queue.MakeVisibleAfterAsync(held, Short);
        var atOnce = await Queue.ReceiveAsync(1, TimeSpan.FromMinutes(1));
        await Task.Delay(Short * 1.5);
        var later = await Queue.ReceiveAsync(1, TimeSpan.FromMinutes(1));

        Assert.NotNull(moved);
        Assert.Empty(atOnce);
        Assert.Equal("job", Assert.Single(later).Body.ToString());
    }

    [Fact]
    public async Task EnqueueMany_Fifty_AllReceivedOnce()
    {
        await Queue.EnqueueManyAsync([.. Enumerable.Range(0, 50).Select(i => BinaryData.FromString($"job {i}"))]);

        var received = new List<string>();
        IReadOnlyList<QueueMessage> batch;
        while ((batch = await Queue.ReceiveAsync(32, TimeSpan.FromMinutes(1))).Count > 0)
        {
            received.AddRange(batch.Select(m => m.Body.ToString()));
        }

        Assert.Equal(50, received.Distinct().Count());
        Assert.Equal(50, received.Count);
    }

    [Fact]
    public async Task Enqueue_WithDelay_NotVisibleBeforeIt()
    {
        await Queue.EnqueueAsync(BinaryData.FromString("later"), TimeSpan.FromMinutes(10));
        await Queue.EnqueueAsync(BinaryData.FromString("now"));

        var received = await Queue.ReceiveAsync(32, TimeSpan.FromMinutes(1));

        Assert.Equal(["now"], received.Select(m => m.Body.ToString()));
        Assert.Equal(2, await Queue.CountAsync());
    }
}

public sealed class SqliteDeliveryQueueContractTests : DeliveryQueueContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sb-queue-" + Guid.NewGuid().ToString("N"));

    public SqliteDeliveryQueueContractTests() => Queue = new SqliteDeliveryQueue(SqliteDatabase.InDirectory(_directory), TimeProvider.System);

    protected override IDeliveryQueue Queue { get; }

    [Fact]
    public async Task Receive_TwoProcessesOnOneDatabase_EachJobToExactlyOne()
    {
        var other = new SqliteDeliveryQueue(SqliteDatabase.InDirectory(_directory), TimeProvider.System);
        for (var i = 0; i < 200; i++)
        {
            await Queue.EnqueueAsync(BinaryData.FromString($"job {i}"));
        }

        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var mine = new List<string>();
            IReadOnlyList<QueueMessage> batch;
            while ((batch = await (n % 2 == 0 ? Queue : other).ReceiveAsync(7, TimeSpan.FromMinutes(1))).Count > 0)
            {
                mine.AddRange(batch.Select(m => m.Body.ToString()));
            }

            return mine;
        })));

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
        Assert.True(File.Exists(Path.Combine(_directory, SqliteDatabase.FileName)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class InMemoryDeliveryQueueContractTests : DeliveryQueueContractTests
{
    protected override IDeliveryQueue Queue { get; } = new InMemoryDeliveryQueue(TimeProvider.System);
}

[Collection(AzuriteGroup.Name)]
public sealed class AzureDeliveryQueueContractTests(AzuriteFixture azurite) : DeliveryQueueContractTests
{
    protected override IDeliveryQueue Queue { get; } = AzureDeliveryQueue.Create(azurite.NewStorageOptions(), AzuriteFixture.NewContainerName("q"));

    [Fact]
    public void QueueServiceUri_BlobEndpoint_BecomesTheQueueEndpoint() =>
        Assert.Equal(
            new Uri("https://acct.queue.core.windows.net/"),
            AzureDeliveryQueue.QueueServiceUri(new Uri("https://acct.blob.core.windows.net/")));

    [Fact]
    public void Create_ServiceUriThatIsNotABlobEndpoint_SaysWhichKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AzureDeliveryQueue.Create(new StorageOptions { ServiceUri = new Uri("https://example.com/") }, "deliveries"));
        Assert.Contains("Storage:ServiceUri", error.Message, StringComparison.Ordinal);
    }
}
