using System.Text;
using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

/// <summary>
/// What only the folder store does: replacing by recycling the previous version as a spare file,
/// and keeping readers safe while it does.
/// </summary>
public sealed class FolderObjectStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sb-folder-" + Guid.NewGuid().ToString("N"));

    private string FileOf(string path) => Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));

    private static BinaryData Text(string text) => BinaryData.FromString(text);

    private static string TextOf(StoredObject? stored) => Encoding.UTF8.GetString(stored!.Content.ToArray());

    [Fact]
    public async Task TryReplaceAsync_OnLinux_ExchangesWithTheSpareWhichNeverShowsInListings()
    {
        var store = new FolderObjectStore(_root);
        var etag = await store.TryCreateAsync("stories/a.json", Text("version 1"));

        var second = await store.TryReplaceAsync("stories/a.json", Text("version 2, longer"), etag!);
        var third = await store.TryReplaceAsync("stories/a.json", Text("v3"), second!);

        Assert.NotNull(third);
        Assert.Equal("v3", TextOf(await store.GetAsync("stories/a.json")));
        Assert.Equal(["stories/a.json"], await ListAsync(store, ""));
        var spare = FileOf("stories/a.json") + ".spare-sb";
        if (OperatingSystem.IsLinux())
        {
            Assert.True(FileSwap.Available, "renameat2(RENAME_EXCHANGE) should work on this Linux file system");
            // The spare is the version before, rewritten in place: no trailing bytes of a longer one.
            Assert.Equal("version 2, longer", await File.ReadAllTextAsync(spare));
        }
        else
        {
            Assert.False(File.Exists(spare));
        }
    }

    [Fact]
    public async Task TryReplaceAsync_SpareStillBeingRead_ReplacesAnotherWayAndLeavesTheReaderItsVersion()
    {
        var store = new FolderObjectStore(_root);
        var etag = await store.TryCreateAsync("a.json", Text("one"));
        etag = await store.TryReplaceAsync("a.json", Text("two"), etag!);

        // A slow reader that opened "one" before it became the spare (.NET holds flock(LOCK_SH) while the handle is open).
        var spare = FileOf("a.json") + ".spare-sb";
        await using (var reader = new FileStream(OperatingSystem.IsLinux() ? spare : FileOf("a.json"), FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var replaced = await store.TryReplaceAsync("a.json", Text("three"), etag!);

            Assert.NotNull(replaced);
            Assert.Equal("three", TextOf(await store.GetAsync("a.json")));
            using var text = new StreamReader(reader);
            Assert.Equal(OperatingSystem.IsLinux() ? "one" : "two", await text.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task TryReplaceAsync_ReaderHeldUpBetweenOpenAndLock_CannotSeeTheNextVersionBeforeItIsInPlace()
    {
        if (!PosixFiles.Available)
        {
            Assert.False(OperatingSystem.IsLinux(), "the Linux calls should bind on Linux");
            return;
        }

        var store = new FolderObjectStore(_root);
        var file = FileOf("a.json");
        var etag = await store.TryCreateAsync("a.json", Text("v1"));
        etag = await store.TryReplaceAsync("a.json", Text("v2"), etag!);
        etag = await store.TryReplaceAsync("a.json", Text("v3"), etag!);

        // A reader opens the published file (v3) and is held up before it locks it. The next replace
        // makes that file the spare; the one after rewrites it, and the reader tries its lock while
        // the rewritten file is not yet in place.
        var reader = PosixFiles.OpenUnlocked(file);
        etag = await store.TryReplaceAsync("a.json", Text("v4"), etag!);
        (byte[]? Content, bool Busy, string Published)? seen = null;
        FileSwap.BeforeExchange = spare =>
        {
            if (spare == file + ".spare-sb" && seen is null)
            {
                var content = PosixFiles.TryReadSharedAndClose(reader, file, out var busy);
                seen = (content, busy, File.ReadAllText(file));
            }
        };
        try
        {
            Assert.NotNull(await store.TryReplaceAsync("a.json", Text("v5"), etag!));
        }
        finally
        {
            FileSwap.BeforeExchange = null;
        }

        Assert.NotNull(seen);
        Assert.Equal("v4", seen.Value.Published);
        Assert.True(seen.Value.Busy, $"the reader read '{Encoding.UTF8.GetString(seen.Value.Content ?? [])}' before it was in place");
        Assert.Null(seen.Value.Content);
        Assert.Equal("v5", TextOf(await store.GetAsync("a.json")));
    }

    [Fact]
    public async Task GetAsync_FileLockedExclusivelyByAWriter_RetriesThenReportsTheLock()
    {
        var store = new FolderObjectStore(_root);
        await store.TryCreateAsync("a.json", Text("content"));

        using (File.OpenHandle(FileOf("a.json"), FileMode.Open, FileAccess.Write, FileShare.None))
        {
            await Assert.ThrowsAsync<IOException>(() => store.GetAsync("a.json"));
        }

        Assert.Equal("content", TextOf(await store.GetAsync("a.json")));
    }

    [Fact]
    public async Task DeleteAsync_ReplacedObject_RemovesTheSpareAndTheNameCanBeUsedAgain()
    {
        var store = new FolderObjectStore(_root);
        var etag = await store.TryCreateAsync("d/a.json", Text("one"));
        await store.TryReplaceAsync("d/a.json", Text("two"), etag!);

        Assert.True(await store.DeleteAsync("d/a.json"));

        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "d")));
        etag = await store.TryCreateAsync("d/a.json", Text("three"));
        Assert.NotNull(await store.TryReplaceAsync("d/a.json", Text("four"), etag!));
        Assert.Equal("four", TextOf(await store.GetAsync("d/a.json")));
    }

    [Theory]
    [InlineData("a.json.spare-sb")]
    [InlineData("d/a.json.tmp-sb")]
    [InlineData(".locks/000.lock")]
    public async Task AllOperations_NamesTheStoreUsesItself_ThrowArgumentException(string path)
    {
        var store = new FolderObjectStore(_root);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(path));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryCreateAsync(path, Text("x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryReplaceAsync(path, Text("x"), "\"e\""));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetAsync_ObjectLargerThanTheReadBuffer_RoundTripsExactly(bool useLinuxCalls)
    {
        var store = new FolderObjectStore(_root, useLinuxCalls);
        var large = new byte[300_001];
        new Random(7).NextBytes(large);
        var smaller = large.AsSpan(0, 70_000).ToArray();

        var etag = await store.TryCreateAsync("big/a.bin", BinaryData.FromBytes(large));
        Assert.Equal(large, (await store.GetAsync("big/a.bin"))!.Content.ToArray());
        await store.TryReplaceAsync("big/a.bin", BinaryData.FromBytes(smaller), etag!);

        var stored = await store.GetAsync("big/a.bin");
        Assert.Equal(smaller, stored!.Content.ToArray());
        Assert.Equal(FolderObjectStore.ETagOf(smaller), stored.ETag);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetAsync_PathThroughAnObject_ReturnsNull(bool useLinuxCalls)
    {
        var store = new FolderObjectStore(_root, useLinuxCalls);
        await store.TryCreateAsync("a.json", Text("{}"));

        Assert.Null(await store.GetAsync("a.json/b.json"));
    }

    private sealed record Version(string Name, int Value, string Padding);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadersDuringReplaces_AlwaysSeeAWholeVersionOfTheirOwnObject_AndNoUpdateIsLost(bool useLinuxCalls)
    {
        var store = new FolderObjectStore(_root, useLinuxCalls);
        string[] names = ["a/1.json", "a/2.json", "a/3.json"];
        const int updatesPerWriter = 150;
        const int writersPerObject = 2;
        using var done = new CancellationTokenSource();

        var writers = names.SelectMany(name => Enumerable.Range(0, writersPerObject).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < updatesPerWriter; i++)
            {
                // Sizes vary so that a torn read (old bytes after new ones) would not parse.
                await store.UpdateJsonAsync<Version>(name, v => new Version(name, (v?.Value ?? 0) + 1, new string('x', Random.Shared.Next(0, 3000))));
            }
        }))).ToArray();
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            var seen = names.ToDictionary(n => n, _ => 0);
            var reads = 0;
            while (!done.IsCancellationRequested || reads == 0)
            {
                var name = names[reads++ % names.Length];
                if (await store.GetAsync(name) is not { } stored)
                {
                    continue;
                }

                var version = SummaryBotJson.Deserialize<Version>(stored.Content);
                Assert.Equal(name, version.Name);
                Assert.True(version.Value >= seen[name], $"{name} went back from {seen[name]} to {version.Value}");
                Assert.Equal(FolderObjectStore.ETagOf(stored.Content.ToArray()), stored.ETag);
                seen[name] = version.Value;
            }

            return reads;
        })).ToArray();

        await Task.WhenAll(writers);
        await done.CancelAsync();
        var readCounts = await Task.WhenAll(readers);

        Assert.All(readCounts, count => Assert.True(count > 0));
        foreach (var name in names)
        {
            Assert.Equal(updatesPerWriter * writersPerObject, (await store.GetJsonAsync<Version>(name))!.Value.Value);
        }
    }

    private static async Task<List<string>> ListAsync(FolderObjectStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var path in store.ListAsync(prefix))
        {
            paths.Add(path);
        }

        return paths;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
