using System.Text.Json;
using Azure.Storage.Blobs;
using SummaryBot.Cli;
using SummaryBot.Core.Storage;
using SummaryBot.Tests.Fixtures;
using static SummaryBot.Tests.Pipeline.BlobPipelineHarness;
using SummaryBot.Core.Pipeline;

namespace SummaryBot.Tests.Pipeline;

/// <summary>The operator's path, in process: <c>summarybot drop</c> then <c>summarybot run --blob ... --once</c> against Azurite.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class BlobCliTests(AzuriteFixture azurite)
{
    private static Task<int> InvokeAsync(params string[] args) => SummaryBotCommandLine.Create().Parse(args).InvokeAsync();

    [Fact]
    public async Task DropThenRunOnce_Seeds_WritesResultBlobsThatMatchTheSchema()
    {
        var articlesName = AzuriteFixture.NewContainerName("articles");
        var seeds = SeedFiles();

        var dropped = await InvokeAsync("drop", SeedsDirectory(), "--blob", azurite.ConnectionString, "--container", articlesName);
        var ran = await InvokeAsync("run", "--blob", azurite.ConnectionString, "--container", articlesName, "--once");

        Assert.Equal(0, dropped);
        Assert.Equal(0, ran);
        var articles = azurite.ServiceClient.GetBlobContainerClient(articlesName);
        foreach (var seed in seeds)
        {
            var properties = await articles.GetBlobClient(seed.Name).GetPropertiesAsync();
            Assert.Equal("text/plain; charset=utf-8", properties.Value.ContentType);
            Assert.Equal(seed.Length, properties.Value.ContentLength);
        }

        // `run` keeps its state in the default state container, "summarybot" (Storage:StateContainer).
        var state = azurite.ServiceClient.GetBlobContainerClient(new StorageOptions().StateContainer);
        var storyIds = new List<string>();
        foreach (var seed in seeds)
        {
            using var json = JsonDocument.Parse((await state.GetBlobClient(ResultPaths.Result(seed.Name)).DownloadContentAsync()).Value.Content.ToMemory());
            var root = json.RootElement;
            Assert.Equal(seed.Name, root.GetProperty("article").GetString());
            Assert.Contains(root.GetProperty("status").GetString(), new[] { "processed", "duplicate" });
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
            Assert.True(root.TryGetProperty("url", out var url) && url.ValueKind is JsonValueKind.Null or JsonValueKind.String);
            Assert.True(!root.TryGetProperty("outlet", out var outlet) || outlet.ValueKind is JsonValueKind.Null or JsonValueKind.String);
            storyIds.Add(root.GetProperty("storyId").GetString()!);
            Assert.False(string.IsNullOrWhiteSpace(storyIds[^1]));
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("summary").GetString()));
            Assert.Contains(root.GetProperty("summarizer").GetString(), new[] { "extractive", "azure-openai" });
            Assert.Equal(JsonValueKind.Array, root.GetProperty("matches").ValueKind);
            Assert.Equal(JsonValueKind.Array, root.GetProperty("deliveries").ValueKind);
            if (root.GetProperty("status").GetString() == "duplicate")
            {
                // The seeds are processed concurrently: either may found the story, the other joins it.
                Assert.Equal(seeds.Single(s => s.Name != seed.Name).Name, root.GetProperty("duplicateOf").GetString());
            }
        }
    }

    [Fact]
    public async Task Drop_SameFilesTwice_LeavesThemUnlessOverwrite()
    {
        var articlesName = AzuriteFixture.NewContainerName("articles");
        var seed = SeedFiles()[0];
        await InvokeAsync("drop", seed.FullName, "--blob", azurite.ConnectionString, "--container", articlesName);
        var blob = azurite.ServiceClient.GetBlobContainerClient(articlesName).GetBlobClient(seed.Name);
        var first = (await blob.GetPropertiesAsync()).Value.ETag;

        var again = await InvokeAsync("drop", seed.FullName, "--blob", azurite.ConnectionString, "--container", articlesName);
        var afterAgain = (await blob.GetPropertiesAsync()).Value.ETag;
        var overwritten = await InvokeAsync("drop", seed.FullName, "--overwrite", "--blob", azurite.ConnectionString, "--container", articlesName);
        var afterOverwrite = (await blob.GetPropertiesAsync()).Value.ETag;

        Assert.Equal(0, again);
        Assert.Equal(first, afterAgain);
        Assert.Equal(0, overwritten);
        Assert.Equal(first, afterOverwrite); // Same content: nothing to replace.
    }

    [Fact]
    public async Task Drop_NotifyLocal_PostsOneBlobCreatedEventPerUpload()
    {
        var articlesName = AzuriteFixture.NewContainerName("articles");
        var seed = SeedFiles()[0];
        using var listener = new System.Net.HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var request = (context.Request.Url!.PathAndQuery, context.Request.Headers["aeg-event-type"], await reader.ReadToEndAsync());
            context.Response.StatusCode = 202;
            context.Response.Close();
            return request;
        });

        var url = $"http://127.0.0.1:{port}/runtime/webhooks/blobs?functionName=Host.Functions.ArticleBlobFunction";
        var code = await InvokeAsync("drop", seed.FullName, "--blob", azurite.ConnectionString, "--container", articlesName, "--notify-local", url);

        Assert.Equal(0, code);
        var (path, eventType, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("/runtime/webhooks/blobs?functionName=Host.Functions.ArticleBlobFunction", path);
        Assert.Equal("Notification", eventType);
        using var json = JsonDocument.Parse(body);
        var @event = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal("Microsoft.Storage.BlobCreated", @event.GetProperty("eventType").GetString());
        Assert.Equal($"/blobServices/default/containers/{articlesName}/blobs/{seed.Name}", @event.GetProperty("subject").GetString());
        Assert.Equal($"http://127.0.0.1:{azurite.Port}/devstoreaccount1/{articlesName}/{seed.Name}", @event.GetProperty("data").GetProperty("url").GetString());
        Assert.Equal(seed.Length, @event.GetProperty("data").GetProperty("contentLength").GetInt64());
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task RunOnce_BadConnectionString_FailsWithConfigurationError()
    {
        var code = await InvokeAsync("run", "--blob", "this is not a connection string", "--once");

        Assert.Equal(2, code);
    }
}
