using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SummaryBot.Benchmarks.Outbox;

/// <summary>
/// A Bot API server on loopback that enforces Telegram's limits the way Telegram does, with 429s:
/// at most <c>perSecond</c> accepted messages in any second for the bot, and one per second per chat.
/// Answers getMe and sendMessage; counts what it accepted per (chat, text) and the 429s it gave.
/// </summary>
internal sealed class LimitedBotApiServer : IAsyncDisposable
{
    public const string Token = "7000002:AABenchmarkTokenOnly_abcdefghijklmnopq";

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly Queue<long> _lastSecond = new();
    private readonly Dictionary<long, long> _lastPerChat = [];
    private readonly int _perSecond;
    private int _nextMessageId;

    public LimitedBotApiServer(int perSecond)
    {
        _perSecond = perSecond;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri BaseUrl { get; }

    public ConcurrentDictionary<(long Chat, string Text), int> Accepted { get; } = new();

    public int TooManyRequests => Volatile.Read(ref _tooMany);

    public long FirstAcceptedAt { get; private set; }

    public long LastAcceptedAt { get; private set; }

    private int _tooMany;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var method = context.Request.Url!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var (status, json) = method switch
        {
            "getMe" => (200, """{"ok":true,"result":{"id":7000002,"is_bot":true,"first_name":"Bench","username":"BenchBot"}}"""),
            "sendMessage" => Send(JsonNode.Parse(body)!.AsObject()),
            _ => (200, """{"ok":true,"result":true}"""),
        };
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        try
        {
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
        }
    }

    private (int Status, string Json) Send(JsonObject body)
    {
        var chat = body["chat_id"]!.GetValue<long>();
        var text = body["text"]!.GetValue<string>();
        var now = Stopwatch.GetTimestamp();
        int id;
        lock (_gate)
        {
            while (_lastSecond.Count > 0 && Stopwatch.GetElapsedTime(_lastSecond.Peek(), now) >= TimeSpan.FromSeconds(1))
            {
                _lastSecond.Dequeue();
            }

            var chatBusy = _lastPerChat.TryGetValue(chat, out var last) && Stopwatch.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1);
            if (_lastSecond.Count >= _perSecond || chatBusy)
            {
                Interlocked.Increment(ref _tooMany);
                return (429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}""");
            }

            _lastSecond.Enqueue(now);
            _lastPerChat[chat] = now;
            id = ++_nextMessageId;
            FirstAcceptedAt = FirstAcceptedAt == 0 ? now : FirstAcceptedAt;
            LastAcceptedAt = now;
        }

        Accepted.AddOrUpdate((chat, text), 1, (_, n) => n + 1);
        return (200, string.Create(CultureInfo.InvariantCulture, $"{{\"ok\":true,\"result\":{{\"message_id\":{id},\"date\":0,\"chat\":{{\"id\":{chat},\"type\":\"private\"}},\"text\":\"ok\"}}}}"));
    }
}
