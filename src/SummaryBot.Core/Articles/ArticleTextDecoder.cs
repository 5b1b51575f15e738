using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using UtfUnknown;

namespace SummaryBot.Core.Articles;

/// <summary>
/// Turns bytes into text. Order: a byte-order mark (UTF-8, UTF-16 LE/BE) wins; then UTF-16 without
/// a mark, recognised by its pattern of NUL bytes; then valid UTF-8, which also beats a declared
/// charset (a UTF-8 page that declares gb2312 would otherwise become mojibake); then, for HTML, a
/// <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> declaration; and for undeclared legacy bytes the
/// charset that UTF.Unknown (a port of Mozilla's uchardet) detects, Windows-1252 when it finds none.
/// </summary>
internal static partial class ArticleTextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes, bool mayDeclareCharset)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        if (Utf16WithoutBom(bytes) is { } utf16)
        {
            return utf16.GetString(bytes);
        }

        var declared = mayDeclareCharset ? DeclaredEncoding(bytes) : null;

        // ISO-2022 encodings are 7-bit, so their bytes are also valid UTF-8: the declaration decides.
        if (declared is not null && declared.WebName.StartsWith("iso-2022", StringComparison.OrdinalIgnoreCase) && bytes.Contains((byte)0x1B))
        {
            return declared.GetString(bytes);
        }

        if (Utf8.IsValid(bytes))
        {
            return StrictUtf8.GetString(bytes);
        }

        return (declared ?? DetectedEncoding(bytes)).GetString(bytes);
    }

    /// <summary>True when the bytes start with a UTF-16 byte-order mark (so NUL bytes are expected).</summary>
    public static bool HasUtf16Bom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    /// <summary>
    /// UTF-16 text without a byte-order mark: mostly-Latin text puts a NUL byte in every other
    /// position (odd positions for little-endian, even for big-endian) and almost none in the others.
    /// Returns null for anything else, including binary files whose NUL bytes fall anywhere.
    /// </summary>
    public static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..(Math.Min(bytes.Length, 8192) & ~1)];
        if (sample.Length < 4)
        {
            return null;
        }

        int evenNul = 0, oddNul = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenNul += sample[i] == 0 ? 1 : 0;
            oddNul += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;
        var encoding = oddNul >= pairs * 0.3 && evenNul <= pairs * 0.02 ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)
            : evenNul >= pairs * 0.3 && oddNul <= pairs * 0.02 ? new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)
            : null;
        if (encoding is null)
        {
            return null;
        }

        try
        {
            // Unpaired surrogates mean the NUL pattern was a coincidence.
            _ = encoding.GetCharCount(bytes[..(bytes.Length & ~1)]);
            return bytes.Length % 2 == 0 ? encoding : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static Encoding? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        // The declaration must be in the first 1024 bytes (as browsers prescan); ASCII is enough to find it.
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 1024)]);
        var match = MetaCharsetRegex().Match(head);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value.Trim();
        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            // Declared UTF-8 that is not valid UTF-8 is detected like undeclared text.
            return null;
        }

        return EncodingByName(name);
    }

    /// <summary>UTF.Unknown's guess for legacy bytes. ISO-8859-1 becomes Windows-1252, as browsers
    /// do, so that curly quotes and the euro sign in 0x80-0x9F are read as such.</summary>
    private static Encoding DetectedEncoding(ReadOnlySpan<byte> bytes)
    {
        var detected = CharsetDetector.DetectFromBytes(bytes).Detected;
        var name = detected?.EncodingName;
        if (name is null || name.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase) || name.Equals("ascii", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("utf", StringComparison.OrdinalIgnoreCase))
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        }

        return EncodingByName(name) ?? CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    }

    private static Encoding? EncodingByName(string name)
    {
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?(?<name>[A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetRegex();
}
