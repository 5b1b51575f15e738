using System.Globalization;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SummaryBot.Tests.Delivery.Telegram;

/// <summary>Forum supergroups: subscriptions made in a topic belong to it, and its alerts, edits and
/// refusals stay there; through real updates, the pipeline and the loopback Bot API.</summary>
public sealed class ForumTopicTests : IDisposable
{
    private const long ForumId = -1009001;
    private const long AdminId = 901;
    private const int FerryTopic = 17;
    private const int AirportTopic = 23;
    private static readonly string Forum = ForumId.ToString(CultureInfo.InvariantCulture);
    private readonly TelegramTestHost _host = new();

    public ForumTopicTests() =>
        _host.Server.Members[(ForumId, AdminId)] = new ChatMemberAdministrator { User = new User { Id = AdminId, FirstName = "Admin" } };

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Subscribe_InForumTopic_AlertGoesToThatTopicAndTheNextReportEditsIt()
    {
        await _host.HandleAsync(TelegramUpdates.Topic(ForumId, FerryTopic, AdminId, "/subscribe Zanzibar"));

        var reply = Assert.Single(_host.Server.Calls("sendMessage"));
        Assert.Equal(FerryTopic, reply.ThreadId); // The reply stays in the topic.
        Assert.Equal(["Zanzibar"], (await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, FerryTopic)))!.Topics);
        Assert.Null(await _host.Subscriptions.GetChatAsync(ForumId)); // Not the chat's own (General) subscriptions.

        var first = await _host.DropAsync("a1.txt", ZanzibarArticles.First);
        var second = await _host.DropAsync("a2.txt", ZanzibarArticles.Second);

        var alert = Assert.Single(_host.Server.Delivered().Skip(1));
        Assert.Equal((Forum, FerryTopic), (alert.ChatId, alert.ThreadId));
        var delivered = Assert.Single(first.Deliveries!);
        Assert.Equal((ForumId, FerryTopic, "alert"), (delivered.ChatId, delivered.ThreadId, delivered.Kind));
        var edit = Assert.Single(_host.Server.Calls("editMessageText"));
        Assert.Equal((Forum, delivered.MessageId), (edit.ChatId, edit.Body["message_id"]!.GetValue<long>()));
        Assert.Contains("Also reported by", edit.Text, StringComparison.Ordinal);
        var updated = Assert.Single(second.Deliveries!);
        Assert.Equal((FerryTopic, "update"), (updated.ThreadId, updated.Kind));
    }

    [Fact]
    public async Task Subscribe_TwoTopicsOfOneGroup_EachTopicGetsOnlyItsOwnSubject()
    {
        await _host.HandleAsync(TelegramUpdates.Topic(ForumId, FerryTopic, AdminId, "/subscribe ferry"));
        await _host.HandleAsync(TelegramUpdates.Topic(ForumId, AirportTopic, AdminId, "/subscribe airport"));

        await _host.DropAsync("ferry.txt", ZanzibarArticles.First);
        await _host.DropAsync("storm.txt", ZanzibarArticles.Storm);

        var alerts = _host.Server.Delivered().Skip(2).ToList(); // After the two /subscribe replies.
        Assert.Equal(2, alerts.Count);
        Assert.Equal(FerryTopic, alerts[0].ThreadId);
        Assert.Contains("Ferry capsizes", alerts[0].Text, StringComparison.Ordinal);
        Assert.Equal(AirportTopic, alerts[1].ThreadId);
        Assert.Contains("airport", alerts[1].Text, StringComparison.Ordinal);

        // /topics and /unsubscribe in a topic see that topic only.
        await _host.HandleAsync(TelegramUpdates.Topic(ForumId, AirportTopic, AdminId, "/topics"));
        var topics = _host.Server.Calls("sendMessage").Last();
        Assert.Equal(AirportTopic, topics.ThreadId);
        Assert.Contains("airport", topics.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ferry", topics.Text, StringComparison.Ordinal);
        await _host.HandleAsync(TelegramUpdates.Topic(ForumId, AirportTopic, AdminId, "/unsubscribe ferry"));
        Assert.Contains("doesn't follow", _host.LastReplyTo(ForumId), StringComparison.Ordinal);
        Assert.Equal(["ferry"], (await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, FerryTopic)))!.Topics);
    }

    [Fact]
    public async Task Subscribe_ReplyInGroupWithoutTopics_BelongsToTheChat()
    {
        // Telegram sets message_thread_id on replies in groups without topics; only topic messages name a topic.
        await _host.HandleAsync(TelegramUpdates.ReplyInGroup(ForumId, 555, AdminId, "/subscribe Zanzibar"));

        await _host.DropAsync("a1.txt", ZanzibarArticles.First);

        Assert.Equal(["Zanzibar"], (await _host.Subscriptions.GetChatAsync(ForumId))!.Topics);
        var alert = Assert.Single(_host.Server.Delivered().Skip(1));
        Assert.Null(alert.ThreadId);
        Assert.Null(alert.Body["message_thread_id"]);
    }

    [Fact]
    public async Task Settings_InForumTopic_ChangeTheTopicsSettingsOnly()
    {
        await _host.HandleAsync(TelegramUpdates.Topic(ForumId, FerryTopic, AdminId, "/subscribe Zanzibar"));
        await _host.HandleAsync(TelegramUpdates.Topic(ForumId, FerryTopic, AdminId, "/settings"));
        var panel = _host.Server.Calls("sendMessage").Last();

        await _host.HandleAsync(TelegramUpdates.Callback(ForumId, AdminId, "s1:sa:1", ChatType.Supergroup, messageId: 2, threadId: FerryTopic));

        Assert.Equal(FerryTopic, panel.ThreadId);
        Assert.True((await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, FerryTopic)))!.SilentAlerts);
        Assert.Null(await _host.Subscriptions.GetChatAsync(ForumId));
        await _host.DropAsync("a1.txt", ZanzibarArticles.First);
        var alert = _host.Server.Delivered().Last(r => r.Method == "sendMessage");
        Assert.Equal((FerryTopic, true), (alert.ThreadId, alert.Silent));
    }

    [Fact]
    public async Task MyChatMember_BotRemovedFromForum_DeactivatesEveryTopicAndCreatesNothing()
    {
        await _host.Subscriptions.SubscribeAsync(new ChatAddress(ForumId, FerryTopic), "Zanzibar", ChatKind.Supergroup);
        var bot = new User { Id = FakeBotApiServer.BotId, IsBot = true, FirstName = "Summary" };

        await _host.HandleAsync(new Update
        {
            MyChatMember = new ChatMemberUpdated
            {
                Chat = new Chat { Id = ForumId, Type = ChatType.Supergroup, IsForum = true },
                From = new User { Id = AdminId, FirstName = "Admin" },
                Date = DateTime.UtcNow,
                OldChatMember = new ChatMemberMember { User = bot },
                NewChatMember = new ChatMemberBanned { User = bot },
            },
        });

        Assert.False((await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, FerryTopic)))!.Active);
        Assert.Null(await _host.Subscriptions.GetChatAsync(ForumId)); // The chat had no subscriptions of its own.
    }

    [Fact]
    public async Task UnsubscribeButton_UnderAnAlertInATopic_RemovesThatTopicsSubscriptionOnly()
    {
        await _host.Subscriptions.SubscribeAsync(new ChatAddress(ForumId, FerryTopic), "Zanzibar", ChatKind.Supergroup);
        await _host.Subscriptions.SubscribeAsync(ForumId, "Zanzibar", ChatKind.Supergroup);

        await _host.HandleAsync(TelegramUpdates.Callback(ForumId, AdminId, "unsub:" + TopicKey.For("Zanzibar"), ChatType.Supergroup, threadId: FerryTopic));

        Assert.Empty((await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, FerryTopic)))!.Topics);
        Assert.Equal(["Zanzibar"], (await _host.Subscriptions.GetChatAsync(ForumId))!.Topics);
    }

    [Theory]
    [InlineData("Bad Request: TOPIC_CLOSED")]
    [InlineData("Bad Request: message thread not found")]
    public async Task Pipeline_TopicClosedOrDeleted_DeactivatesOnlyThatTopic(string refusal)
    {
        await _host.Subscriptions.SubscribeAsync(new ChatAddress(ForumId, FerryTopic), "Zanzibar", ChatKind.Supergroup);
        await _host.Subscriptions.SubscribeAsync(new ChatAddress(ForumId, AirportTopic), "Zanzibar", ChatKind.Supergroup);
        await _host.Subscriptions.SubscribeAsync(ForumId, "Zanzibar", ChatKind.Supergroup);
        _host.Server.UnavailableTopics[(ForumId, FerryTopic)] = refusal;

        var result = await _host.DropAsync("a1.txt", ZanzibarArticles.First);

        var undelivered = Assert.Single(result.Undelivered!);
        Assert.Equal((ForumId, FerryTopic), (undelivered.ChatId, undelivered.ThreadId));
        Assert.Contains(refusal, undelivered.Reason, StringComparison.Ordinal);
        Assert.Equal([null, AirportTopic], result.Deliveries!.Select(d => d.ThreadId).Order());
        var closed = await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, FerryTopic));
        Assert.False(closed!.Active);
        Assert.Contains(refusal, closed.DeactivatedReason, StringComparison.Ordinal);
        Assert.True((await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, AirportTopic)))!.Active);
        Assert.True((await _host.Subscriptions.GetChatAsync(ForumId))!.Active);

        // The closed topic is not tried again; the rest of the chat is told about the next story.
        var sendsToClosed = _host.Server.Calls("sendMessage").Count(r => r.ThreadId == FerryTopic);
        var next = await _host.DropAsync("storm.txt", ZanzibarArticles.Storm);
        Assert.Equal(sendsToClosed, _host.Server.Calls("sendMessage").Count(r => r.ThreadId == FerryTopic));
        Assert.Equal(2, next.Deliveries!.Count);
    }

    [Fact]
    public async Task Pipeline_BotKickedFromForum_DeactivatesTheChatAndEveryTopic()
    {
        await _host.Subscriptions.SubscribeAsync(new ChatAddress(ForumId, FerryTopic), "Zanzibar", ChatKind.Supergroup);
        await _host.Subscriptions.SubscribeAsync(new ChatAddress(ForumId, AirportTopic), "airport", ChatKind.Supergroup);
        _host.Server.Blocked[ForumId] = true;

        await _host.DropAsync("a1.txt", ZanzibarArticles.First);

        Assert.False((await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, FerryTopic)))!.Active);
        Assert.False((await _host.Subscriptions.GetChatAsync(new ChatAddress(ForumId, AirportTopic)))!.Active);
    }
}
