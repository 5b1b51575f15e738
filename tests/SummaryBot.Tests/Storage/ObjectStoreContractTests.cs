using System.Text;
using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

/// <summary>
/// The object-store contract (IObjectStore): every implementation derives from this class with a
/// factory for a fresh, empty store, and must pass every test here.
/// </summary>
public abstract class ObjectStoreContractTests
{
    /// <summary>A new, empty store that no other test uses.</summary>
    protected abstract IObjectStore CreateStore();

    private static BinaryData Text(string text) => BinaryData.FromString(text);

    private static string TextOf(StoredObject? stored) => Encoding.UTF8.GetString(stored!.Content.ToArray());

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.GetAsync("results/missing.json"));
    }

    [Fact]
    public async Task TryCreateAsync_Absent_CreatesWithTheETagThatGetReturns()
    {
        var store = CreateStore();

        var etag = await store.TryCreateAsync("stories/a.json", Text("{\"a\":1}"));

        Assert.False(string.IsNullOrEmpty(etag));
        var stored = await store.GetAsync("stories/a.json");
        Assert.Equal("stories/a.json", stored!.Path);
        Assert.Equal("{\"a\":1}", TextOf(stored));
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task TryCreateAsync_Existing_ReturnsNullAndKeepsContent()
    {
        var store = CreateStore();
        var first = await store.TryCreateAsync("a.txt", Text("first"));

        var second = await store.TryCreateAsync("a.txt", Text("second"));

        Assert.Null(second);
        var stored = await store.GetAsync("a.txt");
        Assert.Equal("first", TextOf(stored));
        Assert.Equal(first, stored!.ETag);
    }

    [Fact]
    public async Task TryCreateAsync_ConcurrentCreators_ExactlyOneWins()
    {
        var store = CreateStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => store.TryCreateAsync("deliveries/s1/1.json", Text($"writer {i}")))));

        var winners = results.Where(r => r is not null).ToList();
        Assert.Single(winners);
        var stored = await store.GetAsync("deliveries/s1/1.json");
        Assert.Equal(winners[0], stored!.ETag);
        Assert.StartsWith("writer ", TextOf(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryReplaceAsync_MatchingETag_ReplacesAndReturnsNewETag()
    {
        var store = CreateStore();
        var etag = await store.TryCreateAsync("a.json", Text("v1"));

        var replaced = await store.TryReplaceAsync("a.json", Text("v2"), etag!);

        Assert.NotNull(replaced);
        Assert.NotEqual(etag, replaced);
        var stored = await store.GetAsync("a.json");
        Assert.Equal("v2", TextOf(stored));
        Assert.Equal(replaced, stored!.ETag);
    }

    [Fact]
    public async Task TryReplaceAsync_StaleETag_ReturnsNullAndKeepsNewerContent()
    {
        var store = CreateStore();
        var stale = await store.TryCreateAsync("a.json", Text("v1"));
        await store.TryReplaceAsync("a.json", Text("v2"), stale!);

        var result = await store.TryReplaceAsync("a.json", Text("v3"), stale!);

        Assert.Null(result);
        Assert.Equal("v2", TextOf(await store.GetAsync("a.json")));
    }

    [Fact]
    public async Task TryReplaceAsync_Missing_ReturnsNullAndCreatesNothing()
    {
        var store = CreateStore();
        var etag = await store.TryCreateAsync("other.json", Text("x"));

        var result = await store.TryReplaceAsync("a.json", Text("v1"), etag!);

        Assert.Null(result);
        Assert.Null(await store.GetAsync("a.json"));
    }

    [Fact]
    public async Task TryReplaceAsync_ConcurrentReplacersWithOneETag_ExactlyOneWins()
    {
        var store = CreateStore();
        var etag = await store.TryCreateAsync("subscriptions/1.json", Text("v0"));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => store.TryReplaceAsync("subscriptions/1.json", Text($"v{i + 1}"), etag!))));

        var winners = results.Where(r => r is not null).ToList();
        Assert.Single(winners);
        Assert.Equal(winners[0], (await store.GetAsync("subscriptions/1.json"))!.ETag);
    }

    [Fact]
    public async Task DeleteAsync_ExistingWithoutETag_DeletesAndReturnsTrue()
    {
        var store = CreateStore();
        await store.TryCreateAsync("a.json", Text("v1"));

        Assert.True(await store.DeleteAsync("a.json"));

        Assert.Null(await store.GetAsync("a.json"));
        Assert.Empty(await ListAsync(store, string.Empty));
    }

    [Fact]
    public async Task DeleteAsync_Missing_ReturnsFalse()
    {
        var store = CreateStore();

        Assert.False(await store.DeleteAsync("a.json"));
    }

    [Fact]
    public async Task DeleteAsync_StaleETag_ReturnsFalseAndKeepsObject()
    {
        var store = CreateStore();
        var stale = await store.TryCreateAsync("a.json", Text("v1"));
        await store.TryReplaceAsync("a.json", Text("v2"), stale!);

        Assert.False(await store.DeleteAsync("a.json", stale));

        Assert.Equal("v2", TextOf(await store.GetAsync("a.json")));
    }

    [Fact]
    public async Task DeleteAsync_MatchingETag_Deletes()
    {
        var store = CreateStore();
        var etag = await store.TryCreateAsync("digests/1/s.json", Text("v1"));

        Assert.True(await store.DeleteAsync("digests/1/s.json", etag));

        Assert.Null(await store.GetAsync("digests/1/s.json"));
    }

    [Fact]
    public async Task TryCreateAsync_AfterDelete_CreatesAgain()
    {
        var store = CreateStore();
        await store.TryCreateAsync("a.json", Text("v1"));
        await store.DeleteAsync("a.json");

        var etag = await store.TryCreateAsync("a.json", Text("v2"));

        Assert.NotNull(etag);
        Assert.Equal("v2", TextOf(await store.GetAsync("a.json")));
    }

    [Fact]
    public async Task GetAsync_BinaryAndEmptyContent_RoundTripsExactly()
    {
        var store = CreateStore();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0xFF, 0xFE, 0x00 }).ToArray();

        await store.TryCreateAsync("binary.bin", BinaryData.FromBytes(bytes));
        await store.TryCreateAsync("empty.txt", BinaryData.FromBytes(Array.Empty<byte>()));

        Assert.Equal(bytes, (await store.GetAsync("binary.bin"))!.Content.ToArray());
        Assert.Empty((await store.GetAsync("empty.txt"))!.Content.ToArray());
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsOnlyMatchingPathsInOrdinalOrder()
    {
        var store = CreateStore();
        string[] paths =
        [
            "results/b.txt.json", "results/a-b.txt.json", "results/a.b.txt.json", "results/a/b.json", "results/a0.json",
            "results/A.json", "results/é.json", "results/Россия–КНДР.md.json", "stories/x.json", "resultsX.json",
        ];
        foreach (var path in paths)
        {
            await store.TryCreateAsync(path, Text(path));
        }

        var listed = await ListAsync(store, "results/");

        var expected = paths.Where(p => p.StartsWith("results/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task ListAsync_PartialNamePrefix_MatchesAcrossFolders()
    {
        var store = CreateStore();
        foreach (var path in new[] { "digests/12/a.json", "digests/12/b.json", "digests/123/a.json", "digests/2/a.json" })
        {
            await store.TryCreateAsync(path, Text(path));
        }

        Assert.Equal(["digests/12/a.json", "digests/12/b.json"], await ListAsync(store, "digests/12/"));
        Assert.Equal(["digests/12/a.json", "digests/12/b.json", "digests/123/a.json"], await ListAsync(store, "digests/12"));
    }

    [Fact]
    public async Task ListAsync_EmptyPrefix_ListsEverythingInOrdinalOrder()
    {
        var store = CreateStore();
        string[] paths = ["b.txt", "a/c.json", "a.md", "000_1.txt"];
        foreach (var path in paths)
        {
            await store.TryCreateAsync(path, Text(path));
        }

        Assert.Equal(paths.Order(StringComparer.Ordinal).ToList(), await ListAsync(store, string.Empty));
    }

    [Fact]
    public async Task ListAsync_NothingMatches_ReturnsEmpty()
    {
        var store = CreateStore();
        await store.TryCreateAsync("stories/a.json", Text("a"));

        Assert.Empty(await ListAsync(store, "results/"));
        Assert.Empty(await ListAsync(store, "nowhere/deep/"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("/results/a.json")]
    [InlineData("results//a.json")]
    [InlineData("results/../a.json")]
    [InlineData("./a.json")]
    [InlineData("results/")]
    [InlineData("results\\a.json")]
    public async Task AllOperations_InvalidPath_ThrowArgumentException(string path)
    {
        var store = CreateStore();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(path));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateAsync(path, Text("x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryReplaceAsync(path, Text("x"), "\"etag\""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeleteAsync(path));
    }

    [Fact]
    public async Task UpdateJsonAsync_ConcurrentWriters_KeepEveryUpdate()
    {
        var store = CreateStore();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            store.UpdateJsonAsync<Counter>("catalog/counter.json", c => new Counter((c?.Value ?? 0) + 1)))));

        Assert.Equal(16, (await store.GetJsonAsync<Counter>("catalog/counter.json"))!.Value.Value);
    }

    protected static async Task<List<string>> ListAsync(IObjectStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var path in store.ListAsync(prefix))
        {
            paths.Add(path);
        }

        return paths;
    }
}
