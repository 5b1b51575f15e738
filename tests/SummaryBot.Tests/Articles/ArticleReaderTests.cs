using System.Text;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Articles;

public sealed class ArticleReaderTests
{
    private const string Story = "Ferry service resumes\n\nThe ferry between Orlen and Haddy Island resumed service on Monday after storm repairs to the pier were finished.\n";

    private static ArticleReader Reader(long maxBytes = 2 * 1024 * 1024) => new(Options.Create(new ArticleOptions { MaxBytes = maxBytes }));

    private static ArticleReadResult Read(string name, byte[] bytes, long maxBytes = 2 * 1024 * 1024) => Reader(maxBytes).Read(name, BinaryData.FromBytes(bytes));

    private static ArticleReadResult Read(string name, string text) => Read(name, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Read_EmptyFile_RejectedAsEmpty()
    {
        Assert.Equal("The file is empty.", Read("a.txt", []).RejectionReason);
        Assert.Equal("The file is empty.", Read("a.txt", " \n\t\n").RejectionReason);
    }

    [Fact]
    public void Read_OverLimit_ReasonNamesSizeLimitAndKey()
    {
        var result = Read("big.txt", new byte[(int)(3.1 * 1024 * 1024)], maxBytes: 2 * 1024 * 1024);

        Assert.Equal("The file is 3,250,585 bytes (3.1 MB), 1,153,433 bytes over the limit of 2,097,152 bytes (2 MB, Articles:MaxBytes).", result.RejectionReason);
    }

    [Fact]
    public void Read_NulBytes_RejectedAsBinary()
    {
        var result = Read("photo.txt", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x41, 0x42]);

        Assert.Equal("The file looks binary (it contains NUL bytes), not an article.", result.RejectionReason);
    }

