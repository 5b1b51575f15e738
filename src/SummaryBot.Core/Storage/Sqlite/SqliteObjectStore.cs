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
/// </summary>
public sealed class SqliteObjectStore : IObjectStore
{
    /// <summary>Paths per listing query: a listing never holds a read transaction open while its caller works.</summary>
    public const int DefaultPageSize = 1000;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS objects (
            path TEXT NOT NULL PRIMARY KEY COLLATE BINARY,
            etag TEXT NOT NULL,
            content BLOB NOT NULL
        );
        """;

    private readonly SqliteDatabase _database;
    private readonly int _pageSize;

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
        using var connection = _database.Open();
        using var command = Command(connection, "SELECT etag, content FROM objects WHERE path = $path", path);
        using var reader = command.ExecuteReader();
        StoredObject? stored = null;
        if (reader.Read())
        {
            stored = new StoredObject(path, BinaryData.FromBytes(reader.GetFieldValue<byte[]>(1)), reader.GetString(0));
        }

        return Task.FromResult(stored);
    }

    public Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        ObjectPath.Validate(path);
        ArgumentNullException.ThrowIfNull(content);
        cancellationToken.ThrowIfCancellationRequested();
        var etag = NewETag();
        using var connection = _database.Open();
        using var command = Command(connection, "INSERT INTO objects (path, etag, content) VALUES ($path, $etag, $content) ON CONFLICT (path) DO NOTHING", path);
        command.Parameters.AddWithValue("$etag", etag);
        command.Parameters.Add("$content", SqliteType.Blob).Value = content.ToArray();
        return Task.FromResult(command.ExecuteNonQuery() == 1 ? etag : null);
    }

    public Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        ObjectPath.Validate(path);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        cancellationToken.ThrowIfCancellationRequested();
        var next = NewETag();
        using var connection = _database.Open();
        using var command = Command(connection, "UPDATE objects SET etag = $next, content = $content WHERE path = $path AND etag = $etag", path);
        command.Parameters.AddWithValue("$next", next);
        command.Parameters.AddWithValue("$etag", etag);
        command.Parameters.Add("$content", SqliteType.Blob).Value = content.ToArray();
        return Task.FromResult(command.ExecuteNonQuery() == 1 ? next : null);
    }

    public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        ObjectPath.Validate(path);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = Command(
            connection, etag is null ? "DELETE FROM objects WHERE path = $path" : "DELETE FROM objects WHERE path = $path AND etag = $etag", path);
        if (etag is not null)
        {
            command.Parameters.AddWithValue("$etag", etag);
        }

        return Task.FromResult(command.ExecuteNonQuery() == 1);
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
            var (page, complete) = ReadPage(prefix, after);
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

    /// <returns>Up to one page of matching paths, and whether the listing is complete with it.</returns>
    private (List<string> Page, bool Complete) ReadPage(string prefix, string? after)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = after is null
            ? "SELECT path FROM objects WHERE path >= $prefix ORDER BY path LIMIT $limit"
            : "SELECT path FROM objects WHERE path > $after ORDER BY path LIMIT $limit";
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$after", after ?? string.Empty);
        command.Parameters.AddWithValue("$limit", _pageSize);
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

    private static SqliteCommand Command(SqliteConnection connection, string sql, string path)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$path", path);
        return command;
    }

    private static string NewETag() => "\"" + Guid.NewGuid().ToString("N") + "\"";
}
