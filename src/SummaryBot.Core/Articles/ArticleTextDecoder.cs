using System.Text;
using System.Text.RegularExpressions;

namespace SummaryBot.Core.Articles;

/// <summary>
/// Turns bytes into text. Order: a byte-order mark (UTF-8, UTF-16 LE/BE) wins; then, for HTML, a
/// <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> declaration; then strict UTF-8; and when the
/// bytes are not valid UTF-8 they are legacy single-byte text: Windows-1251 when most non-ASCII
/// bytes are Cyrillic letters in that code page and they make up much of the text, otherwise
/// Windows-1252 (a superset of Latin-1 used by most Western legacy files).
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

        if (mayDeclareCharset && DeclaredEncoding(bytes) is { } declared)
        {
            return declared.GetString(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return LegacyEncoding(bytes).GetString(bytes);
        }
    }

    /// <summary>True when the bytes start with a UTF-16 byte-order mark (so NUL bytes are expected).</summary>
    public static bool HasUtf16Bom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

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
            // Declared UTF-8 that is not valid UTF-8 still goes through the fallback below.
            return null;
        }

        return EncodingByName(name);
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

    private static Encoding LegacyEncoding(ReadOnlySpan<byte> bytes)
    {
        int high = 0, cyrillicLetters = 0, asciiLetters = 0;
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                high++;
                if (b >= 0xC0)
                {
                    cyrillicLetters++;
                }
            }
            else if (char.IsAsciiLetter((char)b))
            {
                asciiLetters++;
            }
        }

        // Russian, Ukrainian or Bulgarian text in 1251 is mostly high bytes in C0-FF; Western text in
        // 1252 has a few accented letters among many ASCII ones.
        var looksCyrillic = high > 0 && cyrillicLetters >= high * 0.6 && high > asciiLetters;
        return CodePagesEncodingProvider.Instance.GetEncoding(looksCyrillic ? 1251 : 1252)!;
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?(?<name>[A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetRegex();
}
