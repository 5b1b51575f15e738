using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;
using SummaryBot.Core.Delivery;
using SummaryBot.Tests.Fakes.Telegram;

namespace SummaryBot.Tests.Delivery.Telegram;

public sealed class TelegramOutboxTests : IDisposable
{
    private const long ChatId = 42;
    private readonly TelegramTestHost _host = new(new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "3" });

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SendAsync_Buttons_BecomeInlineKeyboardInHtmlMode()
    {
        var id = await _host.Outbox.SendAsync(ChatId, new OutboxMessage("<b>Hi</b>", [new MessageButton("Unsubscribe: Iran", "unsub:abc")]));

        var sent = Assert.Single(_host.Server.Calls("sendMessage"));
        Assert.Equal(1, id);
        Assert.Equal("<b>Hi</b>", sent.Text);
        Assert.Equal("html", sent.Body["parse_mode"]!.GetValue<string>(), ignoreCase: true);
        var button = sent.Body["reply_markup"]!["inline_keyboard"]![0]![0]!;
        Assert.Equal("Unsubscribe: Iran", button["text"]!.GetValue<string>());
        Assert.Equal("unsub:abc", button["callback_data"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendAsync_429WithLongRetryAfter_ThrowsDeferredWithRetryAfterWithoutRetrying()
    {
        _host.Server.Intercept = r => r.Method == "sendMessage" ? BotApiReply.TooManyRequests(3600) : null;

        var deferred = await Assert.ThrowsAsync<DeliveryDeferredException>(() => _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("hello")));

        Assert.Equal(TimeSpan.FromHours(1), deferred.RetryAfter);
        Assert.Single(_host.Server.Calls("sendMessage"));
    }

    [Theory]
    [InlineData(500, "Internal Server Error")]
    [InlineData(502, "Bad Gateway")]
    public async Task SendAsync_5xx_ThrowsDeferredWithoutRetrying(int status, string description)
    {
        _host.Server.Intercept = r => r.Method == "sendMessage" ? BotApiReply.Error(status, description) : null;

        var deferred = await Assert.ThrowsAsync<DeliveryDeferredException>(() => _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("hello")));

        Assert.Null(deferred.RetryAfter);
        Assert.Single(_host.Server.Calls("sendMessage"));
    }

    [Fact]
    public async Task SendAsync_AcceptedButNeverAnswered_TimesOutWithoutSendingASecondCopy()
    {
        using var host = new TelegramTestHost(new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "3", ["Telegram:RequestTimeoutSeconds"] = "1" });
        host.Server.AcceptedUnanswered[ChatId] = true;

        var e = await Assert.ThrowsAnyAsync<Exception>(() => host.Outbox.SendAsync(ChatId, OutboxMessage.Text("hello")));

        Assert.Single(host.Server.Delivered());
        Assert.Single(host.Server.Calls("sendMessage"));
        Assert.Contains(Chain(e), inner => inner is TimeoutException or OperationCanceledException);
    }

    [Fact]
    public async Task GetMe_500Twice_RetriedWithBackoffBecauseItPostsNothing()
    {
        var failures = 0;
        _host.Server.Intercept = r => r.Method == "getMe" && Interlocked.Increment(ref failures) <= 2 ? BotApiReply.Error(500, "Internal Server Error") : null;

        var me = await _host.Services.GetRequiredService<global::Telegram.Bot.ITelegramBotClient>().GetMe();

        Assert.Equal([500, 500, 200], _host.Server.Calls("getMe").Select(c => c.Status));
        Assert.Equal(FakeBotApiServer.BotId, me.Id);
    }

    [Theory]
    [InlineData("getChatMember", 502)]
    [InlineData("getChatAdministrators", 503)]
    [InlineData("getUpdates", 500)]
    public async Task Read_5xxOnce_RetriedByTheResilienceHandler(string method, int status)
    {
        var failures = 0;
        _host.Server.Intercept = r => r.Method == method && Interlocked.Increment(ref failures) == 1 ? BotApiReply.Error(status, "Server Error")
            : r.Method == "getChatAdministrators" ? BotApiReply.Ok(Array.Empty<global::Telegram.Bot.Types.ChatMember>())
            : null;
        var bot = _host.Services.GetRequiredService<ITelegramBotClient>();

        await (method switch
        {
            "getChatMember" => bot.GetChatMember(-100123, 5),
            "getChatAdministrators" => bot.GetChatAdministrators(-100123),
            _ => (Task)bot.GetUpdates(timeout: 0),
        });

        Assert.Equal([status, 200], _host.Server.Calls(method).Select(c => c.Status));
    }

    [Fact]
    public async Task GetMe_500WithMaxRetriesZero_NotRetried()
    {
        using var host = new TelegramTestHost(new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "0" });
        host.Server.Intercept = r => r.Method == "getMe" ? BotApiReply.Error(500, "Internal Server Error") : null;

        await Assert.ThrowsAnyAsync<Exception>(() => host.Services.GetRequiredService<ITelegramBotClient>().GetMe());

        Assert.Single(host.Server.Calls("getMe"));
    }

    [Fact]
    public async Task GetMe_429_NotRetriedByTheHttpPipeline()
    {
        _host.Server.Intercept = r => r.Method == "getMe" ? BotApiReply.TooManyRequests(1) : null;

        await Assert.ThrowsAnyAsync<Exception>(() => _host.Services.GetRequiredService<ITelegramBotClient>().GetMe());

        Assert.Single(_host.Server.Calls("getMe"));
    }

    [Fact]
    public async Task EditAsync_5xx_ThrowsDeferredWithoutRetrying()
    {
        var id = await _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("first"));
        _host.Server.Intercept = r => r.Method == "editMessageText" ? BotApiReply.Error(502, "Bad Gateway") : null;

        await Assert.ThrowsAsync<DeliveryDeferredException>(() => _host.Outbox.EditAsync(ChatId, id, OutboxMessage.Text("second")));

        Assert.Single(_host.Server.Calls("editMessageText"));
    }

    [Theory]
    [InlineData(403, "Forbidden: bot was blocked by the user")]
    [InlineData(403, "Forbidden: bot was kicked from the supergroup chat")]
    [InlineData(400, "Bad Request: chat not found")]
    public async Task SendAsync_ChatGone_ThrowsChatUnavailable(int code, string description)
    {
        _host.Server.Intercept = r => r.Method == "sendMessage" ? BotApiReply.Error(code, description) : null;

        var e = await Assert.ThrowsAsync<ChatUnavailableException>(() => _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("hello")));

        Assert.Equal(ChatId, e.ChatId);
        Assert.Contains(description, e.Reason, StringComparison.Ordinal);
        Assert.Single(_host.Server.Calls("sendMessage"));
    }

    [Fact]
    public async Task SendAsync_GroupBecameSupergroup_ThrowsChatMigratedWithTheNewId()
    {
        _host.Server.Migrated[ChatId] = -1001234567;

        var e = await Assert.ThrowsAsync<ChatMigratedException>(() => _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("hello")));

        Assert.Equal((ChatId, -1001234567L), (e.ChatId, e.NewChatId));
        Assert.Single(_host.Server.Calls("sendMessage"));
    }

    [Fact]
    public async Task EditAsync_GroupBecameSupergroup_ThrowsChatMigrated()
    {
        var id = await _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("first"));
        _host.Server.Migrated[ChatId] = -1001234567;

        var e = await Assert.ThrowsAsync<ChatMigratedException>(() => _host.Outbox.EditAsync(ChatId, id, OutboxMessage.Text("second")));

        Assert.Equal(-1001234567L, e.NewChatId);
    }

    [Theory]
    [InlineData("Bad Request: can't parse entities: Unsupported start tag \"foo\" at byte offset 0")]
    [InlineData("Bad Request: message is too long")]
    public async Task SendAsync_MessageRefused_ThrowsMessageRejectedWithoutRetrying(string description)
    {
        _host.Server.Intercept = r => r.Method == "sendMessage" ? BotApiReply.Error(400, description) : null;

        var e = await Assert.ThrowsAsync<MessageRejectedException>(() => _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("hello")));

        Assert.Equal(ChatId, e.ChatId);
        Assert.Contains(description, e.Reason, StringComparison.Ordinal);
        Assert.Single(_host.Server.Calls("sendMessage"));
    }

    [Fact]
    public async Task EditAsync_SameContent_IsNotAnError()
    {
        var id = await _host.Outbox.SendAsync(ChatId, OutboxMessage.Text("same"));

        await _host.Outbox.EditAsync(ChatId, id, OutboxMessage.Text("same"));
        await _host.Outbox.EditAsync(ChatId, id, OutboxMessage.Text("changed"));

        Assert.Equal([400, 200], _host.Server.Calls("editMessageText").Select(c => c.Status));
    }

    [Fact]
    public async Task SendAsync_TooLong_IsCutTo4096WithTagsClosed()
    {
        var html = "<b>" + string.Concat(Enumerable.Repeat("word &amp; ", 1000)) + "</b>";

        await _host.Outbox.SendAsync(ChatId, OutboxMessage.Text(html));

        var text = Assert.Single(_host.Server.Delivered()).Text!;
        Assert.True(text.Length <= 4096, $"{text.Length} characters");
        Assert.EndsWith("…</b>", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("&[a-z]*…", text);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
