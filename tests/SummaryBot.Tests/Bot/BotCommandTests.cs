using SummaryBot.Core.Delivery.Digests;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SummaryBot.Tests.Bot;

/// <summary>Commands from real updates through BotUpdateHandler, answered by the real client via the loopback Bot API.</summary>
public sealed class BotCommandTests : IDisposable
{
    private const long UserId = 501;
    private const long GroupId = -1001234;
    private const long ChannelId = -1009999;
    private readonly TelegramTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Subscribe_PrivateChat_StoresTopicAndSaysWhatItMatches()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe Russia–North Korea"));

        var reply = _host.Server.Calls("sendMessage").Single();
        Assert.Equal("html", reply.Body["parse_mode"]?.ToString(), ignoreCase: true);
        Assert.Contains("Subscribed to <b>Russia–North Korea</b>", reply.Text, StringComparison.Ordinal);
        Assert.Contains("It matches", reply.Text, StringComparison.Ordinal);
        var chat = await _host.Subscriptions.GetChatAsync(UserId);
        Assert.Equal(["Russia–North Korea"], chat!.Topics);
        Assert.Equal(ChatKind.Private, chat.Kind);
    }

    [Fact]
    public async Task Subscribe_WithBotNameAndNoTopic_AsksForATopic()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe@" + FakeBotApiServer.BotUsername));

        Assert.Contains("Tell me what to follow", _host.LastReplyTo(UserId), StringComparison.Ordinal);
        Assert.Null(await _host.Subscriptions.GetChatAsync(UserId));
    }

    [Fact]
    public async Task Command_ForAnotherBot_IsIgnored()
    {
        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/help@SomeOtherBot"));
        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/weather"));

        Assert.Empty(_host.Server.Calls("sendMessage"));
    }

    [Fact]
    public async Task UnknownCommand_PrivateChat_GetsHelpfulReply()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/frobnicate now"));

        var text = _host.LastReplyTo(UserId);
        Assert.Contains("I don't know the command /frobnicate", text, StringComparison.Ordinal);
        Assert.Contains("/subscribe", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_GroupNonAdmin_IsRefused()
    {
        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/subscribe Iran"));

        Assert.Contains("Only administrators", _host.LastReplyTo(GroupId), StringComparison.Ordinal);
        Assert.Null(await _host.Subscriptions.GetChatAsync(GroupId));
        Assert.Single(_host.Server.Calls("getChatMember"));
    }

    [Fact]
    public async Task Subscribe_GroupAdmin_IsAccepted()
    {
        _host.Server.Members[(GroupId, UserId)] = new ChatMemberAdministrator { User = new User { Id = UserId, FirstName = "Admin" } };

        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/subscribe@SummaryTestBot Iran"));

        Assert.Contains("Subscribed to <b>Iran</b>", _host.LastReplyTo(GroupId), StringComparison.Ordinal);
        var chat = await _host.Subscriptions.GetChatAsync(GroupId);
        Assert.Equal(["Iran"], chat!.Topics);
        Assert.Equal(ChatKind.Supergroup, chat.Kind);
    }

    [Fact]
    public async Task Subscribe_GroupAnonymousAdmin_IsAcceptedWithoutMemberLookup()
    {
        await _host.HandleAsync(TelegramUpdates.AnonymousAdmin(GroupId, "/subscribe Iran"));

        Assert.Equal(["Iran"], (await _host.Subscriptions.GetChatAsync(GroupId))!.Topics);
        Assert.Empty(_host.Server.Calls("getChatMember"));
    }

    [Fact]
    public async Task Topics_GroupNonAdmin_IsAllowed()
    {
        await _host.Subscriptions.SubscribeAsync(GroupId, "Iran", ChatKind.Supergroup);

        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/topics"));

        Assert.Contains("<b>Iran</b>", _host.LastReplyTo(GroupId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_ChannelPost_IsAccepted()
    {
        await _host.HandleAsync(TelegramUpdates.ChannelPost(ChannelId, "newschan", "/subscribe Iran"));

        var chat = await _host.Subscriptions.GetChatAsync(ChannelId);
        Assert.Equal(["Iran"], chat!.Topics);
        Assert.Equal(ChatKind.Channel, chat.Kind);
        Assert.Equal("@newschan", chat.Title);
    }

    [Fact]
    public async Task Subscribe_ChannelFromPrivateChatByAdmin_SubscribesTheChannel()
    {
        ScriptChannel(userIsAdmin: true, botCanPost: true);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe @newschan Iran"));

        Assert.Equal(["Iran"], (await _host.Subscriptions.GetChatAsync(ChannelId))!.Topics);
        Assert.Null(await _host.Subscriptions.GetChatAsync(UserId));
        Assert.Contains("Subscribed to <b>Iran</b>", _host.LastReplyTo(UserId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_ChannelFromPrivateChatByNonAdmin_IsRefused()
    {
        ScriptChannel(userIsAdmin: false, botCanPost: true);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe @newschan Iran"));

        Assert.Contains("Only administrators of @newschan", _host.LastReplyTo(UserId), StringComparison.Ordinal);
        Assert.Null(await _host.Subscriptions.GetChatAsync(ChannelId));
    }

    [Fact]
    public async Task Subscribe_ChannelWhereBotMayNotPost_SaysWhy()
    {
        ScriptChannel(userIsAdmin: true, botCanPost: false);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe @newschan Iran"));

        Assert.Contains("may not post messages", _host.LastReplyTo(UserId), StringComparison.Ordinal);
        Assert.Null(await _host.Subscriptions.GetChatAsync(ChannelId));
    }

    [Fact]
    public async Task Subscribe_UnknownChannel_SaysItCannotFindIt()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe @nosuchchannel Iran"));

        Assert.Contains("can't find the channel @nosuchchannel", _host.LastReplyTo(UserId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribe_NoArgument_OffersButtonsAndCallbackRemovesTopic()
    {
        await _host.Subscriptions.SubscribeAsync(UserId, "Iran", ChatKind.Private);
        await _host.Subscriptions.SubscribeAsync(UserId, "Chile", ChatKind.Private);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/unsubscribe"));

        var keyboard = _host.Server.Calls("sendMessage").Last().Body["reply_markup"]!["inline_keyboard"]!.AsArray();
        var data = keyboard.Select(row => row![0]!["callback_data"]!.GetValue<string>()).ToList();
        Assert.Equal(["unsub:" + TopicKey.For("Iran"), "unsub:" + TopicKey.For("Chile")], data);

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, data[0]));

        Assert.Equal(["Chile"], (await _host.Subscriptions.GetChatAsync(UserId))!.Topics);
        var answer = _host.Server.Calls("answerCallbackQuery").Single();
        Assert.Contains("Unsubscribed from Iran", answer.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsubscribeCallback_GroupNonAdmin_IsRefusedWithAlert()
    {
        await _host.Subscriptions.SubscribeAsync(GroupId, "Iran", ChatKind.Supergroup);

        await _host.HandleAsync(TelegramUpdates.Callback(GroupId, UserId, "unsub:" + TopicKey.For("Iran"), ChatType.Supergroup));

        Assert.Equal(["Iran"], (await _host.Subscriptions.GetChatAsync(GroupId))!.Topics);
        var answer = _host.Server.Calls("answerCallbackQuery").Single();
        Assert.True(answer.Body["show_alert"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unsubscribe_ByName_RemovesTopic()
    {
        await _host.Subscriptions.SubscribeAsync(UserId, "Iran", ChatKind.Private);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/unsubscribe iran"));

        Assert.Empty((await _host.Subscriptions.GetChatAsync(UserId))!.Topics);
        Assert.Contains("Unsubscribed from <b>Iran</b>", _host.LastReplyTo(UserId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModeAndTimeZone_Valid_AreStored()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/mode digest 18:30, 8:00"));
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/timezone Europe/Berlin"));

        var chat = await _host.Subscriptions.GetChatAsync(UserId);
        Assert.Equal(DeliveryMode.Digest, chat!.Mode);
        Assert.Equal(["08:00", "18:30"], chat.DigestTimes);
        Assert.Equal("Europe/Berlin", chat.TimeZone);
        Assert.Contains("Time zone set to Europe/Berlin", _host.LastReplyTo(UserId), StringComparison.Ordinal);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/mode instant"));
        Assert.Equal(DeliveryMode.Instant, (await _host.Subscriptions.GetChatAsync(UserId))!.Mode);
    }

    [Fact]
    public async Task Mode_FourteenDigestTimes_AreTheTimesTheSchedulerUses()
    {
        var times = string.Join(",", Enumerable.Range(6, 14).Select(h => $"{h:00}:00"));

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/mode digest " + times));

        var chat = await _host.Subscriptions.GetChatAsync(UserId);
        Assert.Equal(14, chat!.DigestTimes.Count);
        var timetable = DigestTimetable.For(chat, out var problem);
        Assert.Null(problem);
        Assert.Equal(14, timetable.Times.Count);
        Assert.Equal(new TimeOnly(19, 0), timetable.Times[^1]);
    }

    [Fact]
    public async Task Mode_MoreTimesThanTheDailyLimit_IsRefusedWithTheLimit()
    {
        var times = string.Join(",", Enumerable.Range(0, 50).Select(i => $"{i / 2:00}:{i % 2 * 30:00}").Take(DigestSchedule.MaxTimesPerDay + 1));

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/mode digest " + times));

        Assert.Contains($"At most {DigestSchedule.MaxTimesPerDay} digests a day", _host.LastReplyTo(UserId), StringComparison.Ordinal);
        Assert.Null(await _host.Subscriptions.GetChatAsync(UserId));
    }

    [Theory]
    [InlineData("/mode digest 25:00", "is not a time of day")]
    [InlineData("/mode digest 13pm", "is not a time of day")]
    [InlineData("/mode weekly", "Use <code>/mode instant</code>")]
    [InlineData("/timezone Mars/Olympus_Mons", "Unknown time zone")]
    [InlineData("/timezone <b>x</b>", "&lt;b&gt;x&lt;/b&gt;")]
    public async Task ModeAndTimeZone_Invalid_ExplainAndChangeNothing(string command, string expected)
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, command));

        Assert.Contains(expected, _host.LastReplyTo(UserId), StringComparison.Ordinal);
        var chat = await _host.Subscriptions.GetChatAsync(UserId);
        Assert.True(chat is null || (chat.Mode == DeliveryMode.Instant && chat.TimeZone == "UTC"));
    }

    [Fact]
    public async Task Mode_GroupNonAdmin_IsRefused()
    {
        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/mode digest 08:00"));

        Assert.Contains("Only administrators", _host.LastReplyTo(GroupId), StringComparison.Ordinal);
        Assert.Null(await _host.Subscriptions.GetChatAsync(GroupId));
    }

    private void ScriptChannel(bool userIsAdmin, bool botCanPost)
    {
        _host.Server.Chats["@newschan"] = new ChatFullInfo { Id = ChannelId, Type = ChatType.Channel, Title = "News channel", Username = "newschan", AccentColorId = 0 };
        if (userIsAdmin)
        {
            _host.Server.Members[(ChannelId, UserId)] = new ChatMemberOwner { User = new User { Id = UserId, FirstName = "Owner" } };
        }

        _host.Server.Members[(ChannelId, FakeBotApiServer.BotId)] = new ChatMemberAdministrator
        {
            User = new User { Id = FakeBotApiServer.BotId, IsBot = true, FirstName = "Summary" },
            CanPostMessages = botCanPost,
        };
    }

    [Fact]
    public async Task MigrationNotices_MoveTheGroupsTopicsOnceAndSayNothing()
    {
        const long basicGroup = -4321;
        await _host.Subscriptions.SubscribeAsync(basicGroup, "Zanzibar", ChatKind.Group, "Test group");
        await _host.Subscriptions.SubscribeAsync(basicGroup, "Iran", ChatKind.Group, "Test group");
        var (inGroup, inSupergroup) = TelegramUpdates.Migration(basicGroup, GroupId, UserId);

        await _host.HandleAsync(inGroup);
        var moved = await _host.Subscriptions.GetChatAsync(GroupId);
        await _host.Subscriptions.UnsubscribeAsync(GroupId, "Iran");
        await _host.HandleAsync(inSupergroup);

        Assert.Equal(["Zanzibar", "Iran"], moved!.Topics);
        Assert.Equal(ChatKind.Supergroup, moved.Kind);
        var group = await _host.Subscriptions.GetChatAsync(basicGroup);
        Assert.Equal((false, GroupId), (group!.Active, group.MovedTo));

        // The second notice finds the move done and does not bring back the topic removed since.
        Assert.Equal(["Zanzibar"], (await _host.Subscriptions.GetChatAsync(GroupId))!.Topics);
        Assert.Empty(_host.Server.Calls("sendMessage"));
    }

    [Fact]
    public async Task MigrationNotice_FromTheSupergroupFirst_MovesTheTopics()
    {
        const long basicGroup = -4322;
        await _host.Subscriptions.SubscribeAsync(basicGroup, "Zanzibar", ChatKind.Group, "Test group");

        await _host.HandleAsync(TelegramUpdates.Migration(basicGroup, GroupId, UserId).InSupergroup);

        Assert.Equal(["Zanzibar"], (await _host.Subscriptions.GetChatAsync(GroupId))!.Topics);
        Assert.False((await _host.Subscriptions.GetChatAsync(basicGroup))!.Active);
    }

    [Fact]
    public async Task MigrationNotice_GroupWithoutSubscriptions_StoresNothing()
    {
        await _host.HandleAsync(TelegramUpdates.Migration(-4323, GroupId, UserId).InGroup);

        Assert.Null(await _host.Subscriptions.GetChatAsync(GroupId));
        Assert.Null(await _host.Subscriptions.GetChatAsync(-4323));
    }
}
