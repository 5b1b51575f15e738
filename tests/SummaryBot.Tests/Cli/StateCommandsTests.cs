using System.Text.Json;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Tests.Cli;

/// <summary><c>summarybot results</c> and <c>summarybot state export</c> on the embedded state, run as a user would.</summary>
public sealed class StateCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-cli-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task RunInboxAsync()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        await File.WriteAllTextAsync(Path.Combine(inbox, "a-ferry.txt"), "Ferry service resumes in Valmora\n\nFerries between Valmora and the islands resumed on Friday after the lighthouse keepers ended their strike, the coastal authority said.");
        await File.WriteAllBytesAsync(Path.Combine(inbox, "b-empty.txt"), []);
        Assert.Equal(0, (await CliProcess.RunAsync(_dir, "run", "--once")).ExitCode);
    }

    [Fact]
    public async Task Results_Json_PrintsEveryResultRecordAsOneJsonObjectPerLine()
    {
        await RunInboxAsync();

        var outcome = await CliProcess.RunAsync(_dir, "results", "--json");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a-ferry.txt", "b-empty.txt"], records.Select(r => r.GetProperty("article").GetString()));
        Assert.Equal(["processed", "rejected"], records.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("Ferry service resumes in Valmora", records[0].GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(records[1].GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Results_Table_ShowsStatusArticleAndTitleOrReason()
    {
        await RunInboxAsync();

        var outcome = await CliProcess.RunAsync(_dir, "results");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("status", lines[0], StringComparison.Ordinal);
        Assert.Matches("^processed +a-ferry\\.txt +[0-9a-f]{16} +Ferry service resumes in Valmora$", lines[1]);
        Assert.Matches("^rejected +b-empty\\.txt +- +.*empty", lines[2]);
        Assert.Equal("2 result(s).", lines[3]);
    }

    [Fact]
    public async Task Results_NoStateDatabase_SaysSoAndCreatesNone()
    {
        var outcome = await CliProcess.RunAsync(_dir, "results", "--state", "typo");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("No state database", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "typo")));
    }

    [Fact]
    public async Task StateExport_AfterRun_WritesEveryDocumentAsAFileByteForByte()
    {
        await RunInboxAsync();

        var outcome = await CliProcess.RunAsync(_dir, "state", "export", "backup");

        Assert.Equal(0, outcome.ExitCode);
        using var store = new SqliteObjectStore(SqliteDatabase.InDirectory(Path.Combine(_dir, ".summarybot")));
        var count = 0;
        await foreach (var path in store.ListAsync(string.Empty))
        {
            var file = Path.Combine(_dir, "backup", path.Replace('/', Path.DirectorySeparatorChar));
            Assert.Equal((await store.GetAsync(path))!.Content.ToArray(), await File.ReadAllBytesAsync(file));
            count++;
        }

        Assert.True(count >= 4, $"only {count} documents");
        Assert.Equal(count, Directory.GetFiles(Path.Combine(_dir, "backup"), "*", SearchOption.AllDirectories).Length);
        Assert.Contains($"Exported {count} document(s)", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateExport_NamesThatAreNotValidFileNames_ExportsEachToItsOwnSafeFile()
    {
        var state = Path.Combine(_dir, "state");
        string[] paths = ["results/a:b?.txt.json", "results/CON.json", "results/trailing.", "x", "x/y.json"];
        using (var store = new SqliteObjectStore(SqliteDatabase.InDirectory(state)))
        {
            foreach (var path in paths)
            {
                Assert.NotNull(await store.TryCreateAsync(path, BinaryData.FromString(path)));
            }
        }

        var outcome = await CliProcess.RunAsync(_dir, "state", "export", "out", "--state", state);

        Assert.Equal(0, outcome.ExitCode);
        var root = Path.Combine(_dir, "out");
        Assert.Equal("results/a:b?.txt.json", await File.ReadAllTextAsync(Path.Combine(root, "results", "a%3Ab%3F.txt.json")));
        Assert.Equal("results/CON.json", await File.ReadAllTextAsync(Path.Combine(root, "results", "%43ON.json")));
        Assert.Equal("results/trailing.", await File.ReadAllTextAsync(Path.Combine(root, "results", "trailing%2E")));
        Assert.Equal("x", await File.ReadAllTextAsync(Path.Combine(root, "x")));
        // "x" is a file, so "x/y.json" cannot go under a folder "x": it goes to the top, whole path in its name.
        var moved = Assert.Single(Directory.GetFiles(root, "x%2Fy.json~*"));
        Assert.Equal("x/y.json", await File.ReadAllTextAsync(moved));
        Assert.Contains("Exported 5 document(s)", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("1 of them went to the top", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateExport_TargetNotEmpty_RefusesAndWritesNothing()
    {
        await RunInboxAsync();
        var target = Directory.CreateDirectory(Path.Combine(_dir, "full")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");

        var outcome = await CliProcess.RunAsync(_dir, "state", "export", target);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("not empty", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }
}
