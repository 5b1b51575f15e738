using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SummaryBot.Core.Storage.Sqlite;

/// <summary>
/// The embedded database file (<see cref="FileName"/> in the state directory) and the one way to
/// open connections to it. Every part of SummaryBot that keeps embedded state opens its connections
/// here and keeps its own table in the same file, so that one file is the whole embedded state.
/// <para>
/// Connections come from Microsoft.Data.Sqlite's pool and are configured once per underlying
/// SQLite connection:
/// <list type="bullet">
/// <item>WAL journal (set once; it is recorded in the file): readers never block the writer nor the
/// writer the readers, across threads and processes, and a commit is one append to the log.</item>
/// <item><c>synchronous=NORMAL</c>: in WAL mode a commit is written to the log but not flushed to
/// disk; the log is flushed at each checkpoint. A process that dies (killed, crashed) loses nothing
/// that was committed, since the operating system still writes the log out. A power cut or an
/// operating-system crash can lose the last commits before the latest checkpoint, but never tears
/// a document nor corrupts the file, and what survives is every commit up to some point in time
/// (the log is replayed in order and stops at the first incomplete frame). SummaryBot's state is
/// built to be redone: a lost result is processed again, a lost delivery ledger sends its alert
/// again once, which is the at-least-once window the design already has. <c>FULL</c> would flush
/// on every commit, about 20 flushes per article, and make the pipeline several times slower.</item>
/// <item><c>busy_timeout</c> of <see cref="BusyTimeout"/>: a writer waits for another process's
/// write to finish instead of failing at once (SQLite admits one writer at a time).</item>
/// </list>
/// </para>
/// </summary>
public sealed class SqliteDatabase
{
    /// <summary>The database's file name inside the state directory.</summary>
    public const string FileName = "summarybot.db";

    /// <summary>How long a write waits for another connection's write to finish.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Native connections this process has configured (pooled connections keep their pragmas).</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];

    private readonly string _connectionString;
    private readonly Lazy<bool> _walEnabled;

    /// <param name="filePath">The database file; created with its folder when missing.</param>
    public SqliteDatabase(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        FilePath = Path.GetFullPath(filePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        _walEnabled = new Lazy<bool>(EnableWal, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The database of the state directory <paramref name="directory"/> (<c>--state</c>).</summary>
    public static SqliteDatabase InDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new SqliteDatabase(Path.Combine(directory, FileName));
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>An open connection with WAL, <c>synchronous=NORMAL</c> and the busy timeout. Dispose it
    /// after each unit of work: it goes back to the pool.</summary>
    public SqliteConnection Open()
    {
        _ = _walEnabled.Value;
        return OpenConfigured();
    }

    /// <summary>Runs <paramref name="sql"/> (for example <c>CREATE TABLE IF NOT EXISTS</c>) on a new connection.</summary>
    public void Execute(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a statement that returns no rows, on a connection of its own.</summary>
    public async Task ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs one statement once per item, all in one transaction (one commit for the lot).</summary>
    public async Task InTransactionAsync<T>(string sql, IEnumerable<T> items, Action<SqliteCommand, T> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(bind);
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        // One command, prepared once, with its parameters bound anew for each item.
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var item in items)
        {
            command.Parameters.Clear();
            bind(command, item);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Runs a statement and reads every row it returns.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Closes this database's idle pooled connections, which keep the file open (on Windows
    /// a file that is open cannot be deleted). Connections in use close when they are disposed.</summary>
    public void ReleasePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteConnection OpenConfigured()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var handle = connection.Handle!;
            if (!Configured.TryGetValue(handle, out _))
            {
                using var command = connection.CreateCommand();
                command.CommandText = FormattableString.Invariant(
                    $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
                command.ExecuteNonQuery();
                Configured.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Switches the file to WAL once per process (a no-op when it already is: the mode is kept in the file).</summary>
    private bool EnableWal()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var connection = OpenConfigured();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The database '{FilePath}' could not be switched to WAL mode (it reports '{mode}').");
        }

        return true;
    }
}
