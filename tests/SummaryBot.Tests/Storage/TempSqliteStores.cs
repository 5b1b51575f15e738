using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Tests.Storage;

/// <summary>Embedded SQLite state stores in a temporary folder, closed and deleted with their owner.</summary>
internal sealed class TempSqliteStores : IDisposable
{
    private readonly List<SqliteObjectStore> _stores = [];
    private readonly List<SqliteDatabase> _databases = [];

    /// <summary>The temporary folder.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("sb-state-").FullName;

    /// <summary>A new store over the database of the state folder <paramref name="directory"/> (default
    /// <see cref="Root"/>). Each call opens its own connections, as another process would.</summary>
    public SqliteObjectStore Open(string? directory = null)
    {
        var database = SqliteDatabase.InDirectory(directory ?? Root);
        _databases.Add(database);
        var store = new SqliteObjectStore(database);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _databases.ForEach(d => d.ReleasePooledConnections());
        Directory.Delete(Root, recursive: true);
    }
}
