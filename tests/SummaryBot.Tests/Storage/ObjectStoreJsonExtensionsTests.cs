using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

public sealed class ObjectStoreJsonExtensionsTests : IDisposable
{
    private readonly TempSqliteStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task UpdateJsonAsync_ManyConcurrentWriters_KeepsEveryIncrement()
    {
        var store = _stores.Open();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            store.UpdateJsonAsync<Counter>("counter.json", c => new Counter((c?.Value ?? 0) + 1)))));

        var final = await store.GetJsonAsync<Counter>("counter.json");
        Assert.Equal(40, final!.Value.Value);
    }
}
