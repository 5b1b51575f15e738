using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SummaryBot.Testing.Loopback;

namespace SummaryBot.Benchmarks.Outbox;

/// <summary>
/// A Bot API server on loopback that enforces Telegram's limits the way Telegram does, with 429s:
/// at most <c>perSecond</c> accepted messages in any second for the bot, and one per second per chat.
/// Answers getMe and sendMessage; counts what it accepted per (chat, text) and the 429s it gave.
/// </summary>
internal sealed class LimitedBotApiServer : IAsyncDisposable
{
    public const string Token = "7000002:AABenchmarkTokenOnly_abcdefghijklmnopq";

    private readonly LoopbackHttpServer _server;
    private readonly Lock _gate = new();
    private readonly Queue<long> _lastSecond = new();
    private readonly Dictionary<long, long> _lastPerChat = [];
    private readonly int _perSecond;
    private int _nextMessageId;

    public LimitedBotApiServer(int perSecond)
    {
        _perSecond = perSecond;
        _server = new LoopbackHttpServer((context, _) => ServeAsync(context));
    }

    public Uri BaseUrl => _server.BaseUrl;

    public ConcurrentDictionary<(long Chat, string Text), int> Accepted { get; } = new();

    public int TooManyRequests => Volatile.Read(ref _tooMany);

    public long FirstAcceptedAt { get; private set; }

    public long LastAcceptedAt { get; private set; }

    /// <summary>When each message was accepted (Stopwatch timestamps), in order.</summary>
    public IReadOnlyList<long> AcceptedAt
    {
        get
        {
            lock (_gate)
            {
                return [.. _acceptedAt];
            }
        }
    }

    private readonly List<long> _acceptedAt = [];

    private int _tooMany;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

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
        await LoopbackHttpServer.WriteJsonAsync(context.Response, status, json);
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
            _acceptedAt.Add(now);
        }

        Accepted.AddOrUpdate((chat, text), 1, (_, n) => n + 1);
        return (200, string.Create(CultureInfo.InvariantCulture, $"{{\"ok\":true,\"result\":{{\"message_id\":{id},\"date\":0,\"chat\":{{\"id\":{chat},\"type\":\"private\"}},\"text\":\"ok\"}}}}"));
    }
}
