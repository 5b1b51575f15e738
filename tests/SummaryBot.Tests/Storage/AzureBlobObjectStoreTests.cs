using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using SummaryBot.Core.Storage;
using SummaryBot.Tests.Fixtures;

namespace SummaryBot.Tests.Storage;

/// <summary>What the Azure store does beyond the shared contract: containers, content types, paging, retries, secrets.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class AzureBlobObjectStoreTests(AzuriteFixture azurite)
{
    private BlobContainerClient NewContainer() => azurite.ServiceClient.GetBlobContainerClient(AzuriteFixture.NewContainerName("azure"));

    [Fact]
    public async Task ReadsAndConditionalWrites_ContainerNotCreatedYet_SeeNothingAndCreateNothing()
    {
        var container = NewContainer();
        var store = new AzureBlobObjectStore(container);

        Assert.Null(await store.GetAsync("results/a.json"));
        Assert.Empty(await ListAsync(store, string.Empty));
        Assert.False(await store.DeleteAsync("results/a.json"));
        Assert.Null(await store.TryReplaceAsync("results/a.json", BinaryData.FromString("x"), "\"0x1\""));
        Assert.False((await container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task TryCreateAsync_FirstWrite_CreatesTheContainer()
    {
        var container = NewContainer();
        var store = new AzureBlobObjectStore(container);

        Assert.NotNull(await store.TryCreateAsync("a.json", BinaryData.FromString("{}")));

        Assert.True((await container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task TryCreateAsync_ContainerDeletedSinceFirstUse_CreatesItAgain()
    {
        var container = NewContainer();
        var store = new AzureBlobObjectStore(container);
        await store.TryCreateAsync("a.json", BinaryData.FromString("{}"));
        await container.DeleteAsync();

        var etag = await store.TryCreateAsync("b.json", BinaryData.FromString("{}"));

        Assert.NotNull(etag);
        Assert.NotNull(await store.GetAsync("b.json"));
    }

    [Theory]
    [InlineData("000_a.txt", "text/plain; charset=utf-8")]
    [InlineData("b.md", "text/markdown; charset=utf-8")]
    [InlineData("c.html", "text/html")]
    [InlineData("results/d.txt.json", "application/json")]
    [InlineData("e.bin", "application/octet-stream")]
    public async Task TryCreateAsync_ByExtension_SetsContentType(string path, string expected)
    {
        var container = NewContainer();
        var store = new AzureBlobObjectStore(container);

        await store.TryCreateAsync(path, BinaryData.FromString("x"));

        var properties = await container.GetBlobClient(path).GetPropertiesAsync();
        Assert.Equal(expected, properties.Value.ContentType);
    }

    [Fact]
    public async Task ListAsync_PagesOfOne_FollowsContinuationTokensToTheEnd()
    {
        var store = new AzureBlobObjectStore(NewContainer(), pageSize: 1);
        var names = Enumerable.Range(0, 7).Select(i => $"articles/{i:D3}.txt").ToList();
        foreach (var name in names)
        {
            await store.TryCreateAsync(name, BinaryData.FromString(name));
        }

        Assert.Equal(names, await ListAsync(store, "articles/"));
    }

    [Fact]
    public async Task TryCreateAsync_TimeoutThen503_RetriedUntilItSucceeds()
    {
        var faults = new FaultInjectionPolicy(Fault.Hang, Fault.ServiceUnavailable);
        var options = azurite.NewStorageOptions();
        options.Retry = new AzureRetryOptions { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), NetworkTimeout = TimeSpan.FromMilliseconds(300) };
        var container = azurite.ServiceClient.GetBlobContainerClient(options.StateContainer);
        // A first write creates the container (once per process), so that the faults below hit the upload itself.
        await new AzureBlobObjectStore(container).TryCreateAsync("warm-up.json", BinaryData.FromString("{}"));
        var faulty = AzureBlobStores.CreateServiceClient(options, o => o.AddPolicy(faults, HttpPipelinePosition.BeforeTransport));
        var store = new AzureBlobObjectStore(faulty.GetBlobContainerClient(options.StateContainer));

        var etag = await store.TryCreateAsync("results/a.json", BinaryData.FromString("{}"));

        Assert.NotNull(etag);
        Assert.Equal(3, faults.Attempts);
        Assert.Equal(etag, (await new AzureBlobObjectStore(container).GetAsync("results/a.json"))!.ETag);
    }

    [Fact]
    public async Task GetAsync_MoreFaultsThanRetries_Throws503()
    {
        var faults = new FaultInjectionPolicy(Fault.ServiceUnavailable, Fault.ServiceUnavailable, Fault.ServiceUnavailable);
        var options = azurite.NewStorageOptions();
        options.Retry = new AzureRetryOptions { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };
        var faulty = AzureBlobStores.CreateServiceClient(options, o => o.AddPolicy(faults, HttpPipelinePosition.BeforeTransport));
        var store = new AzureBlobObjectStore(faulty.GetBlobContainerClient(options.StateContainer));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => store.GetAsync("results/a.json"));

        Assert.True(faults.Attempts == 2, error.ToString());
        Assert.Equal(503, error.Status);
    }

    [Fact]
    public void CreateInbox_ConnectionStringWithKey_DescriptionNamesContainerButNoSecret()
    {
        var options = azurite.NewStorageOptions();

        var inbox = AzureBlobStores.CreateInbox(options);

        Assert.Contains(options.ArticlesContainer, inbox.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", inbox.Description, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Eby8vdM02x", inbox.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInbox_BlobsInArticlesContainer_ListedAndRead()
    {
        var options = azurite.NewStorageOptions();
        var articles = AzureBlobStores.CreateArticlesStore(options);
        await articles.TryCreateAsync("b.txt", BinaryData.FromString("second"));
        await articles.TryCreateAsync("a.txt", BinaryData.FromString("first"));
        var inbox = AzureBlobStores.CreateInbox(options);

        var names = new List<string>();
        await foreach (var entry in inbox.ListAsync())
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["a.txt", "b.txt"], names);
        Assert.Equal("first", (await inbox.ReadAsync("a.txt"))!.ToString());
        Assert.Null(await inbox.ReadAsync("gone.txt"));
    }

    private static async Task<List<string>> ListAsync(AzureBlobObjectStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var path in store.ListAsync(prefix))
        {
            paths.Add(path);
        }

        return paths;
    }
}
