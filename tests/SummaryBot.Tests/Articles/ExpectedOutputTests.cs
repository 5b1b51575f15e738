using System.Globalization;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Articles;

/// <summary>Each TestData/Articles file (invented articles) is read and compared with its
/// <c>*.expected.txt</c>: title, outlet, url, published, a blank line, then one paragraph a line.</summary>
public sealed class ExpectedOutputTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "Articles");

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(DataDirectory).Where(p => !p.EndsWith(".expected.txt", StringComparison.Ordinal)).Order())
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void Inputs_EveryFormat_Covered()
    {
        var extensions = Directory.GetFiles(DataDirectory).Select(p => Path.GetExtension(p)).ToHashSet();

        Assert.All(new[] { ".txt", ".md", ".html", ".htm", ".json" }, e => Assert.Contains(e, extensions));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Read_TestDataArticle_MatchesExpectedFile(string fileName)
    {
        var reader = new ArticleReader(Options.Create(new ArticleOptions()));
        var result = reader.Read(fileName, BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(DataDirectory, fileName))));

        Assert.Null(result.RejectionReason);
        var expected = File.ReadAllText(Path.Combine(DataDirectory, Path.GetFileNameWithoutExtension(fileName) + ".expected.txt")).TrimEnd('\n');
        Assert.Equal(expected, Render(result.Article!));
    }

    private static string Render(Article article) => string.Join('\n', new[]
    {
        $"title: {article.Title}",
        $"outlet: {article.Outlet ?? "(none)"}",
        $"url: {article.Url ?? "(none)"}",
        $"published: {article.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) ?? "(none)"}",
        string.Empty,
    }.Concat(article.Paragraphs));
}
