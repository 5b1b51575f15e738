using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.IO.Hashing;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The object store over a local folder (the embedded default). Safe for several processes on one
/// folder. Readers never see a half-written file: every write goes to a file no reader can reach
/// and is put in place by a rename.
/// <list type="bullet">
/// <item>Create writes a temporary file and renames it with renameat2(RENAME_NOREPLACE), which
/// fails if the name exists: one atomic step, no lock.</item>
/// <item>Replace and delete hold an exclusive per-object lock (flock) while they check the ETag
/// and change the file. Lock files live under <c>.locks/</c>, apart
/// from the data: a fixed set of <see cref="LockStripes"/> files, the object's path hashed to one
/// of them, so that writing does not also create a lock file.</item>
/// <item>Replace recycles files instead of freeing them (see <see cref="FileSwap"/>): the new
/// content is written into the object's spare (<c>{name}.spare-sb</c>, the version before) and the
/// two names are exchanged in one atomic rename. On ext4, freeing an inode and allocating another
/// is what made a temporary-file-and-rename replace cost about 0.5 ms; the exchange costs about
/// 20 µs. A replaced object therefore takes two files on disk.</item>
/// </list>
/// Files are opened, read, written and locked with plain Linux system calls (<see cref="PosixFiles"/>).
/// Elsewhere, or where renameat2 is not available (a file system without it), the store takes the
/// portable paths through .NET's file APIs: create checks and renames under the object's lock, and
/// replace renames a temporary file over the object. The ETag is a hash of the content.
/// </summary>
public sealed class FolderObjectStore : IObjectStore
{
    private const string TempSuffix = ".tmp-sb";
    private const string SpareSuffix = ".spare-sb";
    private const int ReadAttempts = 50;
    private const string LockSuffix = ".lock";
    private const string LockFolder = ".locks";
    private const int LockStripes = 1024;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly bool _posix;
    private readonly ConcurrentDictionary<string, byte> _folders = new(StringComparer.Ordinal);

    public FolderObjectStore(string root)
        : this(root, useLinuxCalls: true)
    {
    }

    /// <param name="root">The folder.</param>
    /// <param name="useLinuxCalls">False to take the portable paths even on Linux (tests of those paths).</param>
    internal FolderObjectStore(string root, bool useLinuxCalls)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        _posix = useLinuxCalls && PosixFiles.Available;
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

    /// <summary>
    /// Reads the whole file under a shared flock (<see cref="PosixFiles"/> takes it, and .NET does
    /// for read-only opens on the portable path). The lock is what makes recycling safe: a writer rewrites a spare only under an exclusive
    /// lock, so a reader either sees a complete version or fails to lock and reads the name again.
    /// </summary>
    private byte[]? ReadOrNull(string file)
    {
        for (var attempt = 1; ; attempt++)
        {
            byte[]? bytes;
            if (_posix)
            {
                bytes = PosixFiles.TryReadShared(file, out var busy);
                if (!busy)
                {
                    return bytes;
                }
            }
            else
            {
                // Asking first is much cheaper than the exception a missing file raises, and most
                // pipeline reads of a new article miss (its result, its story, its record).
                if (!File.Exists(file))
                {
                    return null;
                }

                try
                {
                    return File.ReadAllBytes(file);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    return null;
                }
                catch (IOException) when (attempt < ReadAttempts)
                {
                }
            }

            if (attempt >= ReadAttempts)
            {
                throw new IOException($"'{file}' stayed locked by a writer through {ReadAttempts} attempts to read it.");
            }

            // The file this name pointed to when it was opened has since become a spare that a
            // writer is rewriting: the name now points to the new version.
            Thread.Sleep(attempt < 10 ? 0 : 1);
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

        var etag = ETagOf(content.ToMemory().Span);
        var temp = WriteTemp(file, content);
        var moved = false;
        try
        {
            // renameat2(RENAME_NOREPLACE) creates the name only if it is free, in one step: no lock needed.
            if (_posix && FileSwap.TryRenameNoReplace(temp, file) is { } created)
            {
                moved = created;
                return created ? etag : null;
            }

            // File.Move(overwrite: false) checks and renames in two steps on Unix, so two creators
            // could both "win": the existence check and the rename happen under the object's lock.
            using var fileLock = await AcquireLockAsync(path, cancellationToken);
            if (File.Exists(file))
            {
                return null;
            }

            File.Move(temp, file, overwrite: true);
            moved = true;
            return etag;
        }
        finally
        {
            if (!moved)
            {
                File.Delete(temp);
            }
        }
    }

    public async Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var file = Resolve(path);
        using var fileLock = await AcquireLockAsync(path, cancellationToken);
        if (ReadOrNull(file) is not { } current || !string.Equals(ETagOf(current), etag, StringComparison.Ordinal))
        {
            return null;
        }

        if (!_posix || !FileSwap.TryWriteAndExchange(file + SpareSuffix, file, content.ToMemory().Span))
        {
            var temp = WriteTemp(file, content);
            File.Move(temp, file, overwrite: true);
        }

        return ETagOf(content.ToMemory().Span);
    }

