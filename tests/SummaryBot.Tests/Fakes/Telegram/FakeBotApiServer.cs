using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SummaryBot.Testing.Loopback;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SummaryBot.Tests.Fakes.Telegram;

/// <summary>
/// A Bot API server on loopback for the real Telegram.Bot client: serves getMe, setMyCommands,
/// deleteWebhook, getUpdates (queued updates, long polling), sendMessage, editMessageText,
/// editMessageReplyMarkup, answerCallbackQuery, getChatMember (scripted roles) and getChat; keeps the
/// text and inline keyboard of every message it delivered (an edit to identical content is refused
/// as Telegram does); records every request with the time it arrived; can be scripted to answer 429, 403, 500, and to refuse forum topics that are closed or deleted.
/// </summary>
public sealed class FakeBotApiServer : IAsyncDisposable
{
    public const long BotId = 7000001;
    public const string BotUsername = "SummaryTestBot";
    public const string Token = "7000001:AAFakeTokenForTestsOnly_abcdefghijklmnop";

    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<Update> _updates = new();
    private readonly SemaphoreSlim _updateSignal = new(0);
    private readonly ConcurrentDictionary<(long Chat, long Message), string> _texts = new();
    private readonly ConcurrentDictionary<(long Chat, long Message), string> _markups = new();
    private readonly ConcurrentDictionary<long, int> _lastMessageId = new();
    private readonly Lock _gate = new();
    private readonly List<BotApiRequest> _requests = [];
    private int _nextUpdateId = 1;

    public FakeBotApiServer() => _server = new LoopbackHttpServer((context, _) => ServeAsync(context, Stopwatch.GetTimestamp()));

    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>Roles for getChatMember: (chat id, user id) → member; unknown users are plain members.</summary>
    public ConcurrentDictionary<(long Chat, long User), ChatMember> Members { get; } = new();

    /// <summary>Chats that getChat knows, by "@username" and by id.</summary>
    public ConcurrentDictionary<string, ChatFullInfo> Chats { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Chats whose messages get 403 "bot was blocked by the user".</summary>
    public ConcurrentDictionary<long, bool> Blocked { get; } = new();

    /// <summary>Groups that became supergroups: old id → new id. Sends and edits to the old id are refused
    /// with Telegram's 400 and <c>migrate_to_chat_id</c>.</summary>
    public ConcurrentDictionary<long, long> Migrated { get; } = new();

    /// <summary>Forum topics (chat id, message_thread_id) that take no messages, with Telegram's 400 description
    /// (e.g. "Bad Request: TOPIC_CLOSED", "Bad Request: message thread not found").</summary>
    public ConcurrentDictionary<(long Chat, int Thread), string> UnavailableTopics { get; } = new();

    /// <summary>Chats whose sendMessage requests are never answered and never delivered (a hung chat).</summary>
    public ConcurrentDictionary<long, bool> Hung { get; } = new();

    /// <summary>Chats whose sendMessage answers come this much later (a slow chat).</summary>
    public ConcurrentDictionary<long, TimeSpan> Slow { get; } = new();

    /// <summary>Chats whose sendMessage requests are delivered (recorded with status 200) but never answered.</summary>
    public ConcurrentDictionary<long, bool> AcceptedUnanswered { get; } = new();

    /// <summary>Runs before the normal answer; a non-null result is sent instead (e.g. a 429).</summary>
    public Func<BotApiRequest, BotApiReply?>? Intercept { get; set; }

    public IReadOnlyList<BotApiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every URL path the client used (to check that the token went only where it must).</summary>
    public IEnumerable<BotApiRequest> Calls(string method) => Requests.Where(r => r.Method == method);

    /// <summary>Successful sendMessage calls (answered 200).</summary>
    public IReadOnlyList<BotApiRequest> Delivered(string method = "sendMessage") => [.. Calls(method).Where(r => r.Status == 200)];

    /// <summary>The id of the last message the server delivered to a chat (0 when none).</summary>
    public int LastMessageId(long chatId) => _lastMessageId.GetValueOrDefault(chatId);

    /// <summary>The text of a message as it stands now (after edits), or null when the server never delivered it.</summary>
    public string? TextOf(long chatId, long messageId) => _texts.TryGetValue((chatId, messageId), out var text) ? text : null;

    /// <summary>The inline keyboard of a message as it stands now, as sent (<c>{"inline_keyboard": [...]}</c>), or null when it has none.</summary>
    public JsonObject? KeyboardOf(long chatId, long messageId) =>
        _markups.TryGetValue((chatId, messageId), out var markup) && markup.Length > 0 ? JsonNode.Parse(markup)!.AsObject() : null;

    public void EnqueueUpdate(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        update.Id = Interlocked.Increment(ref _nextUpdateId);
        _updates.Enqueue(update);
        _updateSignal.Release();
    }

    /// <summary>Waits (real time, bounded) until a request satisfies <paramref name="predicate"/>.</summary>
    public async Task<BotApiRequest> WaitForAsync(Func<BotApiRequest, bool> predicate, int timeoutSeconds = 20)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            var found = Requests.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The fake Bot API server did not receive the expected request.");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _updateSignal.Dispose();
    }

