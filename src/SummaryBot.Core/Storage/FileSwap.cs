using System.Runtime.InteropServices;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The two atomic renames of Linux's renameat2 that the folder store builds on. RENAME_NOREPLACE
/// creates a name only if it is free. RENAME_EXCHANGE swaps two names: to replace a file, the new
/// content is written into a spare file under an exclusive flock and the spare is exchanged with
/// the file. Readers of the name see the old
/// file or the new one, never a mix; the old file becomes the spare for the next replace. Nothing
/// is freed or allocated, which on ext4 is where the cost of a temporary-file-and-rename replace lies.
/// </summary>
/// <remarks>
/// Recycling is safe only because readers hold flock(LOCK_SH) while they read (see
/// <see cref="PosixFiles.TryReadShared"/>): a spare that someone is still reading cannot be locked, so the writer falls
/// back; a reader that opened a file just before it became a spare and is being rewritten cannot
/// lock it, so the reader opens the name again. The writer keeps its lock until the exchange is
/// done, so whatever a reader can lock has been published: a reader never sees a version before it
/// is in place, nor an older one after a newer. (Left open: if a writer dies between writing the
/// spare and the exchange, a reader that opened that file while it was still published and locks
/// it only after the death sees a version that was never published.) The caller must hold the object's write
/// lock. Used only where <see cref="PosixFiles.Available"/>.
/// </remarks>
internal static partial class FileSwap
{
    private const int AtCurrentDirectory = -100;
    private const uint RenameNoReplace = 1;
    private const uint RenameExchange = 2;
    private const int AlreadyExists = 17;
    private const int NoSuchFile = 2;

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Tests only: runs after the spare is written and locked, before the exchange.</summary>
    internal static Action<string>? BeforeExchange { get; set; }

    /// <summary>False once the system has shown it cannot exchange (or is not Linux).</summary>
    internal static bool Available => !s_unavailable;

    /// <summary>
    /// Writes <paramref name="content"/> into <paramref name="spare"/> (creating it the first time)
    /// and exchanges it with <paramref name="target"/>, which must exist. False when the caller must
    /// replace another way: no exchange on this system, or the spare is still being read.
    /// </summary>
    public static bool TryWriteAndExchange(string spare, string target, ReadOnlySpan<byte> content)
    {
        if (s_unavailable)
        {
            return false;
        }

        // Most likely failure: a reader still holds the previous version; leave it be. The lock on
        // the new content is held until it is in place: a reader that opened this file while it was
        // still the published version and locks it only now must not see content not yet published.
        using var written = PosixFiles.TryRewriteLocked(spare, content);
        if (written is null)
        {
            return false;
        }

        BeforeExchange?.Invoke(spare);
        switch (Rename(spare, target, RenameExchange))
        {
            case 0:
                return true;
            case null or NoSuchFile:
                // ENOENT: the target vanished (deleted behind the store's back); the fallback reports it.
                return false;
            default:
                // EINVAL, ENOSYS, EOPNOTSUPP: this kernel or file system cannot exchange.
                s_unavailable = true;
                return false;
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="target"/> only if no file has that name,
    /// atomically. True when renamed, false when the name was taken, null when this system cannot
    /// (the caller must check and rename under its own lock).
    /// </summary>
    public static bool? TryRenameNoReplace(string source, string target)
    {
        if (s_unavailable)
        {
            return null;
        }

        switch (Rename(source, target, RenameNoReplace))
        {
            case 0:
                return true;
            case AlreadyExists:
                return false;
            case null or NoSuchFile:
                return null;
            default:
                s_unavailable = true;
                return null;
        }
    }

    /// <summary>renameat2 with <paramref name="flags"/>: 0 when done, else the error number; null
    /// (and no more attempts) when the C library has no renameat2.</summary>
    private static int? Rename(string source, string target, uint flags)
    {
        try
        {
            return RenameAt2(AtCurrentDirectory, source, AtCurrentDirectory, target, flags) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