    public async Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        using var fileLock = await AcquireLockAsync(path, cancellationToken);
        if (ReadOrNull(file) is not { } current ||
            (etag is not null && !string.Equals(ETagOf(current), etag, StringComparison.Ordinal)))
        {
            return false;
        }

        File.Delete(file);
        File.Delete(file + SpareSuffix);
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
            .Where(f => !f.EndsWith(TempSuffix, StringComparison.Ordinal) && !f.EndsWith(SpareSuffix, StringComparison.Ordinal))
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

    /// <summary>A 128-bit XXH3 hash of the content: ETags only need to change when the content does
    /// (nothing adversarial), and it costs a fraction of SHA-256 on the small documents of the state.</summary>
    internal static string ETagOf(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(content, hash);
        return "\"" + Convert.ToHexStringLower(hash) + "\"";
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

        if (path.EndsWith(TempSuffix, StringComparison.Ordinal) || path.EndsWith(SpareSuffix, StringComparison.Ordinal) ||
            path.StartsWith(LockFolder + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is reserved by the folder store.", nameof(path));
        }

        return Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));
    }

    private string WriteTemp(string file, BinaryData content)
    {
        var temp = $"{file}.{Guid.NewGuid():N}{TempSuffix}";
        EnsureFolderOf(file);
        try
        {
            WriteNew(temp, content);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder was removed behind the store's back since it was remembered.
            _folders.TryRemove(Path.GetDirectoryName(file)!, out _);
            EnsureFolderOf(file);
            WriteNew(temp, content);
        }

        return temp;
    }

    private void WriteNew(string temp, BinaryData content)
    {
        if (_posix)
        {
            PosixFiles.WriteNew(temp, content.ToMemory().Span);
            return;
        }

        // The name is unique, so no lock is needed on it (FileShare.None would cost an flock per write).
        using var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        RandomAccess.Write(handle, content.ToMemory().Span, 0);
    }

    /// <summary>Creates the file's folder unless this store already did (a mkdir per write adds up).</summary>
    private void EnsureFolderOf(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        if (!_folders.ContainsKey(folder))
        {
            Directory.CreateDirectory(folder);
            _folders.TryAdd(folder, 0);
        }
    }

    /// <summary>An exclusive lock between threads and processes: .NET maps FileShare.None to flock(LOCK_EX) on Unix.
    /// Objects whose paths hash to the same stripe share a lock, which only serializes them briefly (no
    /// caller holds two locks). Lock files are never deleted: removing one while another process waits
    /// on it would let two holders in.</summary>
    private async Task<IDisposable> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var lockFile = Path.Combine(_root, LockFolder, LockStripe(path).ToString("x3", CultureInfo.InvariantCulture) + LockSuffix);
        EnsureFolderOf(lockFile);
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                if (!_posix)
                {
                    return File.OpenHandle(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }

                if (PosixFiles.TryLockFile(lockFile) is { } held)
                {
                    return held;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new IOException($"The lock '{lockFile}' stayed taken for {LockTimeout.TotalSeconds:F0} s.");
                }

                await Task.Delay(Random.Shared.Next(1, 10), cancellationToken);
            }
            catch (DirectoryNotFoundException)
            {
                _folders.TryRemove(Path.GetDirectoryName(lockFile)!, out _);
                EnsureFolderOf(lockFile);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Random.Shared.Next(1, 10), cancellationToken);
            }
        }
    }
}
