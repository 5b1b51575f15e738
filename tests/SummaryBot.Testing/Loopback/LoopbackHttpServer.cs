using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SummaryBot.Testing.Loopback;

/// <summary>
/// An HTTP server on a free loopback port that hands each request to <c>serve</c> on its own task,
/// so a request the fake leaves unanswered holds back no other. The fakes of the Bot API and the
/// Azure OpenAI REST API, and the benchmarks' rate-limited Bot API, are built on it.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly Func<HttpListenerContext, CancellationToken, Task> _serve;
    private readonly Task _loop;
    private int _disposed;

    public LoopbackHttpServer(Func<HttpListenerContext, CancellationToken, Task> serve)
    {
        _serve = serve;
        _stoppingToken = _stopping.Token;
        (_listener, BaseUrl) = StartOnFreePort();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Cancelled when the server stops: a fake that holds a request open waits on it.</summary>
    public CancellationToken Stopping => _stoppingToken;

    /// <summary>Answers with a JSON body; a client that gave up meanwhile is not an error.</summary>
    public static async Task WriteJsonAsync(
        HttpListenerResponse response, int status, string json, IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            response.StatusCode = status;
            response.ContentType = "application/json";
            foreach (var (name, value) in headers ?? [])
            {
                response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(json);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, cancellationToken);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The client gave up (a timeout, a cancelled long poll) or the server is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private static (HttpListener Listener, Uri BaseUrl) StartOnFreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();

            var baseUrl = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUrl.ToString());
            try
            {
                listener.Start();
                return (listener, baseUrl);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between the probe and the start: try another.
                listener.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => _serve(context, _stoppingToken));
        }
    }
}
