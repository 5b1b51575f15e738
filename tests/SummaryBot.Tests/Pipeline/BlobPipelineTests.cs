using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using static SummaryBot.Tests.Fakes.SenderExtensions;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fixtures;
using SummaryBot.Tests.Storage;
using static SummaryBot.Tests.Pipeline.BlobPipelineHarness;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The whole pipeline over Azure Blob Storage (Azurite): same results as over folders, races, vanished blobs.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class BlobPipelineTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sb-blobpipe-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task ProcessPendingAsync_SeedsWithBlobStore_SameResultsAsWithFolderStore()
    {
        var start = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        // One file at a time, so that the same seed founds the story in both runs.
        var folderSettings = FolderConfiguration(_root);
        folderSettings["Inbox:MaxConcurrency"] = "1";
        var folder = await RunSeedsAsync(folderSettings, new FakeTimeProvider(start));
        var blobOptions = azurite.NewStorageOptions();
        var blobSettings = BlobConfiguration(blobOptions);
        blobSettings["Inbox:MaxConcurrency"] = "1";
        var blob = await RunSeedsAsync(blobSettings, new FakeTimeProvider(start));

        Assert.Equal(2, folder.Results.Count);
        Assert.Equal(folder.Results.Select(r => r.Article), blob.Results.Select(r => r.Article));
        Assert.All(folder.Results.Concat(blob.Results), r => Assert.NotEqual(ResultStatus.Rejected, r.Status));
        for (var i = 0; i < folder.Results.Count; i++)
        {
            var (f, b) = (folder.Results[i], blob.Results[i]);
            Assert.Equal(f.Status, b.Status);
            Assert.Equal(f.Title, b.Title);
            Assert.Equal(f.Outlet, b.Outlet);
            Assert.Equal(f.Url, b.Url);
            Assert.Equal(f.Summary, b.Summary);
            Assert.Equal(f.Summarizer, b.Summarizer);
            Assert.Equal(f.ContentSha256, b.ContentSha256);
            Assert.Equal(f.DuplicateOf, b.DuplicateOf);
            Assert.Equal(f.Matches!.Select(m => (m.ChatId, m.Topic)), b.Matches!.Select(m => (m.ChatId, m.Topic)));
        }

        // Which report's job shows the second outlet (an edit, or the alert that left after it joined,
        // which both reports then record as their alert) depends on timing; what must agree is one
        // message per chat and no chat left pending.
        static int Messages(List<ResultRecord> results) =>
            results.SelectMany(r => r.Deliveries!).Select(d => (d.ChatId, d.MessageId)).Distinct().Count();
        Assert.Equal(1, Messages(folder.Results));
        Assert.Equal(1, Messages(blob.Results));
        Assert.All(folder.Results.Concat(blob.Results), r => Assert.Null(r.Pending));

        // Story ids are minted per store; what must agree is which reports share a story.
        Assert.Equal(folder.Results[0].StoryId == folder.Results[1].StoryId, blob.Results[0].StoryId == blob.Results[1].StoryId);
        Assert.Equal(folder.Outbox.Sent.Count, blob.Outbox.Sent.Count);
        Assert.Equal(folder.Outbox.Edits.Count, blob.Outbox.Edits.Count);

        // The blob run really wrote its state to the state container.
        var state = new AzureBlobObjectStore(azurite.ServiceClient.GetBlobContainerClient(blobOptions.StateContainer));
        foreach (var result in blob.Results)
        {
            var stored = await state.GetJsonAsync<ResultRecord>(ResultPaths.Result(result.Article));
            Assert.Equal(result.Status, stored!.Value.Status);
            Assert.Equal(result.StoryId, stored.Value.StoryId);
        }
    }

    [Fact]
    public async Task ProcessPendingAsync_BlobNamesUpTo1024CharactersAndWithDoubleSlashes_EachGetsOneResult()
    {
        var options = azurite.NewStorageOptions();
        var articles = azurite.ServiceClient.GetBlobContainerClient(options.ArticlesContainer);
        await articles.CreateIfNotExistsAsync();
        var names = new[] { "a//b.txt", new string('n', 995) + ".txt", new string('m', 1020) + ".txt", "plain.txt" };
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            await articles.GetBlobClient(name).UploadAsync(BinaryData.FromString(
                $"Harbour {i} reopens in Valmora\n\nThe harbour of Valmora reopened on Friday number {i} after repairs to the north pier, the port authority said."));
        }

        await using var host = Build(BlobConfiguration(options), new RecordingOutbox(), TimeProvider.System);
        var outcomes = await host.GetRequiredService<InboxProcessor>().ProcessPendingAsync();

        Assert.Equal(names.Order(StringComparer.Ordinal), outcomes.Select(o => o.Name));
        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.All(outcomes, o => Assert.NotEqual(ResultStatus.Rejected, o.Result!.Status));
        var pipeline = host.GetRequiredService<ArticlePipeline>();
        foreach (var name in names)
        {
            Assert.Equal(name, (await pipeline.GetResultAsync(name))!.Article);
        }
    }

    public static TheoryData<int> RaceRounds() => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(RaceRounds))]
    public async Task ProcessPendingAsync_TwoHostsRaceOnOneNewBlob_OneAlertPerChatAndOneResult(int round)
    {
        var options = azurite.NewStorageOptions();
        var settings = BlobConfiguration(options);
        var outbox = new RecordingOutbox();
        await using var first = Build(settings, outbox, TimeProvider.System);
        await using var second = Build(settings, outbox, TimeProvider.System);
        // Topics that the seeds mention literally, so that they match with any topic matcher.
        await first.GetRequiredService<SubscriptionService>().SubscribeAsync(1, "North Korea", ChatKind.Console, "console");
        await second.GetRequiredService<SubscriptionService>().SubscribeAsync(2, "Russia", ChatKind.Console, "console");
        var seed = SeedFiles()[round % 2];
        await AzureBlobStores.CreateArticlesStore(options).TryCreateAsync(seed.Name, BinaryData.FromBytes(await File.ReadAllBytesAsync(seed.FullName)));

        using var go = new Barrier(2);
        var outcomes = await Task.WhenAll(
            Task.Run(() => { go.SignalAndWait(); return first.GetRequiredService<InboxProcessor>().ProcessPendingAsync(); }),
            Task.Run(() => { go.SignalAndWait(); return second.GetRequiredService<InboxProcessor>().ProcessPendingAsync(); }));

        var results = outcomes.Select(o => Assert.Single(o)).Select(o => o.Result ?? throw new InvalidOperationException(o.Error)).ToList();
        var queue = first.GetRequiredService<IDeliveryQueue>();
        await Task.WhenAll(
            first.GetRequiredService<DeliveryQueueProcessor>().SendUntilEmptyAsync(queue),
            second.GetRequiredService<DeliveryQueueProcessor>().SendUntilEmptyAsync(queue));
        Assert.Equal(results[0].StoryId, results[1].StoryId);
        Assert.Equal([1L, 2L], results[0].Matches!.Select(m => m.ChatId).Order());
        Assert.Equal([1L, 2L], outbox.Sent.Select(s => s.ChatId).Order());
        Assert.Empty(outbox.Edits);
        var state = AzureBlobStores.CreateStateStore(options, EmptyServices.Instance);
        Assert.Equal([ResultPaths.Result(seed.Name)], await ToListAsync(state.ListAsync("results/")));
        Assert.Equal(2, (await ToListAsync(state.ListAsync("deliveries/"))).Count);
    }

    [Fact]
    public async Task SubscribeAsync_TwoHostsEditOneChatAtOnce_KeepsBothTopics()
    {
        var settings = BlobConfiguration(azurite.NewStorageOptions());
        var outbox = new RecordingOutbox();
        await using var first = Build(settings, outbox, TimeProvider.System);
        await using var second = Build(settings, outbox, TimeProvider.System);

        for (var chatId = 100L; chatId < 110; chatId++)
        {
            var id = chatId;
            using var go = new Barrier(2);
            await Task.WhenAll(
                Task.Run(() => { go.SignalAndWait(); return first.GetRequiredService<SubscriptionService>().SubscribeAsync(id, "Russia–North Korea", ChatKind.Private); }),
                Task.Run(() => { go.SignalAndWait(); return second.GetRequiredService<SubscriptionService>().SubscribeAsync(id, "Brazil", ChatKind.Private); }));

            var topics = (await first.GetRequiredService<SubscriptionService>().ListTopicsAsync(id)).Select(t => t.Normalized).ToList();
            Assert.Equal(2, topics.Count);
            Assert.Contains(topics, t => t.Contains("Brazil", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task ProcessPendingAsync_BlobDeletedBetweenListAndRead_RecordsRejectedResult()
    {
        var options = azurite.NewStorageOptions();
        var articles = AzureBlobStores.CreateArticlesStore(options);
        await articles.TryCreateAsync("gone.txt", BinaryData.FromString("Short-lived article\n\nIt was deleted right after it was listed."));
        await using var host = Build(BlobConfiguration(options), new RecordingOutbox(), TimeProvider.System, services =>
            services.AddSingleton<IArticleInbox>(sp => new DeletingInbox(
                AzureBlobStores.CreateInbox(sp.GetRequiredService<IOptions<StorageOptions>>().Value), articles)));

        var outcome = Assert.Single(await host.GetRequiredService<InboxProcessor>().ProcessPendingAsync());

        Assert.Null(outcome.Error);
        Assert.Equal(ResultStatus.Rejected, outcome.Result!.Status);
        Assert.Equal(InboxProcessor.VanishedReason, outcome.Result.Reason);
        var stored = await host.GetRequiredService<IObjectStore>().GetJsonAsync<ResultRecord>(ResultPaths.Result("gone.txt"));
        Assert.Equal(ResultStatus.Rejected, stored!.Value.Status);
        Assert.Equal(InboxProcessor.VanishedReason, stored.Value.Reason);
        Assert.Empty(await host.GetRequiredService<InboxProcessor>().ProcessPendingAsync());
    }

    private static async Task<(List<ResultRecord> Results, RecordingOutbox Outbox)> RunSeedsAsync(Dictionary<string, string?> settings, TimeProvider timeProvider)
    {
        // One file at a time, so that both runs found the story with the same seed (concurrently, either may).
        settings["Inbox:MaxConcurrency"] = "1";
        var outbox = new RecordingOutbox();
        await using var host = Build(settings, outbox, timeProvider);
        var subscribed = await host.GetRequiredService<SubscriptionService>().SubscribeAsync(1, "Russia–North Korea", ChatKind.Console, "console");
        Assert.NotEqual(SubscribeStatus.Invalid, subscribed.Status);

        var storage = host.GetRequiredService<IOptions<StorageOptions>>().Value;
        foreach (var seed in SeedFiles())
        {
            var content = BinaryData.FromBytes(await File.ReadAllBytesAsync(seed.FullName));
            Assert.True(storage.UsesAzure
                ? await AzureBlobStores.CreateArticlesStore(storage).TryCreateAsync(seed.Name, content) is not null
                : await new FolderInbox(storage.InboxDirectory).TryAddAsync(seed.Name, content));
        }

        var outcomes = await host.GetRequiredService<InboxProcessor>().ProcessPendingAsync();
        Assert.All(outcomes, o => Assert.Null(o.Error));
        var queue = host.GetRequiredService<IDeliveryQueue>();
        for (var pass = 0; pass < 40 && await queue.CountAsync() > 0; pass++)
        {
            // A job that waits for another job's alert comes back after 2 s: on the fake clock for the
            // SQLite queue, on Azurite's for the Azure one.
            await host.GetRequiredService<DeliveryQueueProcessor>().DrainAsync();
            (timeProvider as FakeTimeProvider)?.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(250);
        }

        var pipeline = host.GetRequiredService<ArticlePipeline>();
        var results = new List<ResultRecord>();
        foreach (var outcome in outcomes)
        {
            results.Add((await pipeline.GetResultAsync(outcome.Name))!);
        }

        return (results, outbox);
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>An inbox whose files vanish right after they are listed (an operator deleting them).</summary>
    private sealed class DeletingInbox(IArticleInbox inner, IObjectStore articles) : IArticleInbox
    {
        public string Description => inner.Description;

        public IAsyncEnumerable<InboxEntry> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public async Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken = default)
        {
            await articles.DeleteAsync(name, cancellationToken: cancellationToken);
            return await inner.ReadAsync(name, cancellationToken);
        }
    }
}