    [Fact]
    public void Read_ManyControlBytes_RejectedAsBinary()
    {
        var bytes = Enumerable.Range(0, 400).Select(i => (byte)(i % 3 == 0 ? 0x01 : 'a')).ToArray();

        Assert.Contains("control bytes", Read("x.txt", bytes).RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnsupportedExtension_ReasonListsSupportedFormats()
    {
        Assert.Equal("'.pdf' files are not supported; use .txt, .md, .html or .json.", Read("report.PDF", "%PDF-1.7").RejectionReason);
    }

    [Fact]
    public void Read_MalformedJson_RejectedWithReason()
    {
        var reason = Read("a.json", "{\"title\": \"x\", \"text\": ").RejectionReason;

        Assert.NotNull(reason);
        Assert.StartsWith("The file is not valid JSON", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"title\": \"Only a title\"}")]
    [InlineData("{\"text\": \"Only a body that is long enough to be an article.\"}")]
    [InlineData("{\"title\": \"\", \"body\": \"x\"}")]
    public void Read_JsonWithoutTitleOrText_Rejected(string json)
    {
        Assert.Equal("The JSON has no \"title\" or no \"text\".", Read("a.json", json).RejectionReason);
    }

    [Fact]
    public void Read_JsonArrayRoot_Rejected()
    {
        Assert.Contains("must be an object", Read("a.json", "[1, 2]").RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonBodyAndContentKeys_Accepted()
    {
        var body = Read("a.json", "{\"title\": \"Pier fixed\", \"body\": [\"The pier was fixed.\", \"Ferries run again.\"], \"outlet\": \"Isle News\"}").Article!;
        var content = Read("b.json", "{\"title\": \"Pier fixed\", \"content\": \"<p>The pier was fixed.</p><p>Ferries run again.</p>\"}").Article!;

        Assert.Equal(["The pier was fixed.", "Ferries run again."], body.Paragraphs);
        Assert.Equal("Isle News", body.Outlet);
        Assert.Equal(["The pier was fixed.", "Ferries run again."], content.Paragraphs);
    }

    [Fact]
    public void Read_OnlyBoilerplate_RejectedWithNoTextReason()
    {
        var result = Read("a.txt", "A headline\n\n- Advertisement -\n\nMost Popular\n\nShare this article\n");

        Assert.Equal("No article text was found after removing page boilerplate. The 3 lines of text found were all page furniture, such as “- Advertisement -”.", result.RejectionReason);
    }

    [Fact]
    public void Read_HtmlWithOnlyNavigation_RejectedWithNoTextReason()
    {
        var result = Read("a.html", "<html><head><title>Site</title></head><body><nav><p>Home News Sport</p></nav><footer><p>Contact</p></footer></body></html>");

        Assert.Equal("No article text was found after removing page boilerplate: the page has 4 words of visible text, 0 of them in links, and 0 paragraphs of 12 words or more.", result.RejectionReason);
    }

    [Theory]
    [InlineData("a.html", "<html><body><p>Unclosed <b>tags <div><p>and <<<>>> junk &bogus; &#xZZ;")]
    [InlineData("a.md", "---\ntitle: [unclosed\n```\nnever closed fence")]
    [InlineData("a.json", "{\"title\": {\"nested\": true}, \"text\": 5}")]
    [InlineData("a.htm", "<!doctype html><html><head><meta charset=\"no-such-charset\"></head><body><h1>T</h1><p>Body text here.</p></body></html>")]
    public void Read_BrokenInput_NeverThrows(string name, string text)
    {
        var result = Read(name, text);

        Assert.True(result.Article is not null ^ result.RejectionReason is not null);
    }

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        foreach (var name in new[] { "a.txt", "a.md", "a.html", "a.json", "a" })
        {
            for (var i = 0; i < 40; i++)
            {
                var bytes = new byte[random.Next(1, 600)];
                random.NextBytes(bytes);
                var result = Read(name, bytes);
                Assert.True(result.Article is not null || !string.IsNullOrWhiteSpace(result.RejectionReason));
            }
        }
    }

    [Fact]
    public void Read_Utf8WithBom_BomNotInTitle()
    {
        var article = Read("a.txt", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Story)]).Article!;

        Assert.Equal("Ferry service resumes", article.Title);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void Read_Utf16WithBom_Decoded(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var article = Read("a.txt", [.. encoding.GetPreamble(), .. encoding.GetBytes("Café reopens — “finally”\n\nThe café on the quay reopened on Saturday after a year of repairs.")]).Article!;

        Assert.Equal("Café reopens — “finally”", article.Title);
        Assert.Single(article.Paragraphs);
    }

    [Fact]
    public void Read_Windows1252Bytes_FallbackDecodesAccentsAndQuotes()
    {
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Caf\u00e9 owners protest\n\nThe owners said the \u201cnew fee\u201d of \u20ac90 was unfair to small caf\u00e9s.");

        var article = Read("a.txt", bytes).Article!;

        Assert.Equal("Café owners protest", article.Title);
        Assert.Equal("The owners said the “new fee” of €90 was unfair to small cafés.", article.Paragraphs[0]);
    }

    [Fact]
    public void Read_Windows1251Bytes_DetectedAsCyrillic()
    {
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes("Паром снова ходит\n\nПаром между островом и городом снова ходит после ремонта причала.");

        var article = Read("a.txt", bytes).Article!;

        Assert.Equal("Паром снова ходит", article.Title);
    }

    [Fact]
    public void Read_TxtThatIsHtml_ReadAsHtml()
    {
        var article = Read("page.txt", "<!DOCTYPE html><html><head><title>Ferry service resumes - Isle News</title></head><body><nav><p>Home</p></nav><p>The ferry resumed service on Monday.</p></body></html>").Article!;

        Assert.Equal("Ferry service resumes", article.Title);
        Assert.Equal(["The ferry resumed service on Monday."], article.Paragraphs);
    }

    [Fact]
    public void Read_HtmlMetadata_TitleUrlOutletPublished()
    {
        const string html = """
            <html><head>
            <meta property="og:title" content="Ferry service resumes">
            <meta property="og:url" content="https://isle.example.com/ferry">
            <meta property="og:site_name" content="Isle News">
            </head><body><article><h1>Other heading</h1><time datetime="2025-03-01T10:00:00+02:00">1 March</time>
            <p>The ferry resumed service on Monday.</p><div class="social-share"><p>Share on X</p></div></article></body></html>
            """;

        var article = Read("a.html", html).Article!;

        Assert.Equal("Ferry service resumes", article.Title);
        Assert.Equal("https://isle.example.com/ferry", article.Url);
        Assert.Equal("Isle News", article.Outlet);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)), article.Published);
        Assert.Equal(["The ferry resumed service on Monday."], article.Paragraphs);
    }

    [Fact]
    public void Read_HardWrappedText_LinesJoinedIntoParagraph()
    {
        var article = Read("a.txt", "Ferry service resumes\n\nThe ferry between Orlen and Haddy Island resumed\nservice on Monday after storm repairs to the pier\nwere finished.\n").Article!;

        Assert.Equal(["The ferry between Orlen and Haddy Island resumed service on Monday after storm repairs to the pier were finished."], article.Paragraphs);
    }

    [Fact]
    public void Read_OneByteOverTheLimit_ReasonGivesBothSizesExactly()
    {
        var result = Read("big.txt", new byte[(2 * 1024 * 1024) + 1]);

        Assert.Equal("The file is 2,097,153 bytes (2 MB), 1 byte over the limit of 2,097,152 bytes (2 MB, Articles:MaxBytes).", result.RejectionReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_Utf16WithoutBom_DecodedNotBinary(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: false);

        var result = Read("a.txt", encoding.GetBytes("Café reopens — “finally”\n\nThe café on the quay reopened on Saturday after a year of repairs."));

        Assert.Null(result.RejectionReason);
        Assert.Equal("Café reopens — “finally”", result.Article!.Title);
    }

    [Fact]
    public void Read_OneParagraphBriefWithoutTitleLine_AcceptedWithFirstSentenceAsHeadline()
    {
        const string brief = "The Valmora council on Tuesday froze parking fees in the old town. Shop owners had said higher fees drove customers to the mall on the ring road.";

        var article = Read("brief.txt", brief + "\n").Article!;

        Assert.Equal("The Valmora council on Tuesday froze parking fees in the old town", article.Title);
        Assert.Equal([brief], article.Paragraphs);
    }

    [Fact]
    public void Read_Windows1250Bytes_DetectedByCharsetDetector()
    {
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1250)!.GetBytes("Přístav znovu otevřen\n\nMost přes přístav byl ve čtvrtek po jedenácti měsících oprav znovu otevřen pro dopravu, řekl úřad. Řidiči už nemusí čekat na trajekt a obchodníci ve starém městě jsou spokojení.");

        var article = Read("a.txt", bytes).Article!;

        Assert.Equal("Přístav znovu otevřen", article.Title);
    }
}
