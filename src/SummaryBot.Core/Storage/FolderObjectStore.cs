using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The object store over a local folder (the embedded default). Safe for several processes on one
/// folder: create, replace and delete hold an exclusive per-object lock (flock, through
/// FileShare.None) while they check the current state and rename a fully written temporary file
/// into place, so readers never see a half-written file. Lock files live under <c>.locks/</c>,
/// apart from the data: a fixed set of <see cref="LockStripes"/> files, the object's path hashed to
/// one of them, so that writing a new object does not also create a new lock file (creating a file
/// is the dearest step on ext4). The ETag is a hash of the content.
/// </summary>
public sealed class FolderObjectStore : IObjectStore
{
    private const string TempSuffix = ".tmp-sb";
    private const string LockSuffix = ".lock";
    private const string LockFolder = ".locks";
    private const int LockStripes = 1024;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;

    public FolderObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    // Local files are small and usually in the page cache: synchronous reads and writes are several
    // times cheaper than FileStream's asynchronous mode, which on Unix only hops to the thread pool.
    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = ReadOrNull(file);
        return Task.FromResult(bytes is null ? null : new StoredObject(path, BinaryData.FromBytes(bytes), ETagOf(bytes)));
    }

    private static byte[]? ReadOrNull(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var file = Resolve(path);
        if (File.Exists(file))
        {
            return null;
        }

        var temp = WriteTemp(file, content);
        try
        {
            // File.Move(overwrite: false) checks and renames in two steps on Unix, so two creators
            // could both "win": the existence check and the rename happen under the object's lock.
            await using var fileLock = await AcquireLockAsync(path, cancellationToken);
            if (File.Exists(file))
            {
                return null;
            }

            File.Move(temp, file, overwrite: true);
            return ETagOf(content.ToMemory().Span);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var file = Resolve(path);
        await using var fileLock = await AcquireLockAsync(path, cancellationToken);
        if (ReadOrNull(file) is not { } current || !string.Equals(ETagOf(current), etag, StringComparison.Ordinal))
        {
            return null;
        }

        var temp = WriteTemp(file, content);
        File.Move(temp, file, overwrite: true);
        return ETagOf(content.ToMemory().Span);
    }

    public async Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        await using var fileLock = await AcquireLockAsync(path, cancellationToken);
        if (ReadOrNull(file) is not { } current ||
            (etag is not null && !string.Equals(ETagOf(current), etag, StringComparison.Ordinal)))
        {
            return false;
        }

        File.Delete(file);
        return true;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // Start at the deepest folder the prefix names, so that listing one chat's digests does not walk every chat.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var paths = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(TempSuffix, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && !p.StartsWith(LockFolder + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return path;
        }

        await Task.CompletedTask;
    }

    internal static string ETagOf(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        return "\"" + Convert.ToHexStringLower(hash[..16]) + "\"";
    }

    /// <summary>FNV-1a of the path: stable across processes and runs, unlike string.GetHashCode.</summary>
    internal static int LockStripe(string path)
    {
        var hash = 2166136261u;
        foreach (var c in path)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % LockStripes);
    }

    private static string ETagOf(byte[] content) => ETagOf(content.AsSpan());

    private string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) ||
            path.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a valid object path.", nameof(path));
        }

        if (path.EndsWith(TempSuffix, StringComparison.Ordinal) || path.StartsWith(LockFolder + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is reserved by the folder store.", nameof(path));
        }

        return Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));
    }

    private static string WriteTemp(string file, BinaryData content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = $"{file}.{Guid.NewGuid():N}{TempSuffix}";

        // The name is unique, so no lock is needed on it (FileShare.None would cost an flock per write).
        using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
            RandomAccess.Write(handle, content.ToMemory().Span, 0);
        }

        return temp;
    }

    /// <summary>An exclusive lock between threads and processes: .NET maps FileShare.None to flock(LOCK_EX) on Unix.
    /// Objects whose paths hash to the same stripe share a lock, which only serializes them briefly (no
    /// caller holds two locks). Lock files are never deleted: removing one while another process waits
    /// on it would let two holders in.</summary>
    private async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, LockFolder);
        var lockFile = Path.Combine(folder, LockStripe(path).ToString("x3", CultureInfo.InvariantCulture) + LockSuffix);
        Directory.CreateDirectory(folder);
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Random.Shared.Next(1, 10), cancellationToken);
            }
        }
    }
}
