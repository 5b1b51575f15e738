using System.Buffers;
using System.Runtime.InteropServices;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The few file operations of the folder store as plain Linux system calls. .NET's file APIs add
/// several calls to each open (fstat, fstatfs, lseek, an advisory flock and its release, and an
/// exception for a missing file); the store opens about 40 files per article, so those add up to a
/// good part of its time. Only for Linux on x64 and Arm64, whose open flags this class spells out.
/// </summary>
internal static unsafe partial class PosixFiles
{
    private const int ReadOnly = 0x0;
    private const int WriteOnly = 0x1;
    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int NewFileMode = 0x1B6; // 0666, narrowed by the umask

    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private const int Interrupted = 4;
    private const int NoSuchFile = 2;
    private const int WouldBlock = 11;
    private const int AccessDenied = 13;
    private const int NotADirectory = 20;

    /// <summary>Linux on x64 or Arm64, with a C library the runtime can bind to (checked once).</summary>
    public static bool Available { get; } = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return false;
        }

        try
        {
            _ = Close(-1); // EBADF, and proves that the calls bind
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// The whole file, read under a shared flock. Null when there is no such file; sets
    /// <paramref name="busy"/> (and returns null) when someone holds the file's exclusive lock.
    /// </summary>
    public static byte[]? TryReadShared(string path, out bool busy)
    {
        busy = false;
        var fd = Open(path, ReadOnly | CloseOnExec, 0);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoSuchFile or NotADirectory ? null : throw ErrorFor(error, path);
        }

        return TryReadSharedAndClose(fd, path, out busy);
    }

    /// <summary>Tests only: opens a file for reading without locking it, as a reader does in the
    /// instant between its open and its lock. Read it with <see cref="TryReadSharedAndClose"/>.</summary>
    internal static int OpenUnlocked(string path)
    {
        var fd = Open(path, ReadOnly | CloseOnExec, 0);
        return fd >= 0 ? fd : throw ErrorFor(Marshal.GetLastPInvokeError(), path);
    }

    /// <summary>The rest of <see cref="TryReadShared"/>: lock, read, close.</summary>
    internal static byte[]? TryReadSharedAndClose(int fd, string path, out bool busy)
    {
        busy = false;
        try
        {
            if (!TryLock(fd, LockShared, path))
            {
                busy = true;
                return null;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    nint read;
                    fixed (byte* start = &buffer[length])
                    {
                        read = Read(fd, start, buffer.Length - length);
                    }

                    if (read == 0)
                    {
                        return buffer.AsSpan(0, length).ToArray();
                    }

                    if (read < 0)
                    {
                        ThrowUnlessInterrupted(path);
                        continue;
                    }

                    length += (int)read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            _ = Close(fd); // also releases the flock
        }
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) with <paramref name="content"/>.</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> content)
    {
        var fd = Open(path, WriteOnly | Create | Exclusive | CloseOnExec, NewFileMode);
        if (fd < 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        }

        try
        {
            WriteAll(fd, content, path);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> (created if absent) in place under an exclusive flock and
    /// returns that lock still held: the caller releases it once the file is where readers may see
    /// it. Null, with nothing written, when another holder has the file locked.
    /// </summary>
    public static Lock? TryRewriteLocked(string path, ReadOnlySpan<byte> content)
    {
        using var held = TryLockFile(path);
        if (held is null)
        {
            return null;
        }

        // Write before truncating: a shorter file never appears, only the tail is cut.
        WriteAll(held.Descriptor, content, path);
        if (Truncate(held.Descriptor, content.Length) != 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        }

        return held.Keep();
    }

    /// <summary>Opens a file (creating it if absent) and locks it exclusively; null when someone else holds a lock on it.</summary>
    public static Lock? TryLockFile(string path)
    {
        var fd = Open(path, ReadWrite | Create | CloseOnExec, NewFileMode);
        if (fd < 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        }

        try
        {
            if (TryLock(fd, LockExclusive, path))
            {
                var held = new Lock(fd);
                fd = -1;
                return held;
            }

            return null;
        }
        finally
        {
            if (fd >= 0)
            {
                _ = Close(fd);
            }
        }
    }

    /// <summary>A held flock; disposing closes the descriptor, which releases it.</summary>
    public sealed class Lock(int fd) : IDisposable
    {
        private int _fd = fd;

        internal int Descriptor => _fd;

        /// <summary>Hands the descriptor to a new owner, so that disposing this one leaves it open.</summary>
        internal Lock Keep() => new(Interlocked.Exchange(ref _fd, -1));

        public void Dispose()
        {
            var fd = Interlocked.Exchange(ref _fd, -1);
            if (fd >= 0)
            {
                _ = Close(fd);
            }
        }
    }

    private static bool TryLock(int fd, int operation, string path)
    {
        while (FLock(fd, operation | LockNonBlocking) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == WouldBlock)
            {
                return false;
            }

            if (error != Interrupted)
            {
                throw ErrorFor(error, path);
            }
        }

        return true;
    }

    private static void WriteAll(int fd, ReadOnlySpan<byte> content, string path)
    {
        var offset = 0;
        while (offset < content.Length)
        {
            nint written;
            fixed (byte* start = &content[offset])
            {
                written = PWrite(fd, start, content.Length - offset, offset);
            }

            if (written < 0)
            {
                ThrowUnlessInterrupted(path);
                continue;
            }

            offset += (int)written;
        }
    }

    /// <summary>After a failed call: a signal interrupted it (try again), or the error is thrown.</summary>
    private static void ThrowUnlessInterrupted(string path)
    {
        var error = Marshal.GetLastPInvokeError();
        if (error != Interrupted)
        {
            throw ErrorFor(error, path);
        }
    }

    private static Exception ErrorFor(int error, string path)
    {
        var message = $"{Marshal.GetPInvokeErrorMessage(error)}: '{path}'";
        return error switch
        {
            NoSuchFile or NotADirectory => new DirectoryNotFoundException(message),
            AccessDenied => new UnauthorizedAccessException(message),
            _ => new IOException(message, error),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static partial nint PWrite(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Truncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FLock(int fd, int operation);
}
