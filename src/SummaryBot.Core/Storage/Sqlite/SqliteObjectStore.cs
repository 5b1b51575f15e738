using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace SummaryBot.Core.Storage.Sqlite;

/// <summary>
/// The object store in the embedded SQLite database (the embedded default): one row per object in
/// the table <c>objects</c>. Every operation is one SQL statement, which SQLite runs as one atomic
/// transaction, so the conditions are decided inside the database, for threads and processes alike:
/// create is an insert that does nothing when the path exists, replace and delete carry the ETag in
/// their <c>WHERE</c> clause. A document is a row: a reader sees a whole version or none, and a
/// process killed mid-write leaves the previous version (see <see cref="SqliteDatabase"/> for
/// durability).
/// <para>
/// Paths are compared byte for byte (the <c>BINARY</c> collation of their UTF-8 text), so
/// <c>A.txt</c> and <c>a.txt</c> are two objects on every operating system, and listings come in
/// the order of their UTF-8 bytes, as Azure Blob Storage lists names. An ETag is a random value
/// written with each version: unlike a hash of the content, a document deleted and created again
/// never takes back an ETag that someone may still hold.
/// </para>
/// <para>
/// The store keeps a few open connections with their statements prepared (a statement prepared
/// once is about half the cost of a small read); a caller takes one for each operation, so
/// concurrent callers never share a connection.
/// </para>
/// </summary>
public sealed class SqliteObjectStore : IObjectStore, IDisposable
{
    /// <summary>Paths per listing query: a listing never holds a read transaction open while its caller works.</summary>
    public const int DefaultPageSize = 1000;

    /// <summary>Idle connections kept open; more callers at once open more, closed when they finish.</summary>
    private const int MaxIdleSessions = 8;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS objects (
            path TEXT NOT NULL PRIMARY KEY COLLATE BINARY,
            etag TEXT NOT NULL,
            content BLOB NOT NULL
        );
        """;

    private readonly SqliteDatabase _database;
    private readonly int _pageSize;
    private readonly ConcurrentBag<Session> _idle = [];
    private bool _disposed;

    /// <param name="database">The database that holds the table.</param>
    /// <param name="pageSize">Paths per listing query.</param>
    public SqliteObjectStore(SqliteDatabase database, int pageSize = DefaultPageSize)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _database = database;
        _pageSize = pageSize;
        _database.Execute(Schema);
    }

    /// <summary>The database file, for logs and messages.</summary>
    public string Description => $"SQLite database '{_database.FilePath}'";

    // Microsoft.Data.Sqlite's asynchronous methods run synchronously: the plain calls cost less.
    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        ObjectPath.Validate(path);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(session =>
        {
            var command = session.Get;
            command.Parameters[0].Value = path;
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new StoredObject(path, BinaryData.FromBytes(reader.GetFieldValue<byte[]>(1)), reader.GetString(0))
                : null;
        }));
    }

    public Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        ObjectPath.Validate(path);
        ArgumentNullException.ThrowIfNull(content);
        cancellationToken.ThrowIfCancellationRequested();
        var etag = NewETag();
        return Task.FromResult(Run(session => Execute(session.Create, path, content.ToArray(), etag) == 1 ? etag : null));
    }

    public Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        ObjectPath.Validate(path);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        cancellationToken.ThrowIfCancellationRequested();
        var next = NewETag();
        return Task.FromResult(Run(session => Execute(session.Replace, path, content.ToArray(), next, etag) == 1 ? next : null));
    }

    public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        ObjectPath.Validate(path);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(session => etag is null
            ? Execute(session.Delete, path) == 1
            : Execute(session.DeleteIfMatch, path, etag) == 1));
    }

    /// <summary>
    /// Lists page by page, each page a query that starts after the last path of the one before, so
    /// that the caller may write to the store while it lists. Paths that start with the prefix are
    /// one run of the index, from the prefix itself on.
    /// </summary>
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (page, complete) = Run(session => ReadPage(session, prefix, after));
            foreach (var path in page)
            {
                yield return path;
            }

            if (complete)
            {
                yield break;
            }

            after = page[^1];
            await Task.Yield();
        }
    }

    /// <summary>Closes the idle connections.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    /// <returns>Up to one page of matching paths, and whether the listing is complete with it.</returns>
    private (List<string> Page, bool Complete) ReadPage(Session session, string prefix, string? after)
    {
        var command = after is null ? session.ListFrom : session.ListAfter;
        command.Parameters[0].Value = after ?? prefix;
        command.Parameters[1].Value = _pageSize;
        var page = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var path = reader.GetString(0);
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (page, true);
            }

            page.Add(path);
        }

        return (page, page.Count < _pageSize);
    }

    private static int Execute(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="work"/> on an idle session (or a new one) and puts it back after;
    /// a session whose work failed is closed, in case the failure left it in a bad state.</summary>
    private T Run<T>(Func<Session, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = _idle.TryTake(out var idle) ? idle : new Session(_database.Open());
        try
        {
            var result = work(session);
            if (_idle.Count < MaxIdleSessions && !_disposed)
            {
                _idle.Add(session);
                session = null;
            }

            return result;
        }
        finally
        {
            session?.Dispose();
        }
    }

    private static string NewETag() => "\"" + Guid.NewGuid().ToString("N") + "\"";

    /// <summary>One open connection and the store's statements, prepared on it. Parameters are in the order of their use below.</summary>
    private sealed class Session(SqliteConnection connection) : IDisposable
    {
        public SqliteCommand Get { get; } = Prepare(connection, "SELECT etag, content FROM objects WHERE path = $path", "$path");

        public SqliteCommand Create { get; } = Prepare(
            connection, "INSERT INTO objects (path, etag, content) VALUES ($path, $etag, $content) ON CONFLICT (path) DO NOTHING", "$path", "$content", "$etag");

        public SqliteCommand Replace { get; } = Prepare(
            connection, "UPDATE objects SET etag = $next, content = $content WHERE path = $path AND etag = $etag", "$path", "$content", "$next", "$etag");

        public SqliteCommand Delete { get; } = Prepare(connection, "DELETE FROM objects WHERE path = $path", "$path");

        public SqliteCommand DeleteIfMatch { get; } = Prepare(connection, "DELETE FROM objects WHERE path = $path AND etag = $etag", "$path", "$etag");

        public SqliteCommand ListFrom { get; } = Prepare(connection, "SELECT path FROM objects WHERE path >= $from ORDER BY path LIMIT $limit", "$from", "$limit");

        public SqliteCommand ListAfter { get; } = Prepare(connection, "SELECT path FROM objects WHERE path > $after ORDER BY path LIMIT $limit", "$after", "$limit");

        public void Dispose()
        {
            foreach (var command in new[] { Get, Create, Replace, Delete, DeleteIfMatch, ListFrom, ListAfter })
            {
                command.Dispose();
            }

            connection.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }
    }
}