    private async Task ServeAsync(HttpListenerContext context, long received)
    {
        var path = context.Request.Url!.AbsolutePath;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var token = parts.Length > 0 && parts[0].StartsWith("bot", StringComparison.Ordinal) ? parts[0][3..] : null;
        var method = parts.Length > 1 ? parts[1] : string.Empty;
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var bodyText = await reader.ReadToEndAsync();
        var body = string.IsNullOrWhiteSpace(bodyText) ? new JsonObject() : JsonNode.Parse(bodyText)!.AsObject();
        var request = new BotApiRequest(method, body, received, token == Token);

        BotApiReply reply;
        try
        {
            reply = token != Token
                ? BotApiReply.Error(401, "Unauthorized")
                : Intercept?.Invoke(request) ?? await AnswerAsync(request);
        }
        catch (Exception e)
        {
            reply = BotApiReply.Error(500, "Internal Server Error: " + e.Message);
        }

        var chatId = request.Method == "sendMessage" && body["chat_id"] is { } id && id.GetValueKind() == JsonValueKind.Number ? id.GetValue<long>() : (long?)null;
        var hang = chatId is { } hungChat && Hung.ContainsKey(hungChat);
        request.Status = hang ? 0 : reply.Status;
        lock (_gate)
        {
            _requests.Add(request);
        }

        if (chatId is { } slowChat && Slow.TryGetValue(slowChat, out var slowness))
        {
            await Task.Delay(slowness, _server.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (hang || (chatId is { } acceptingChat && AcceptedUnanswered.ContainsKey(acceptingChat)))
        {
            // No answer ever (until the server stops): the client's timeout decides.
            try
            {
                await Task.Delay(Timeout.Infinite, _server.Stopping);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        await LoopbackHttpServer.WriteJsonAsync(context.Response, reply.Status, reply.Json);
    }

    private async Task<BotApiReply> AnswerAsync(BotApiRequest request)
    {
        var body = request.Body;
        switch (request.Method)
        {
            case "getMe":
                return BotApiReply.Ok(new User { Id = BotId, IsBot = true, FirstName = "Summary", Username = BotUsername });
            case "setMyCommands":
            case "deleteWebhook":
            case "answerCallbackQuery":
                return BotApiReply.Ok(true);
            case "getUpdates":
                return BotApiReply.Ok(await NextUpdatesAsync(body));
            case "getChat":
                return Chats.TryGetValue(body["chat_id"]!.ToString(), out var info)
                    ? BotApiReply.Ok(info)
                    : BotApiReply.Error(400, "Bad Request: chat not found");
            case "getChatMember":
                {
                    var chat = ResolveChatId(body["chat_id"]!);
                    var user = body["user_id"]!.GetValue<long>();
                    var member = Members.TryGetValue((chat, user), out var m)
                        ? m
                        : new ChatMemberMember { User = new User { Id = user, FirstName = "Someone" } };
                    return BotApiReply.Ok(member, member.GetType());
                }

            case "sendMessage":
                {
                    var chat = ResolveChatId(body["chat_id"]!);
                    if (Blocked.ContainsKey(chat))
                    {
                        return BotApiReply.Error(403, "Forbidden: bot was blocked by the user");
                    }

                    if (Migrated.TryGetValue(chat, out var supergroup))
                    {
                        return BotApiReply.MigratedTo(supergroup);
                    }

                    var thread = body["message_thread_id"]?.GetValue<int>();
                    if (thread is { } topic && UnavailableTopics.TryGetValue((chat, topic), out var refusal))
                    {
                        return BotApiReply.Error(400, refusal);
                    }

                    var text = body["text"]!.GetValue<string>();
                    var id = _lastMessageId.AddOrUpdate(chat, 1, (_, last) => last + 1);
                    _texts[(chat, id)] = text;
                    _markups[(chat, id)] = InlineMarkup(body);
                    var sent = MessageIn(chat, id, text);
                    if (thread is not null)
                    {
                        sent.MessageThreadId = thread;
                        sent.IsTopicMessage = true;
                    }

                    return BotApiReply.Ok(sent);
                }

            case "editMessageText":
                {
                    var chat = ResolveChatId(body["chat_id"]!);
                    if (Migrated.TryGetValue(chat, out var supergroup))
                    {
                        return BotApiReply.MigratedTo(supergroup);
                    }

                    var id = body["message_id"]!.GetValue<int>();
                    var text = body["text"]!.GetValue<string>();
                    if (!_texts.TryGetValue((chat, id), out var before))
                    {
                        return BotApiReply.Error(400, "Bad Request: message to edit not found");
                    }

                    var markup = InlineMarkup(body);
                    if (before == text && _markups.GetValueOrDefault((chat, id), string.Empty) == markup)
                    {
                        return NotModified();
                    }

                    _texts[(chat, id)] = text;
                    _markups[(chat, id)] = markup;
                    return BotApiReply.Ok(MessageIn(chat, id, text));
                }

            case "editMessageReplyMarkup":
                {
                    var chat = ResolveChatId(body["chat_id"]!);
                    var id = body["message_id"]!.GetValue<int>();
                    if (!_texts.TryGetValue((chat, id), out var text))
                    {
                        return BotApiReply.Error(400, "Bad Request: message to edit not found");
                    }

                    var markup = InlineMarkup(body);
                    if (_markups.GetValueOrDefault((chat, id), string.Empty) == markup)
                    {
                        return NotModified();
                    }

                    _markups[(chat, id)] = markup;
                    return BotApiReply.Ok(MessageIn(chat, id, text));
                }

            default:
                return BotApiReply.Error(404, "Not Found: method not found");
        }
    }

    private static BotApiReply NotModified() =>
        BotApiReply.Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");

    /// <summary>The inline keyboard of a request as compact JSON; empty for none (an empty keyboard removes it, as in Telegram).</summary>
    private static string InlineMarkup(JsonObject body) =>
        body["reply_markup"] is JsonObject markup && markup["inline_keyboard"] is JsonArray { Count: > 0 } ? markup.ToJsonString() : string.Empty;

    private long ResolveChatId(JsonNode chatId) =>
        chatId.GetValueKind() == JsonValueKind.Number
            ? chatId.GetValue<long>()
            : Chats.TryGetValue(chatId.GetValue<string>(), out var info) ? info.Id : throw new InvalidOperationException("unknown chat");

    private Message MessageIn(long chatId, int id, string text)
    {
        var type = Chats.Values.FirstOrDefault(c => c.Id == chatId)?.Type ?? (chatId > 0 ? ChatType.Private : ChatType.Supergroup);
        return new Message { Id = id, Date = DateTime.UtcNow, Chat = new Chat { Id = chatId, Type = type }, Text = text };
    }

    private async Task<Update[]> NextUpdatesAsync(JsonObject body)
    {
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var timeout = Math.Min(body["timeout"]?.GetValue<int>() ?? 0, 2);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // Drop what the client confirmed with its offset, then serve the rest.
            while (_updates.TryPeek(out var first) && first.Id < offset)
            {
                _updates.TryDequeue(out _);
            }

            var pending = _updates.ToArray();
            if (pending.Length > 0 || deadline.Elapsed >= TimeSpan.FromSeconds(timeout))
            {
                return pending;
            }

            await _updateSignal.WaitAsync(TimeSpan.FromMilliseconds(200), _server.Stopping);
        }
    }
}

/// <summary>One request as the server received it.</summary>
public sealed class BotApiRequest(string method, JsonObject body, long receivedAt, bool hadToken)
{
    public string Method { get; } = method;

    public JsonObject Body { get; } = body;

    /// <summary><see cref="Stopwatch"/> timestamp of arrival.</summary>
    public long ReceivedAt { get; } = receivedAt;

    public bool HadToken { get; } = hadToken;

    public int Status { get; set; }

    public string? ChatId => Body["chat_id"]?.ToString();

    public string? Text => Body["text"]?.GetValue<string>();

    /// <summary>The forum topic the message was sent to, or null.</summary>
    public int? ThreadId => Body["message_thread_id"]?.GetValue<int>();

    /// <summary>True when sent with <c>disable_notification</c>.</summary>
    public bool Silent => Body["disable_notification"]?.GetValue<bool>() ?? false;

    /// <summary>True when sent with <c>link_preview_options.is_disabled</c>.</summary>
    public bool PreviewDisabled => Body["link_preview_options"]?["is_disabled"]?.GetValue<bool>() ?? false;
}

/// <summary>What the server answers: a Bot API JSON envelope and an HTTP status.</summary>
public sealed record BotApiReply(int Status, string Json)
{
    public static BotApiReply Ok<T>(T result) => Ok(result, typeof(T));

    public static BotApiReply Ok(object? result, Type type) =>
        new(200, $"{{\"ok\":true,\"result\":{JsonSerializer.Serialize(result, type, JsonBotAPI.Options)}}}");

    public static BotApiReply Error(int code, string description, int? retryAfter = null) =>
        new(code, retryAfter is { } seconds
            ? $"{{\"ok\":false,\"error_code\":{code},\"description\":{JsonSerializer.Serialize(description)},\"parameters\":{{\"retry_after\":{seconds}}}}}"
            : $"{{\"ok\":false,\"error_code\":{code},\"description\":{JsonSerializer.Serialize(description)}}}");

    /// <summary>Telegram's answer to a message for a group that became a supergroup.</summary>
    public static BotApiReply MigratedTo(long supergroupId) =>
        new(400, $"{{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was upgraded to a supergroup chat\",\"parameters\":{{\"migrate_to_chat_id\":{supergroupId}}}}}");

    public static BotApiReply TooManyRequests(int retryAfter) => Error(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
}
