using System.Text;
using Microsoft.Data.Sqlite;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Tests.Storage.Sqlite;

/// <summary>What the SQLite store promises beyond the shared contract: its file, its settings, names and several writers on one file.</summary>
public sealed class SqliteObjectStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sb-sqlite-").FullName;
    private readonly List<SqliteDatabase> _databases = [];

    public void Dispose()
    {
        _databases.ForEach(d => d.ReleasePooledConnections());
        Directory.Delete(_root, recursive: true);
    }

    private SqliteDatabase Database(string? directory = null)
    {
        var database = SqliteDatabase.InDirectory(directory ?? _root);
        _databases.Add(database);
        return database;
    }

    private static string TextOf(StoredObject? stored) => Encoding.UTF8.GetString(stored!.Content.ToArray());

    [Fact]
    public void InDirectory_MissingFolder_CreatesItWithSummarybotDbInside()
    {
        var folder = Path.Combine(_root, "state", "nested");

        using var store = new SqliteObjectStore(Database(folder));

        Assert.True(File.Exists(Path.Combine(folder, "summarybot.db")));
    }

    [Fact]
    public void Open_AnyConnection_HasWalNormalSyncAndBusyTimeout()
    {
        var database = Database();

        using var connection = database.Open();

        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal(1L, Pragma(connection, "synchronous")); // NORMAL
        Assert.Equal((long)SqliteDatabase.BusyTimeout.TotalMilliseconds, Pragma(connection, "busy_timeout"));
    }

    [Fact]
    public async Task TryCreateAsync_NamesDifferingOnlyInCase_AreTwoObjects()
    {
        using var store = new SqliteObjectStore(Database());

        Assert.NotNull(await store.TryCreateAsync("results/A.txt.json", BinaryData.FromString("upper")));
        Assert.NotNull(await store.TryCreateAsync("results/a.txt.json", BinaryData.FromString("lower")));

        Assert.Equal("upper", TextOf(await store.GetAsync("results/A.txt.json")));
        Assert.Equal("lower", TextOf(await store.GetAsync("results/a.txt.json")));
        Assert.Equal(["results/A.txt.json", "results/a.txt.json"], await ListAsync(store, "results/"));
        Assert.Empty(await ListAsync(store, "Results/"));
    }

    [Fact]
    public async Task TryCreateAsync_NamesNoFileSystemAllows_AreStoredAsGiven()
    {
        using var store = new SqliteObjectStore(Database());
        string[] paths = ["results/a:b?.txt.json", "results/CON.json", "results/end. .json", "results/tab\there.json"];

        foreach (var path in paths)
        {
            Assert.NotNull(await store.TryCreateAsync(path, BinaryData.FromString(path)));
        }

        foreach (var path in paths)
        {
            Assert.Equal(path, TextOf(await store.GetAsync(path)));
        }
    }

    [Fact]
    public async Task ListAsync_PrefixWithLikeWildcards_MatchesThemLiterally()
    {
        using var store = new SqliteObjectStore(Database());
        foreach (var path in new[] { "digests/1_/a.json", "digests/10/a.json", "digests/1%/a.json" })
        {
            await store.TryCreateAsync(path, BinaryData.FromString(path));
        }

        Assert.Equal(["digests/1_/a.json"], await ListAsync(store, "digests/1_"));
    }

    [Fact]
    public async Task ListAsync_WritesWhileListingAcrossPages_ListsEveryPathThatWasThereOnce()
    {
        using var store = new SqliteObjectStore(Database(), pageSize: 3);
        for (var i = 0; i < 10; i++)
        {
            await store.TryCreateAsync($"digests/1/{i:D2}.json", BinaryData.FromString("x"));
        }

        var listed = new List<string>();
        await foreach (var path in store.ListAsync("digests/1/"))
        {
            listed.Add(path);
            Assert.True(await store.DeleteAsync(path));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"digests/1/{i:D2}.json"), listed);
        Assert.Empty(await ListAsync(store, "digests/"));
    }

    [Fact]
    public async Task UpdateJsonAsync_TwoIndependentStoresOnOneFile_KeepEveryUpdate()
    {
        // Two databases, as two processes would open them: each has its own connections to the file.
        using var one = new SqliteObjectStore(Database());
        using var two = new SqliteObjectStore(new SqliteDatabase(Path.Combine(_root, ".", SqliteDatabase.FileName)));

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).UpdateJsonAsync<Counter>("catalog/counter.json", c => new Counter((c?.Value ?? 0) + 1)))));

        Assert.Equal(40, (await one.GetJsonAsync<Counter>("catalog/counter.json"))!.Value.Value);
    }

    [Fact]
    public async Task TryCreateAsync_WhileAnotherConnectionHoldsTheWriteLock_WaitsAndThenSucceeds()
    {
        var database = Database();
        using var store = new SqliteObjectStore(database);
        using var blocker = database.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var create = Task.Run(() => store.TryCreateAsync("a.json", BinaryData.FromString("x")));
        await Task.Delay(300);
        Assert.False(create.IsCompleted);
        using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        Assert.NotNull(await create);
    }

    [Fact]
    public async Task TryReplaceAsync_DeletedAndCreatedAgain_OldETagNoLongerMatches()
    {
        using var store = new SqliteObjectStore(Database());
        var old = await store.TryCreateAsync("a.json", BinaryData.FromString("same"));
        await store.DeleteAsync("a.json");
        await store.TryCreateAsync("a.json", BinaryData.FromString("same"));

        Assert.Null(await store.TryReplaceAsync("a.json", BinaryData.FromString("lost"), old!));
        Assert.Equal("same", TextOf(await store.GetAsync("a.json")));
    }

    private static object? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return command.ExecuteScalar();
    }

    private static async Task<List<string>> ListAsync(SqliteObjectStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var path in store.ListAsync(prefix))
        {
            paths.Add(path);
        }

        return paths;
    }
}
