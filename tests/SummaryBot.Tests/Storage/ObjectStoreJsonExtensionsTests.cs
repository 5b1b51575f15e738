using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

public sealed class ObjectStoreJsonExtensionsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sb-json-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed record Counter(int Value);

    [Fact]
    public async Task UpdateJsonAsync_ManyConcurrentWriters_KeepsEveryIncrement()
    {
        var store = new FolderObjectStore(_root);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            store.UpdateJsonAsync<Counter>("counter.json", c => new Counter((c?.Value ?? 0) + 1)))));

        var final = await store.GetJsonAsync<Counter>("counter.json");
        Assert.Equal(40, final!.Value.Value);
    }
}
