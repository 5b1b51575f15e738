using SummaryBot.Core.Storage;
using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Tests.Storage.Sqlite;

/// <summary>The object-store contract over the embedded SQLite database (the embedded default); each store has a database file of its own.</summary>
public abstract class SqliteContractTestsBase(int pageSize) : ObjectStoreContractTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sb-sqlite-").FullName;
    private readonly List<SqliteDatabase> _databases = [];
    private readonly List<SqliteObjectStore> _stores = [];

    protected override IObjectStore CreateStore()
    {
        var database = new SqliteDatabase(Path.Combine(_root, $"{_databases.Count}.db"));
        _databases.Add(database);
        var store = new SqliteObjectStore(database, pageSize);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _databases.ForEach(d => d.ReleasePooledConnections());
        Directory.Delete(_root, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>The contract with the default listing page.</summary>
public sealed class SqliteObjectStoreContractTests() : SqliteContractTestsBase(SqliteObjectStore.DefaultPageSize);

/// <summary>The contract with listing pages of two paths, so that every listing test crosses pages.</summary>
public sealed class SmallPageSqliteObjectStoreContractTests() : SqliteContractTestsBase(pageSize: 2);
