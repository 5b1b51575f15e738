using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles.Formats;

namespace SummaryBot.Core.Articles;

/// <summary>
/// Reads .txt, .md, .html/.htm and .json articles: size limit, binary check, charset detection
/// (<see cref="ArticleTextDecoder"/>), format by extension with content sniffing (a .txt or
/// extensionless file that is really HTML or JSON is read as such), then
/// <see cref="ArticleCleaner"/>. Every problem becomes a rejection a person can read.
/// </summary>
public sealed class ArticleReader(IOptions<ArticleOptions> options) : IArticleReader
{
    public const string SupportedExtensionsText = ".txt, .md, .html or .json";

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase) { ".txt", ".text", "" };
    private static readonly HashSet<string> MarkdownExtensions = new(StringComparer.OrdinalIgnoreCase) { ".md", ".markdown" };
    private static readonly HashSet<string> HtmlExtensions = new(StringComparer.OrdinalIgnoreCase) { ".html", ".htm", ".xhtml" };

    public ArticleReadResult Read(string name, BinaryData content)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);

        var bytes = content.ToMemory().Span;
        var extension = Path.GetExtension(name);
        var isJson = extension.Equals(".json", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !TextExtensions.Contains(extension) && !MarkdownExtensions.Contains(extension) && !HtmlExtensions.Contains(extension))
        {
            return ArticleReadResult.Rejected($"'{extension.ToLowerInvariant()}' files are not supported; use {SupportedExtensionsText}.");
        }

        if (bytes.Length == 0)
        {
            return ArticleReadResult.Rejected("The file is empty.");
        }

        var limit = options.Value.MaxBytes;
        if (bytes.Length > limit)
        {
            return ArticleReadResult.Rejected(SizeReason(bytes.Length, limit));
        }

        if (BinaryReason(bytes) is { } binary)
        {
            return ArticleReadResult.Rejected(binary);
        }

        var text = ArticleTextDecoder.Decode(bytes, mayDeclareCharset: !isJson && !MarkdownExtensions.Contains(extension));
        if (string.IsNullOrWhiteSpace(text.Replace("\uFEFF", string.Empty, StringComparison.Ordinal)))
        {
            return ArticleReadResult.Rejected("The file is empty.");
        }

        try
        {
            return Parse(name, extension, text);
        }
        catch (RegexMatchTimeoutException)
        {
            return ArticleReadResult.Rejected("The file could not be read: its text took too long to clean.");
        }
        catch (InvalidOperationException ex)
        {
            return ArticleReadResult.Rejected($"The file could not be read as an article ({ex.Message}).");
        }
    }

    private static ArticleReadResult Parse(string name, string extension, string text)
    {
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase) || (extension.Length == 0 && text.TrimStart().StartsWith('{')))
        {
            var (draft, rejection) = JsonFormat.Parse(text);
            return draft is null ? ArticleReadResult.Rejected(rejection!) : ArticleCleaner.Clean(name, draft);
        }

        if (HtmlExtensions.Contains(extension) || (TextExtensions.Contains(extension) && HtmlFormat.LooksLikeHtml(text)))
        {
            var (draft, rejection) = HtmlFormat.Parse(text);
            return draft is null ? ArticleReadResult.Rejected(rejection!) : ArticleCleaner.Clean(name, draft);
        }

        return ArticleCleaner.Clean(name, MarkdownExtensions.Contains(extension) ? MarkdownFormat.Parse(text) : PlainTextFormat.Parse(text));
    }

    /// <summary>NUL bytes (outside UTF-16) or many control bytes mean the file is not text.</summary>
    private static string? BinaryReason(ReadOnlySpan<byte> bytes)
    {
        if (ArticleTextDecoder.HasUtf16Bom(bytes) || ArticleTextDecoder.Utf16WithoutBom(bytes) is not null)
        {
            return null;
        }

        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        if (sample.StartsWith("%PDF-"u8))
        {
            return "The file is a PDF document, not a text article; use .txt, .md, .html or .json.";
        }

        if (sample.Contains((byte)0))
        {
            return "The file looks binary (it contains NUL bytes), not an article.";
        }

        var control = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C))
            {
                control++;
            }
        }

        return control > sample.Length / 20
            ? "The file looks binary (it contains many control bytes), not an article."
            : null;
    }

    /// <summary>Both sizes in exact bytes (a rounded "2 MB" cannot tell 2 MB + 1 byte from the
    /// limit), each followed by its rounded size for a reader.</summary>
    internal static string SizeReason(long size, long limit) => string.Create(
        CultureInfo.InvariantCulture,
        $"The file is {size:N0} bytes ({FormatSize(size)}), {size - limit:N0} {(size - limit == 1 ? "byte" : "bytes")} over the limit of {limit:N0} bytes ({FormatSize(limit)}, {ArticleOptions.SectionName}:MaxBytes).");

    internal static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
    };
}
