using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Storage.Sqlite;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Cli;

/// <summary>The summarybot executable on embedded defaults, run as a user would run it.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Help_EveryCommand_PrintsUsage()
    {
        foreach (var command in new[] { "run", "subscribe", "unsubscribe", "topics", "summarize", "match" })
        {
            var outcome = await CliProcess.RunAsync(_dir, command, "--help");

            Assert.Equal(0, outcome.ExitCode);
            Assert.Contains("Usage:", outcome.Output, StringComparison.Ordinal);
            Assert.Contains(command, outcome.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunOnce_InboxWithBadFiles_RejectsThemAndExitsZero()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(inbox, "a-empty.txt"), []);
        await File.WriteAllBytesAsync(Path.Combine(inbox, "b-binary.txt"), [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3E, 0]);
        await File.WriteAllTextAsync(Path.Combine(inbox, "c-unknown.docx"), "PK not really a document");
        await File.WriteAllTextAsync(Path.Combine(inbox, "d-good.txt"), "Ferry service resumes in Valmora\n\nFerries between Valmora and the islands resumed on Friday after the lighthouse keepers ended their strike, the coastal authority said.");

        var outcome = await CliProcess.RunAsync(_dir, "run", "--once");

        Assert.Equal(0, outcome.ExitCode);
        using var store = State();
        foreach (var name in new[] { "a-empty.txt", "b-binary.txt", "c-unknown.docx" })
        {
            var result = (await store.GetJsonAsync<ResultRecord>(ResultPaths.Result(name)))!.Value;
            Assert.Equal(ResultStatus.Rejected, result.Status);
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        }

        var good = (await store.GetJsonAsync<ResultRecord>(ResultPaths.Result("d-good.txt")))!.Value;
        Assert.Equal(ResultStatus.Processed, good.Status);
        Assert.Contains("4 file(s)", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("1 processed now, 3 rejected, 0 already done, 0 not read, 0 failed", outcome.Output, StringComparison.Ordinal);
    }

    private const string GoodArticle = "Ferry service resumes in Valmora\n\nFerries between Valmora and the islands resumed on Friday after the lighthouse keepers ended their strike, the coastal authority said.";

    [Fact]
    public async Task RunOnce_AFileFails_ExitsNonZeroAndSaysWhich()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        await File.WriteAllTextAsync(Path.Combine(inbox, "good.txt"), GoodArticle);
        // A state database that refuses every result record: recording any result fails.
        using (State())
        {
        }

        using (var connection = SqliteDatabase.InDirectory(Path.Combine(_dir, ".summarybot")).Open())
        using (var refuse = connection.CreateCommand())
        {
            refuse.CommandText = "CREATE TRIGGER refuse_results BEFORE INSERT ON objects WHEN NEW.path >= 'results/' AND NEW.path < 'results0' BEGIN SELECT RAISE(ABORT, 'results are refused'); END;";
            refuse.ExecuteNonQuery();
        }

        var outcome = await CliProcess.RunAsync(_dir, "run", "--once");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("  ! good.txt: failed:", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("1 failed (will retry)", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_StateFolderInsideTheInbox_IsRefusedAtStart()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        await File.WriteAllTextAsync(Path.Combine(inbox, "good.txt"), GoodArticle);

        var outcome = await CliProcess.RunAsync(_dir, "run", "--once", "--inbox", inbox, "--state", Path.Combine(inbox, "state"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Storage:StateDirectory", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("inside Storage:InboxDirectory", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(inbox, "state", "results")));
    }

    [Fact]
    public async Task RunOnce_SymlinksOutOfTheInboxAndLoops_AreNotReadAndListedWithTheReason()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        var outside = Path.Combine(_dir, "outside.txt");
        await File.WriteAllTextAsync(outside, GoodArticle);
        await File.WriteAllTextAsync(Path.Combine(inbox, "real.txt"), GoodArticle.Replace("Friday", "Monday", StringComparison.Ordinal));
        File.CreateSymbolicLink(Path.Combine(inbox, "passwd.txt"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(inbox, "outside.txt"), outside);
        Directory.CreateSymbolicLink(Path.Combine(inbox, "loop"), inbox);
        File.CreateSymbolicLink(Path.Combine(inbox, "ping.txt"), Path.Combine(inbox, "pong.txt"));
        File.CreateSymbolicLink(Path.Combine(inbox, "pong.txt"), Path.Combine(inbox, "ping.txt"));
        File.CreateSymbolicLink(Path.Combine(inbox, "alias.txt"), Path.Combine(inbox, "real.txt"));

        var outcome = await CliProcess.RunAsync(_dir, "run", "--once");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("  - passwd.txt: not read: a symbolic link to a file outside the inbox", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("  - outside.txt: not read: a symbolic link to a file outside the inbox", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("  - loop: not read: a symbolic link to a folder", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("  - ping.txt: not read: a symbolic link that loops", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("7 file(s)", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("5 not read", outcome.Output, StringComparison.Ordinal);
        using var store = State();
        Assert.NotNull(await store.GetJsonAsync<ResultRecord>(ResultPaths.Result("real.txt")));
        Assert.NotNull(await store.GetJsonAsync<ResultRecord>(ResultPaths.Result("alias.txt")));
        Assert.Null(await store.GetJsonAsync<ResultRecord>(ResultPaths.Result("passwd.txt")));
        Assert.Null(await store.GetJsonAsync<ResultRecord>(ResultPaths.Result("outside.txt")));
        await foreach (var path in store.ListAsync("results/"))
        {
            Assert.DoesNotContain("loop", path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Drop_OneFileCannotBeDropped_DropsTheRestAndListsIt()
    {
        var source = Directory.CreateDirectory(Path.Combine(_dir, "source")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), GoodArticle);
        await File.WriteAllTextAsync(Path.Combine(source, "b\\c.txt"), GoodArticle);
        await File.WriteAllTextAsync(Path.Combine(source, "d.txt"), GoodArticle);

        var outcome = await CliProcess.RunAsync(_dir, "drop", source);

        Assert.Equal(1, outcome.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir, "inbox", "a.txt")));
        Assert.True(File.Exists(Path.Combine(_dir, "inbox", "d.txt")));
        Assert.Contains("Could not drop 1 file(s):", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("b\\c.txt", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("2 dropped into", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_LogLevelFromTheStandardVariables_IsHonoured()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        await File.WriteAllTextAsync(Path.Combine(inbox, "good.txt"), GoodArticle);

        var outcome = await CliProcess.RunAsync(_dir, new Dictionary<string, string> { ["Logging__LogLevel__SummaryBot"] = "Information" }, "run", "--once");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("info: ArticlePipeline: Article good.txt: Processed", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_StateCannotBeCreated_OneLineErrorWithoutStackTrace()
    {
        var file = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(file, "in the way");

        var outcome = await CliProcess.RunAsync(_dir, "subscribe", "--state", Path.Combine(file, "state"), "harbour");

        Assert.NotEqual(0, outcome.ExitCode);
        var lines = outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("Error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_EightProcessesAtOnce_KeepsEveryTopic()
    {
        var runs = Enumerable.Range(0, 8).Select(i => CliProcess.RunAsync(_dir, "subscribe", "--chat", "3", $"harbour {i}"));

        var outcomes = await Task.WhenAll(runs);

        Assert.All(outcomes, o => Assert.Equal(0, o.ExitCode));
        using var store = State();
        var chat = (await store.GetJsonAsync<ChatSubscription>(SubscriptionPaths.Subscription(3)))!.Value;
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"harbour {i}").Order(), chat.Topics.Order());
    }

    [Fact]
    public async Task RunOnce_TwoProcessesOnOneStateDatabase_OneAlertAndOneResultPerArticle()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        for (var i = 0; i < 6; i++)
        {
            await File.WriteAllTextAsync(
                Path.Combine(inbox, $"story-{i}.txt"),
                $"Harbour {i} reopens after storm damage\n\nThe harbour of Porto {i} reopened on Monday after repairs to storm damage, port officials said on the {i}th.");
        }

        Assert.Equal(0, (await CliProcess.RunAsync(_dir, "subscribe", "harbour")).ExitCode);

        var outcomes = await Task.WhenAll(CliProcess.RunAsync(_dir, "run", "--once"), CliProcess.RunAsync(_dir, "run", "--once"));

        Assert.All(outcomes, o => Assert.Equal(0, o.ExitCode));
        var alerts = outcomes.Sum(o => CountOccurrences(o.Output, "── message "));
        Assert.Equal(6, alerts);
        using var store = State();
        var results = new List<string>();
        await foreach (var path in store.ListAsync("results/"))
        {
            results.Add(path);
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => ResultPaths.Result($"story-{i}.txt")), results);
        Assert.True(File.Exists(Path.Combine(_dir, ".summarybot", SqliteDatabase.FileName)));
    }

    [Fact]
    public async Task RunOnce_TwoReportsOfOneStoryAtOnce_FinishesEveryDeliveryBeforeExiting()
    {
        // Both seeds are processed at once: one report's job waits a moment for the other's alert,
        // and a single run used to exit before it came back, leaving its result pending.
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        foreach (var seed in SharedData.SeedFiles)
        {
            File.Copy(seed, Path.Combine(inbox, Path.GetFileName(seed)));
        }

        Assert.Equal(0, (await CliProcess.RunAsync(_dir, "subscribe", "Russia–North Korea")).ExitCode);

        var outcome = await CliProcess.RunAsync(_dir, "run", "--once");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(1, CountOccurrences(outcome.Output, "── message "));
        Assert.Contains(", 0 waiting to be retried", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topics_AfterSubscribeAndUnsubscribe_ShowsWhatIsLeft()
    {
        await CliProcess.RunAsync(_dir, "subscribe", "harbour");
        await CliProcess.RunAsync(_dir, "subscribe", "lighthouse");
        var unsubscribed = await CliProcess.RunAsync(_dir, "unsubscribe", "harbour");
        var topics = await CliProcess.RunAsync(_dir, "topics");
        var missing = await CliProcess.RunAsync(_dir, "unsubscribe", "volcano");

        Assert.Equal(0, unsubscribed.ExitCode);
        Assert.Contains("lighthouse", topics.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("harbour", topics.Output, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not follow", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_SubscriptionOfAForumTopic_AlertsThatTopicOnly()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        await File.WriteAllTextAsync(
            Path.Combine(inbox, "harbour.txt"),
            "Harbour reopens after storm damage\n\nThe harbour of Porto reopened on Monday after repairs to storm damage, port officials said.");
        var subscribed = await CliProcess.RunAsync(_dir, "subscribe", "--chat", "-100", "--thread", "17", "harbour");
        var topicList = await CliProcess.RunAsync(_dir, "topics", "--chat", "-100", "--thread", "17");
        var chatList = await CliProcess.RunAsync(_dir, "topics", "--chat", "-100");

        var outcome = await CliProcess.RunAsync(_dir, "run", "--once");

        Assert.Contains("Chat -100 (topic 17) now follows harbour", subscribed.Output, StringComparison.Ordinal);
        Assert.Contains("harbour", topicList.Output, StringComparison.Ordinal);
        Assert.Contains("follows no topics", chatList.Output, StringComparison.Ordinal);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("to chat -100, topic 17 ──", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("alert to chat -100 (topic 17)", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidConfiguration_ExitsWithMessageNamingTheKey()
    {
        var outcome = await CliProcess.RunAsync(_dir, "run", "--once", "--container", "Bad_Name");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Storage:ArticlesContainer", outcome.Error, StringComparison.Ordinal);
    }

    /// <summary>The state store the CLI left in the working directory (the default <c>--state</c>).</summary>
    private SqliteObjectStore State() => new(SqliteDatabase.InDirectory(Path.Combine(_dir, ".summarybot")));

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
