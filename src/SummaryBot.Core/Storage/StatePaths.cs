using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SummaryBot.Core.Storage;

/// <summary>
/// How a name from outside (a file or blob name) becomes part of a state key. Each capability owns the
/// layout of its own state: <c>StoryPaths</c>, <c>SubscriptionPaths</c>, <c>DeliveryPaths</c>, <c>ResultPaths</c>.
/// </summary>
public static class StatePaths
{
    /// <summary>Keys of names that are not plain (see <see cref="NameKey"/>) start with this.</summary>
    public const string HashedNamePrefix = "~hashed/";

    /// <summary>The longest segment of a plain name, in UTF-8 bytes: a folder store's file names stop at
    /// 255 bytes, and its temporary file adds 45 to the <c>.json</c> name.</summary>
    private const int MaxPlainSegmentBytes = 200;

    /// <summary>The longest plain name, in characters: a blob path stops at 1024, and the state paths
    /// built from a name add a prefix and suffix.</summary>
    private const int MaxPlainLength = 512;

    /// <summary>
    /// A state key for a name that comes from outside (a file or blob name): the name itself when it
    /// fits every backend (so the usual names keep their readable keys), else
    /// <see cref="HashedKey"/>. Not plain: a segment over 200 UTF-8 bytes or a name over
    /// 512 characters, an empty, <c>.</c> or <c>..</c> segment (<c>//</c>, a leading or trailing
    /// <c>/</c>), a segment ending in <c>.</c>, a backslash, a control character, or the hashed prefix.
    /// </summary>
    public static string NameKey(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return IsPlainName(name) ? name : HashedKey(name);
    }

    /// <summary><c>~hashed/{SHA-256 of the name's UTF-16 code units}</c>: fixed length, any name.</summary>
    public static string HashedKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return HashedNamePrefix + Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(name.AsSpan())));
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length > MaxPlainLength || name.StartsWith(HashedNamePrefix, StringComparison.Ordinal) ||
            name.Any(c => c == '\\' || char.IsControl(c)) || !IsWellFormed(name))
        {
            return false;
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is "" or "." or ".." || segment.EndsWith('.') || Encoding.UTF8.GetByteCount(segment) > MaxPlainSegmentBytes)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>False for a lone surrogate, which UTF-8 cannot hold (two such names would share a file name).</summary>
    private static bool IsWellFormed(string name)
    {
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var used) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
