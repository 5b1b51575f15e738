using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SummaryBot.Testing.Loopback;

namespace SummaryBot.Tests.Fakes.AzureOpenAI;

/// <summary>
/// A loopback server that speaks the Azure OpenAI chat completions REST API
/// (<c>POST /openai/deployments/{deployment}/chat/completions?api-version=...</c> with an
/// <c>api-key</c> header), so the real <c>AzureOpenAIClient</c> can be pointed at it. It records
/// every request; replies come from a script (<see cref="Enqueue"/>) and, once the script is
/// used up, from <see cref="DefaultReply"/>, which by default summarizes the article it was sent
/// from its own title and first sentences. Like Azure, it answers 401 to a wrong key and 404 to an
/// unknown deployment or path.
/// </summary>
/// <example>
/// For a pipeline test: <c>new ConfigurationBuilder().AddInMemoryCollection(server.Configuration())</c>,
/// then assert <c>server.ChatCompletionCount</c>.
/// </example>
public sealed partial class FakeAzureOpenAIServer : IDisposable, IAsyncDisposable
{
    public const string ApiKey = "fake-key-7f3a9c";
    public const string Deployment = "gpt-4o-summaries";

    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly LoopbackHttpServer _server;

    public FakeAzureOpenAIServer() => _server = new LoopbackHttpServer(HandleAsync);

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint => _server.BaseUrl;

    /// <summary>The reply once the script is used up. Defaults to <see cref="EchoSummary"/>.</summary>
    public Func<RecordedRequest, FakeReply> DefaultReply { get; set; } = EchoSummary;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int ChatCompletionCount => _requests.Count(r => r.IsChatCompletion);

    /// <summary>Queues replies, sent in order to the next requests.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Configuration keys that point SummaryBot at this server with a small, fast retry
    /// budget; <paramref name="overrides"/> replace or add keys.</summary>
    public Dictionary<string, string?> Configuration(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureOpenAI:Endpoint"] = Endpoint.ToString(),
            ["AzureOpenAI:Deployment"] = Deployment,
            ["AzureOpenAI:ApiKey"] = ApiKey,
            ["AzureOpenAI:Timeout"] = "00:00:05",
            ["AzureOpenAI:MaxRetries"] = "1",
            ["AzureOpenAI:RetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return values;
    }

    /// <summary>A valid structured summary built from the article in the request: its first line
    /// as the headline and the first sentence of the first long paragraph as the summary.</summary>
    public static FakeReply EchoSummary(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var article = request.ArticleBlock() ?? string.Empty;
        var paragraphs = article.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var headline = paragraphs.Length > 0 ? paragraphs[0] : "News";
        var lead = paragraphs.Skip(1).FirstOrDefault(p => p.Length >= 60) ?? headline;
        var firstSentence = SentenceEnd().Split(lead, 2)[0];
        if (firstSentence.Length > 400)
        {
            firstSentence = firstSentence[..400];
        }

        return FakeReply.Summary(headline.Length > 150 ? headline[..150] : headline, firstSentence.TrimEnd('.') + ".");
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context, CancellationToken stopping)
    {
        try
        {
            var request = await RecordAsync(context.Request);
            _requests.Enqueue(request);
            FakeReply reply;
            try
            {
                reply = Route(request);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A scripted reply that fails is the fake's bug: say so in the answer, like a server would.
                reply = FakeReply.Error(500, "FakeServerError", e.Message);
            }

            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, stopping);
            }

            await LoopbackHttpServer.WriteJsonAsync(context.Response, reply.Status, reply.Body, reply.Headers, stopping);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping: drop the connection.
            context.Response.Abort();
        }
    }

    private FakeReply Route(RecordedRequest request)
    {
        if (request.Header("api-key") != ApiKey)
        {
            return FakeReply.Error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint.");
        }

        if (request.ApiVersion is null)
        {
            return FakeReply.Error(404, "404", "Resource not found");
        }

        var match = ChatCompletionsPath().Match(request.Path);
        if (request.Method != "POST" || !match.Success)
        {
            return FakeReply.Error(404, "404", "Resource not found");
        }

        if (match.Groups["deployment"].Value != Deployment)
        {
            return FakeReply.Error(404, "DeploymentNotFound", "The API deployment for this resource does not exist.");
        }

        return _script.TryDequeue(out var scripted) ? scripted : DefaultReply(request);
    }

    private static async Task<RecordedRequest> RecordAsync(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var query = request.QueryString.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => request.QueryString[k] ?? string.Empty, StringComparer.Ordinal);
        var headers = request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, query, headers, body);
    }

    [GeneratedRegex("^/openai/deployments/(?<deployment>[^/]+)/chat/completions$")]
    private static partial Regex ChatCompletionsPath();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
