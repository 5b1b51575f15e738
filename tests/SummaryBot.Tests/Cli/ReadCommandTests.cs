using System.Text.Json;

namespace SummaryBot.Tests.Cli;

/// <summary><c>summarybot read FILE [--json]</c>, run as an operator would.</summary>
public sealed class ReadCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-read-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ReadJson_TestPage_PrintsExactlyOneObjectWithEveryField()
    {
        var page = Path.Combine(AppContext.BaseDirectory, "TestData", "Articles", "two-column-sidebar.html");

        var outcome = await CliProcess.RunAsync(_dir, "read", page, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Output);
        var root = json.RootElement;
        Assert.Equal(["status", "reason", "title", "outlet", "url", "published", "paragraphs"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        Assert.Equal("Harbour bridge reopens after repairs", root.GetProperty("title").GetString());
        Assert.Equal("Valmora Courier", root.GetProperty("outlet").GetString());
        Assert.Equal("https://courier.example.com/news/harbour-bridge-reopens", root.GetProperty("url").GetString());
        Assert.Equal("2026-05-14T09:30:00+02:00", root.GetProperty("published").GetString());
        Assert.Equal(5, root.GetProperty("paragraphs").GetArrayLength());
    }

    [Fact]
    public async Task ReadJson_RejectedFile_StatusRejectedWithReasonAndExitCodeOne()
    {
        var file = Path.Combine(_dir, "menu.html");
        await File.WriteAllTextAsync(file, "<html><head><title>Menu</title></head><body><ul><li><a href=/a>Home</a></li></ul></body></html>");

        var outcome = await CliProcess.RunAsync(_dir, "read", file, "--json");

        Assert.Equal(1, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Output);
        Assert.Equal("rejected", json.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("No article text was found", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, json.RootElement.GetProperty("paragraphs").GetArrayLength());
    }

    [Fact]
    public async Task Read_Text_PrintsTitleAndParagraphs()
    {
        var page = Path.Combine(AppContext.BaseDirectory, "TestData", "Articles", "brief.txt");

        var outcome = await CliProcess.RunAsync(_dir, "read", page);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("title:     The Valmora city council", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("paragraphs (1):", outcome.Output, StringComparison.Ordinal);
    }
}
