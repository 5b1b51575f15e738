using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Storage.Sqlite;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The inbox processor over a real folder inbox: concurrency, names, settling and changed files.</summary>
public sealed class InboxWatchTests : IDisposable
{
    private const string Article = "Ferry service resumes in Valmora\n\nFerries between Valmora and the islands resumed on Friday after the lighthouse keepers ended their strike, the coastal authority said. The first boat left at dawn with forty passengers.";

    private readonly string _root = Directory.CreateTempSubdirectory("sb-watch-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Inbox => Path.Combine(_root, "inbox");

    [Fact]
    public async Task ProcessPendingAsync_SlowFile_DoesNotHoldBackTheOthers()
    {
        using var harness = new PipelineHarness();
        var fastDoneFirst = false;
        var inbox = new GatedInbox(
            new Dictionary<string, string> { ["a-slow.txt"] = Article, ["b-fast.txt"] = Article.Replace("Valmora", "Norhaven", StringComparison.Ordinal) },
            async name =>
            {
                if (name != "a-slow.txt")
                {
                    return;
                }

                // The slow file waits for the fast one's result (at most 20 s, so that a sequential
                // processor fails the test instead of hanging it).
                for (var waited = 0; waited < 1000 && await harness.Pipeline.GetResultAsync("b-fast.txt") is null; waited++)
                {
                    await Task.Delay(20);
                }

                fastDoneFirst = await harness.Pipeline.GetResultAsync("b-fast.txt") is not null;
            });
        using var processor = NewProcessor(harness, inbox, new InboxOptions { MaxConcurrency = 2 });

        var outcomes = await processor.ProcessPendingAsync();

        Assert.True(fastDoneFirst);
        Assert.Equal(["a-slow.txt", "b-fast.txt"], outcomes.Select(o => o.Name));
        Assert.All(outcomes, o => Assert.NotNull(o.Result));
    }

    [Fact]
    public async Task ProcessPendingAsync_OneAtATime_ReadsTheFilesInNameOrder()
    {
        // At one file at a time the order is what decides which report founds a story; the workers
        // used to race for the slot, and two seeds swapped places in about one run in three.
        using var harness = new PipelineHarness();
        var files = Enumerable.Range(0, 24).ToDictionary(i => $"{i:D2}.txt", i => Article.Replace("forty", $"{i + 2} dozen", StringComparison.Ordinal));
        var readOrder = new List<string>();
        var inbox = new GatedInbox(files, async name =>
        {
            lock (readOrder)
            {
                readOrder.Add(name);
            }

            await Task.Yield();
        });
        using var processor = NewProcessor(harness, inbox, new InboxOptions { MaxConcurrency = 1 });

        var outcomes = await processor.ProcessPendingAsync();

        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), readOrder);
        Assert.All(outcomes, o => Assert.NotNull(o.Result));
    }

    [Fact]
    public async Task ProcessPendingAsync_NamesTheStoresReserveOrCannotHold_EachGetsOneResultUnderItsName()
    {
        Directory.CreateDirectory(Inbox);
        var names = new[] { new string('x', 226) + ".txt", "back\\slash.txt", "notes.tmp-sb", "notes.spare-sb", "plain.txt" };
        foreach (var name in names)
        {
            await File.WriteAllTextAsync(Path.Combine(Inbox, name), Article.Replace("forty", name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        using var store = new SqliteObjectStore(SqliteDatabase.InDirectory(Path.Combine(_root, "state")));
        using var harness = new PipelineHarness(store: store, settings: Settings());

        var outcomes = await harness.Get<InboxProcessor>().ProcessPendingAsync();

        Assert.Equal(names.Order(StringComparer.Ordinal), outcomes.Select(o => o.Name));
        Assert.All(outcomes, o => Assert.Null(o.Error));
        foreach (var name in names)
        {
            var stored = await harness.Pipeline.GetResultAsync(name);
            Assert.Equal(name, stored!.Article);
        }

        // Plain names keep the readable key that existing results were written under.
        Assert.NotNull(await harness.Store.GetAsync("results/plain.txt.json"));
        // Exactly one result each: a new pass finds them done instead of retrying them.
        using var fresh = NewProcessor(harness, harness.Get<IArticleInbox>(), new InboxOptions());
        Assert.All(await fresh.ProcessPendingAsync(), o => Assert.True(o.Skipped, o.Name));
    }

    [Fact]
    public async Task ProcessPendingAsync_HiddenFilesAndFolders_AreListedAsNotReadWithTheReason()
    {
        Directory.CreateDirectory(Path.Combine(Inbox, ".locks"));
        await File.WriteAllTextAsync(Path.Combine(Inbox, ".locks", "0a1.lock"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(Inbox, ".story.txt.Xy12Ab"), Article[..40]);
        await File.WriteAllTextAsync(Path.Combine(Inbox, "story.txt"), Article);
        using var harness = new PipelineHarness(settings: Settings());

        var outcomes = await harness.Get<InboxProcessor>().ProcessPendingAsync();

        Assert.Equal([".locks", ".story.txt.Xy12Ab", "story.txt"], outcomes.Select(o => o.Name));
        Assert.Equal("a hidden folder (its name starts with '.')", outcomes[0].NotRead);
        Assert.Equal("a hidden file (its name starts with '.')", outcomes[1].NotRead);
        Assert.Null(await harness.Pipeline.GetResultAsync(".story.txt.Xy12Ab"));
        Assert.Equal(ResultStatus.Processed, outcomes[2].Result!.Status);
    }

    [Fact]
    public async Task PollAsync_FileStillBeingWritten_IsReadOnlyOnceItHasSettled()
    {
        Directory.CreateDirectory(Inbox);
        using var harness = new PipelineHarness(settings: Settings());
        var path = Path.Combine(Inbox, "copying.txt");
        await File.WriteAllTextAsync(path, Article[..60]);
        File.SetLastWriteTimeUtc(path, harness.Clock.GetUtcNow().UtcDateTime);
        var processor = harness.Get<InboxProcessor>();
        var outcomes = new List<InboxItemOutcome>();

        await PollAsync(processor, outcomes);
        await File.WriteAllTextAsync(path, Article);
        File.SetLastWriteTimeUtc(path, harness.Clock.GetUtcNow().UtcDateTime);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await PollAsync(processor, outcomes);
        var beforeSettled = outcomes.Count;
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await PollAsync(processor, outcomes);

        Assert.Equal(0, beforeSettled);
        var outcome = Assert.Single(outcomes);
        Assert.Equal(ResultStatus.Processed, outcome.Result!.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Article))), outcome.Result.ContentSha256);
    }

    [Fact]
    public async Task PollAsync_FileReplacedInPlace_GetsANewResult()
    {
        Directory.CreateDirectory(Inbox);
        using var harness = new PipelineHarness(settings: Settings());
        var path = Path.Combine(Inbox, "story.txt");
        await File.WriteAllTextAsync(path, Article);
        File.SetLastWriteTimeUtc(path, harness.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var processor = harness.Get<InboxProcessor>();
        var outcomes = new List<InboxItemOutcome>();
        await PollAsync(processor, outcomes);
        var first = Assert.Single(outcomes).Result!;

        await PollAsync(processor, outcomes);
        var unchanged = outcomes.Count;
        await File.WriteAllTextAsync(path, "A new bridge opens in Kestrel Bay\n\nThe bridge over the Kestrel estuary opened to traffic on Saturday, ten years after work began, the regional road agency said.");
        File.SetLastWriteTimeUtc(path, harness.Clock.GetUtcNow().UtcDateTime.AddSeconds(-30));
        await PollAsync(processor, outcomes);

        Assert.Equal(1, unchanged);
        Assert.Equal(2, outcomes.Count);
        var second = outcomes[1].Result!;
        Assert.NotEqual(first.ContentSha256, second.ContentSha256);
        Assert.Contains("bridge", second.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(second.ContentSha256, (await harness.Pipeline.GetResultAsync("story.txt"))!.ContentSha256);
    }

    [Fact]
    public void StorageOptions_StateFolderInsideTheInbox_FailsValidationNamingBothKeys()
    {
        var options = new StorageOptions { InboxDirectory = Inbox, StateDirectory = Path.Combine(Inbox, ".summarybot") };

        var failures = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        var failure = Assert.Single(failures);
        Assert.Contains("Storage:StateDirectory", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Storage:InboxDirectory", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Inbox:MaxConcurrency", "0")]
    [InlineData("Inbox:SettleTime", "01:00:00")]
    public void InboxOptions_OutOfRange_FailValidationNamingTheKey(string key, string value)
    {
        using var harness = new PipelineHarness(settings: new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => harness.Get<IOptions<InboxOptions>>().Value);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static async Task PollAsync(InboxProcessor processor, List<InboxItemOutcome> outcomes)
    {
        await processor.PollAsync(outcome => { lock (outcomes) { outcomes.Add(outcome); } });
        await processor.WhenIdleAsync();
    }

    private static InboxProcessor NewProcessor(PipelineHarness harness, IArticleInbox inbox, InboxOptions options) =>
        new(inbox, harness.Pipeline, harness.Store, Options.Create(options), harness.Clock, NullLogger<InboxProcessor>.Instance);

    private Dictionary<string, string?> Settings() => new()
    {
        ["Storage:InboxDirectory"] = Inbox,
        ["Inbox:SettleTime"] = "00:00:02",
    };

    /// <summary>An in-memory inbox that runs a test's hook before each read.</summary>
    private sealed class GatedInbox(Dictionary<string, string> files, Func<string, Task> beforeRead) : IArticleInbox
    {
        public string Description => "gated test inbox";

        public async IAsyncEnumerable<InboxEntry> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var name in files.Keys.Order(StringComparer.Ordinal))
            {
                yield return new InboxEntry(name, "1", null);
            }

            await Task.CompletedTask;
        }

        public async Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken = default)
        {
            await beforeRead(name);
            return BinaryData.FromString(files[name]);
        }
    }
}
