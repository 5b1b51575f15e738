using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Stories;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The inbox pass over a folder inbox and the real service graph.</summary>
public sealed class InboxProcessorTests : IDisposable
{
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), "sb-inbox-" + Guid.NewGuid().ToString("N"));

    public InboxProcessorTests() => Directory.CreateDirectory(_inbox);

    public void Dispose() => Directory.Delete(_inbox, recursive: true);

    [Fact]
    public async Task ProcessPendingAsync_NewFileThenSameFileAgain_ReadsItsResultOncePerPass()
    {
        File.Copy(SharedData.SeedFiles[0], Path.Combine(_inbox, "seed.txt"));
        var store = new CountingInMemoryObjectStore();
        using var harness = new PipelineHarness(store: store, settings: new Dictionary<string, string?> { ["Storage:InboxDirectory"] = _inbox });

        var first = Assert.Single(await harness.Get<InboxProcessor>().ProcessPendingAsync());
        var readsInFirstPass = store.ReadsOf(ResultPaths.Result("seed.txt"));
        // A new processor instance has seen nothing: the pipeline finds the result and skips.
        var fresh = new InboxProcessor(harness.Get<IArticleInbox>(), harness.Pipeline, harness.Store, harness.Get<IOptions<InboxOptions>>(), harness.Clock, NullLogger<InboxProcessor>.Instance);
        var again = Assert.Single(await fresh.ProcessPendingAsync());

        Assert.Equal(ResultStatus.Processed, first.Result!.Status);
        Assert.False(first.Skipped);
        Assert.Equal(1, readsInFirstPass);
        Assert.True(again.Skipped);
        Assert.Equal(first.Result.ProcessedAt, again.Result!.ProcessedAt);
        Assert.Equal(2, store.ReadsOf(ResultPaths.Result("seed.txt")));
    }
}
