using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace SummaryBot.Core.Storage;

/// <summary>
/// Writes every document of a state store as a file (<c>summarybot state export</c>), for people to
/// read and for backups: <c>results/a.txt.json</c> becomes <c>DIR/results/a.txt.json</c>, byte for
/// byte. A document name may hold what no file system, or only some, allow in a file name: each
/// folder or file name is made safe on Windows, macOS and Linux by writing such characters as
/// <c>%</c> and two hex digits per UTF-8 byte (<c>%</c> itself included, so the encoding can be
/// undone): control characters, <c>&lt; &gt; : " | ? * \</c>, a trailing dot or space, and the first
/// letter of a name Windows reserves (<c>CON</c>, <c>NUL.json</c>, <c>COM1</c>…). A name too long for a
/// file system is cut and given a hash of the whole. Two documents can still want one file: names
/// that differ only in case on a case-insensitive disk, or <c>a</c> beside <c>a/b</c>; the second is then
/// written at the top of the folder under its whole path, '/' written <c>%2F</c>, with a hash
/// (a name no other document can take), and counted in <see cref="ExportSummary.Renamed"/>.
/// </summary>
public static class StateExporter
{
    /// <summary>The longest file name written, in UTF-8 bytes (file systems allow 255).</summary>
    private const int MaxNameBytes = 200;

    private static readonly HashSet<string> ReservedNames = new(
        ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
         "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>What an export wrote.</summary>
    /// <param name="Documents">Documents written.</param>
    /// <param name="Renamed">Documents written at the top of the folder because their own file was taken (see <see cref="StateExporter"/>).</param>
    public sealed record ExportSummary(int Documents, int Renamed);

    /// <summary>Writes every document of <paramref name="store"/> under <paramref name="directory"/>,
    /// which must be empty or not exist (an export never overwrites a file).</summary>
    public static async Task<ExportSummary> ExportAsync(IObjectStore store, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new IOException($"'{root}' is not empty: export into a new or empty folder.");
        }

        if (File.Exists(root))
        {
            throw new IOException($"'{root}' is a file: export into a new or empty folder.");
        }

        Directory.CreateDirectory(root);
        var documents = 0;
        var renamed = 0;
        await foreach (var path in store.ListAsync(string.Empty, cancellationToken))
        {
            // A document deleted since the listing is simply not part of the export.
            if (await store.GetAsync(path, cancellationToken) is not { } stored)
            {
                continue;
            }

            var content = stored.Content.ToMemory();
            if (!await TryWriteNewAsync(Path.Combine(root, RelativeFileFor(path)), content, cancellationToken))
            {
                var fallback = Path.Combine(root, FlatFileFor(path));
                if (!await TryWriteNewAsync(fallback, content, cancellationToken))
                {
                    throw new IOException($"Could not export '{path}': '{fallback}' is taken too.");
                }

                renamed++;
            }

            documents++;
        }

        return new ExportSummary(documents, renamed);
    }

    /// <summary>The file, relative to the export folder, that holds the document at <paramref name="path"/>.</summary>
    public static string RelativeFileFor(string path)
    {
        ObjectPath.Validate(path);
        return Path.Combine(path.Split('/').Select(SafeName).ToArray());
    }

    /// <summary>A file name that is valid on every common file system and stands for <paramref name="name"/>.</summary>
    public static string SafeName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var last = i == name.Length - 1;
            var escape = c is '%' or '<' or '>' or ':' or '"' or '|' or '?' or '*' or '\\' or '/' || char.IsControl(c) ||
                (last && c is '.' or ' ') || (i == 0 && IsReserved(name));
            if (!escape)
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsSurrogatePair(name, i) ? 2 : 1;
            foreach (var b in Encoding.UTF8.GetBytes(name.Substring(i, length)))
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }

        var safe = builder.ToString();
        return Encoding.UTF8.GetByteCount(safe) <= MaxNameBytes ? safe : Shorten(safe, name);
    }

    /// <summary>The whole path as one file name ('/' as <c>%2F</c>, never produced by <see cref="SafeName"/>
    /// for one segment) with a hash, for a document whose own file is taken.</summary>
    private static string FlatFileFor(string path) =>
        Shorten(string.Join("%2F", path.Split('/').Select(SafeName)), path, always: true);

    private static string Shorten(string safe, string original, bool always = false)
    {
        var hash = "~" + Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(original)));
        if (!always && Encoding.UTF8.GetByteCount(safe) <= MaxNameBytes)
        {
            return safe;
        }

        // Cut on a character boundary that does not split an escape (%XX) or a surrogate pair.
        var keep = safe;
        while (Encoding.UTF8.GetByteCount(keep) + hash.Length > MaxNameBytes)
        {
            keep = keep[..^1];
            if (keep.Length > 0 && char.IsHighSurrogate(keep[^1]))
            {
                keep = keep[..^1];
            }
        }

        var percent = keep.LastIndexOf('%');
        if (percent >= 0 && percent > keep.Length - 3)
        {
            keep = keep[..percent];
        }

        return keep + hash;
    }

    private static bool IsReserved(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return ReservedNames.Contains(dot < 0 ? name : name[..dot]);
    }

    /// <returns>False when the file, or a file where one of its folders should be, already exists.</returns>
    private static async Task<bool> TryWriteNewAsync(string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await stream.WriteAsync(content, cancellationToken);
            return true;
        }
        catch (IOException) when (File.Exists(file) || Directory.Exists(file) || AncestorIsFile(file))
        {
            return false;
        }
    }

    private static bool AncestorIsFile(string file)
    {
        for (var folder = Path.GetDirectoryName(file); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
            {
                return true;
            }
        }

        return false;
    }
}
