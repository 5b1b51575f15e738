using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Tests.Cli;

/// <summary>
/// The embedded state under crashes: <c>summarybot run --once</c> over several hundred articles is
/// killed (SIGKILL, no clean-up) at random moments, again and again; after every kill each document in
/// the database must still be readable; then a run to the end must complete every file, with no alert
/// sent twice.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Articles = 400;
    private const int Kills = 5;

    private static readonly string[] Subjects = ["harbour", "ferry", "bridge", "market", "library"];

    private readonly string _dir = Directory.CreateTempSubdirectory("sb-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A job a killed run had received stays hidden for the queue's visibility timeout (120 s by
    /// default) before another run may take it. The test shortens it to <see cref="Visibility"/> and
    /// lets it pass after the last kill, so that the final run can take every job and complete it
    /// (a second copy only where the ledger says resent).
    /// </summary>
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> ShortVisibility = new()
    {
        ["Delivery__VisibilityTimeoutSeconds"] = "60",
    };

    [Fact]
    public async Task RunOnce_KilledAtRandomPoints_LeavesReadableStateAndARerunCompletesEveryFileWithoutDuplicateAlerts()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        for (var i = 0; i < Articles; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox, $"a{i:D4}.txt"), Generate(i));
        }

        Assert.Equal(0, (await CliProcess.RunAsync(_dir, "subscribe", "--chat", "1", "harbour OR ferry")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(_dir, "subscribe", "--chat", "2", "bridge")).ExitCode);

        var random = new Random();
        var outputs = new StringBuilder();
        var killedWhileRunning = 0;
        var lastKill = Stopwatch.StartNew();
        var log = new List<string>();
        for (var kill = 0; kill < Kills; kill++)
        {
            // Kill once the run has written a random number of further results, a random moment after.
            // The target stays below the last file: a run that overshot (slow polling under load)
            // must not leave the next runs nothing to do but exit before their kill.
            var before = await CountAsync("results/");
            var target = Math.Min(before + random.Next(10, 50), Articles - 1);
            using var run = CliProcess.Start(_dir, ShortVisibility, "run", "--once");
            var watch = Stopwatch.StartNew();
            while (!run.Process.HasExited && await CountAsync("results/") < target && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            await Task.Delay(random.Next(0, 25));
            var exited = run.Process.HasExited;
            if (!exited)
            {
                run.Process.Kill(entireProcessTree: true);
                killedWhileRunning++;
                lastKill.Restart();
            }

            await run.Process.WaitForExitAsync();
            var outcome = await run.OutcomeAsync();
            outputs.Append(outcome.Output);
            var results = await CountAsync("results/");
            log.Add(string.Create(CultureInfo.InvariantCulture, $"kill {kill}: {(exited ? "had exited" : "killed")} after {watch.ElapsedMilliseconds} ms, results {before} -> {results}"));
            await AssertEveryDocumentReadableAsync(string.Join("; ", log));
        }

        Assert.True(killedWhileRunning >= 2, "fewer than two kills landed while a run was working: " + string.Join("; ", log));

        if (lastKill.Elapsed < Visibility)
        {
            await Task.Delay(Visibility - lastKill.Elapsed);
        }

        var final = await CliProcess.RunAsync(_dir, ShortVisibility, "run", "--once");
        outputs.Append(final.Output);

        Assert.True(final.ExitCode == 0, final.Error);
        Assert.Contains("0 failed", final.Output, StringComparison.Ordinal);
        await AssertEveryDocumentReadableAsync(string.Join("; ", log));
        using var store = State();
        var statuses = new List<ResultStatus>();
        await foreach (var path in store.ListAsync("results/"))
        {
            statuses.Add((await store.GetJsonAsync<ResultRecord>(path))!.Value.Status);
        }

        Assert.Equal(Articles, statuses.Count);
        Assert.DoesNotContain(ResultStatus.Rejected, statuses);

        var ledgers = new List<DeliveryRecord>();
        await foreach (var path in store.ListAsync("deliveries/"))
        {
            ledgers.Add((await store.GetJsonAsync<DeliveryRecord>(path))!.Value);
        }

        Assert.All(ledgers, l => Assert.Equal(DeliveryState.Sent, l.State));
        var alerts = Count(outputs.ToString(), "── message ", " to chat ");
        Assert.True(ledgers.Count > 50, $"too few alerts to be a test: {ledgers.Count}");
        // One alert per (story, chat) ledger; a second copy only where the design's one window was hit
        // (a run killed after the console took the alert but before its id was recorded), which the
        // ledger marks as resent.
        Assert.InRange(alerts, ledgers.Count, ledgers.Count + ledgers.Count(l => l.Resent));
    }

    private SqliteObjectStore State() => new(SqliteDatabase.InDirectory(Path.Combine(_dir, ".summarybot")));

    private async Task<int> CountAsync(string prefix)
    {
        if (!File.Exists(Path.Combine(_dir, ".summarybot", SqliteDatabase.FileName)))
        {
            return 0;
        }

        using var store = State();
        var count = 0;
        await foreach (var _ in store.ListAsync(prefix))
        {
            count++;
        }

        return count;
    }

    /// <summary>The file passes SQLite's integrity check and every document parses as JSON.</summary>
    private async Task AssertEveryDocumentReadableAsync(string context)
    {
        var file = Path.Combine(_dir, ".summarybot", SqliteDatabase.FileName);
        if (!File.Exists(file))
        {
            return;
        }

        var database = SqliteDatabase.InDirectory(Path.Combine(_dir, ".summarybot"));
        using (var connection = database.Open())
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar() as string);
        }

        using var store = new SqliteObjectStore(database);
        await foreach (var path in store.ListAsync(string.Empty))
        {
            var stored = await store.GetAsync(path);
            Assert.NotNull(stored);
            try
            {
                using var _ = JsonDocument.Parse(stored.Content.ToMemory());
            }
            catch (JsonException e)
            {
                Assert.Fail($"{path} is not readable JSON after a kill ({context}): {e.Message}");
            }
        }
    }

    /// <summary>Occurrences of lines that start with <paramref name="start"/> and contain <paramref name="contains"/>.</summary>
    private static int Count(string text, string start, string contains) =>
        text.Split('\n').Count(line => line.StartsWith(start, StringComparison.Ordinal) && line.Contains(contains, StringComparison.Ordinal));

    /// <summary>An article of about 1 KB; every third one retells the event before it in other words.</summary>
    private static string Generate(int i)
    {
        var e = i % 3 == 2 ? i - 1 : i;
        var subject = Subjects[e % Subjects.Length];
        var town = $"Port{e:D4}ville";
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"The {subject} of {town} closes after inspectors find {e * 7 + 13} cracks\n\n");
        var wording = i == e ? "said" : "told reporters";
        for (var p = 0; p < 4; p++)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"Inspectors in {town} {wording} on day {e % 28 + 1} that the {subject} would stay shut while engineer Ana{e} Kovac{e} reviews {e * 7 + 13} cracks in its structure. ");
            builder.Append(CultureInfo.InvariantCulture,
                $"Mayor Ivo{e} Petrov{e} {wording} the repairs to the {subject} of {town} would cost {e * 1000 + 500} dinars and take {e % 12 + 2} weeks.\n\n");
        }

        return builder.ToString();
    }
}
