using SummaryBot.Cli;

namespace SummaryBot.Tests.Cli;

/// <summary><c>summarybot drop</c> on the embedded defaults: it copies into the local inbox folder.</summary>
public sealed class DropCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sb-drop-" + Guid.NewGuid().ToString("N"));

    public DropCommandTests() => Directory.CreateDirectory(Path.Combine(_root, "source"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Source(string name, string text)
    {
        var path = Path.Combine(_root, "source", name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Inbox => Path.Combine(_root, "inbox");

    private static Task<int> InvokeAsync(params string[] args) => SummaryBotCommandLine.Create().Parse(args).InvokeAsync();

    [Fact]
    public async Task Drop_FolderWithoutBlob_CopiesArticlesIntoInboxAndSkipsOtherFiles()
    {
        Source("a.txt", "Title A\n\nBody A.");
        Source("b.md", "# Title B\n\nBody B.");
        Source("c.pdf", "%PDF-1.7");

        var code = await InvokeAsync("drop", Path.Combine(_root, "source"), "--inbox", Inbox);

        Assert.Equal(0, code);
        Assert.Equal(["a.txt", "b.md"], Directory.GetFiles(Inbox).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("Title A\n\nBody A.", File.ReadAllText(Path.Combine(Inbox, "a.txt")));
    }

    [Fact]
    public async Task Drop_ChangedFileAlreadyThere_KeptUnlessOverwrite()
    {
        var file = Source("a.txt", "first");
        await InvokeAsync("drop", file, "--inbox", Inbox);
        File.WriteAllText(file, "second");

        var kept = await InvokeAsync("drop", file, "--inbox", Inbox);
        var keptText = File.ReadAllText(Path.Combine(Inbox, "a.txt"));
        var replaced = await InvokeAsync("drop", file, "--inbox", Inbox, "--overwrite");

        Assert.Equal(0, kept);
        Assert.Equal("first", keptText);
        Assert.Equal(0, replaced);
        Assert.Equal("second", File.ReadAllText(Path.Combine(Inbox, "a.txt")));
    }

    [Fact]
    public async Task Drop_MissingPath_ExitsWithOne()
    {
        var code = await InvokeAsync("drop", Path.Combine(_root, "no-such-file.txt"), "--inbox", Inbox);

        Assert.Equal(1, code);
    }
}
