using System.Globalization;
using System.Runtime.CompilerServices;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The inbox over a local folder and its subfolders (names use '/' between folders). It reads
/// regular files only, passes over hidden ones (a name that starts with '.'), and never leaves the folder: a symbolic link is followed only when it ends at a
/// file inside the inbox; links out of it, to folders (which could loop) or to nothing are listed as
/// skipped with the reason. Files are read with .NET's file APIs, whatever their names.
/// <c>summarybot drop</c> adds files through <see cref="TryAddAsync"/> and <see cref="ReplaceAsync"/>,
/// which write a hidden temporary file first and move it into place, so that the pipeline never
/// reads half a copy.
/// </summary>
public sealed class FolderInbox : IArticleInbox
{
    /// <summary>As the kernel: more links than this in one path is a loop.</summary>
    private const int MaxLinkHops = 40;

    private readonly string _root;

    public FolderInbox(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public string Description => _root;

    public async IAsyncEnumerable<InboxEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var realRoot = RealPath(_root);
        var entries = new List<InboxEntry>();
        var folders = new Stack<(string Path, string Prefix)>();
        folders.Push((_root, string.Empty));
        while (folders.TryPop(out var folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<FileSystemInfo> items;
            try
            {
                items = [.. new DirectoryInfo(folder.Path).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 })];
            }
            catch (Exception e) when (folder.Prefix.Length > 0 && e is IOException or UnauthorizedAccessException)
            {
                entries.Add(InboxEntry.Skip(folder.Prefix.TrimEnd('/'), $"the folder cannot be read ({e.Message})"));
                continue;
            }

            foreach (var item in items)
            {
                var name = folder.Prefix + item.Name;
                if (item.Name.StartsWith('.'))
                {
                    // Editors' swap files, rsync's partial copies and the temporary copies of `drop` are
                    // hidden, and none is an article.
                    entries.Add(InboxEntry.Skip(name, item is DirectoryInfo ? "a hidden folder (its name starts with '.')" : "a hidden file (its name starts with '.')"));
                }
                else if (item.Name.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    entries.Add(InboxEntry.Skip(name, "the file name is not valid UTF-8, so it cannot be opened by name; rename the file"));
                }
                else if (item.LinkTarget is not null)
                {
                    entries.Add(Link(item, name, realRoot));
                }
                else if (item is DirectoryInfo)
                {
                    folders.Push((item.FullName, name + "/"));
                }
                else
                {
                    entries.Add(Entry(name, (FileInfo)item));
                }
            }
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            yield return entry;
        }

        await Task.CompletedTask;
    }

    public async Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Path.IsPathRooted(name) || name.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"'{name}' is not a name in the inbox.", nameof(name));
        }

        var path = Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
        var real = RealPath(path);
        if (!IsInside(real, RealPath(_root)))
        {
            throw new IOException($"'{name}' leads out of the inbox through a symbolic link; it is not read.");
        }

        if (Directory.Exists(real))
        {
            throw new IOException($"'{name}' is a folder now; it is not read.");
        }

        try
        {
            return BinaryData.FromBytes(await File.ReadAllBytesAsync(real, cancellationToken));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Adds a file unless one of that name is there.</summary>
    /// <returns>False when a file of that name was already there (it is left as it was).</returns>
    public async Task<bool> TryAddAsync(string name, BinaryData content, CancellationToken cancellationToken = default)
    {
        var file = Resolve(name);
        if (File.Exists(file))
        {
            return false;
        }

        var temp = await WriteTempAsync(file, content, cancellationToken);
        try
        {
            File.Move(temp, file, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(temp);
            return false;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Puts <paramref name="content"/> at <paramref name="name"/>, replacing any file there.</summary>
    public async Task ReplaceAsync(string name, BinaryData content, CancellationToken cancellationToken = default)
    {
        var file = Resolve(name);
        var temp = await WriteTempAsync(file, content, cancellationToken);
        try
        {
            File.Move(temp, file, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static async Task<string> WriteTempAsync(string file, BinaryData content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, content.ToArray(), cancellationToken);
        }
        catch
        {
            // A full disk or a cancelled write leaves no partial temporary file behind; the error goes on.
            File.Delete(temp);
            throw;
        }

        return temp;
    }

    private string Resolve(string name)
    {
        ObjectPath.Validate(name);
        return Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>
    /// The path with every symbolic link in it resolved (as realpath(3)); parts that do not exist are
    /// kept as they are. Throws <see cref="IOException"/> on a loop.
    /// </summary>
    internal static string RealPath(string path) => RealPath(path, 0);

    private static string RealPath(string path, int hops)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new IOException($"Too many symbolic links (a loop) in '{path}'.");
                }

                next = RealPath(Path.Combine(current, target), hops);
            }

            current = next;
        }

        return current;
    }

    private static bool IsInside(string realPath, string realRoot) =>
        realPath.StartsWith(Path.EndsInDirectorySeparator(realRoot) ? realRoot : realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static InboxEntry Link(FileSystemInfo link, string name, string realRoot)
    {
        string real;
        try
        {
            real = RealPath(link.FullName);
        }
        catch (IOException)
        {
            return InboxEntry.Skip(name, "a symbolic link that loops; not followed");
        }

        if (Directory.Exists(real))
        {
            return InboxEntry.Skip(name, "a symbolic link to a folder; links to folders are not followed");
        }

        var target = new FileInfo(real);
        if (!target.Exists)
        {
            return InboxEntry.Skip(name, "a symbolic link to nothing");
        }

        return IsInside(real, realRoot)
            ? Entry(name, target)
            : InboxEntry.Skip(name, "a symbolic link to a file outside the inbox; not followed");
    }

    private static InboxEntry Entry(string name, FileInfo file) =>
        new(name, string.Create(CultureInfo.InvariantCulture, $"{file.Length}:{file.LastWriteTimeUtc.Ticks}"), file.LastWriteTimeUtc);
}
