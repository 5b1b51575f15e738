using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SummaryBot.Tests.Fakes.Telegram;

/// <summary>Real Telegram.Bot updates as Telegram would send them.</summary>
public static class TelegramUpdates
{
    /// <summary>Telegram's stand-in user for messages of anonymous group administrators.</summary>
    public const long GroupAnonymousBotId = 1087968824;

    private static int _messageId = 1000;

    public static Update Private(long userId, string text) => new()
    {
        Message = new Message
        {
            Id = Interlocked.Increment(ref _messageId),
            Date = DateTime.UtcNow,
            Chat = new Chat { Id = userId, Type = ChatType.Private, FirstName = "User" },
            From = User(userId),
            Text = text,
        },
    };

    public static Update Group(long chatId, long userId, string text, ChatType type = ChatType.Supergroup) => new()
    {
        Message = new Message
        {
            Id = Interlocked.Increment(ref _messageId),
            Date = DateTime.UtcNow,
            Chat = new Chat { Id = chatId, Type = type, Title = "Test group" },
            From = User(userId),
            Text = text,
        },
    };

    /// <summary>A message in a forum topic of a supergroup (<paramref name="threadId"/> is the topic's message_thread_id).</summary>
    public static Update Topic(long chatId, int threadId, long userId, string text) => new()
    {
        Message = new Message
        {
            Id = Interlocked.Increment(ref _messageId),
            Date = DateTime.UtcNow,
            Chat = new Chat { Id = chatId, Type = ChatType.Supergroup, Title = "Test forum", IsForum = true },
            From = User(userId),
            MessageThreadId = threadId,
            IsTopicMessage = true,
            Text = text,
        },
    };

    /// <summary>A reply in a group without topics: Telegram gives it the replied-to message's thread id, but it is no topic message.</summary>
    public static Update ReplyInGroup(long chatId, int repliedToId, long userId, string text) => new()
    {
        Message = new Message
        {
            Id = Interlocked.Increment(ref _messageId),
            Date = DateTime.UtcNow,
            Chat = new Chat { Id = chatId, Type = ChatType.Supergroup, Title = "Test group" },
            From = User(userId),
            MessageThreadId = repliedToId,
            Text = text,
        },
    };

    /// <summary>A message from an anonymous administrator: sent on behalf of the group itself.</summary>
    public static Update AnonymousAdmin(long chatId, string text) => new()
    {
        Message = new Message
        {
            Id = Interlocked.Increment(ref _messageId),
            Date = DateTime.UtcNow,
            Chat = new Chat { Id = chatId, Type = ChatType.Supergroup, Title = "Test group" },
            From = new User { Id = GroupAnonymousBotId, IsBot = true, FirstName = "Group", Username = "GroupAnonymousBot" },
            SenderChat = new Chat { Id = chatId, Type = ChatType.Supergroup, Title = "Test group" },
            Text = text,
        },
    };

    public static Update ChannelPost(long channelId, string username, string text) => new()
    {
        ChannelPost = new Message
        {
            Id = Interlocked.Increment(ref _messageId),
            Date = DateTime.UtcNow,
            Chat = new Chat { Id = channelId, Type = ChatType.Channel, Title = "Test channel", Username = username },
            SenderChat = new Chat { Id = channelId, Type = ChatType.Channel, Title = "Test channel", Username = username },
            Text = text,
        },
    };

    /// <param name="threadId">The forum topic of the message the button is under, or null.</param>
    public static Update Callback(long chatId, long userId, string data, ChatType type = ChatType.Private, int messageId = 1, int? threadId = null) => new()
    {
        CallbackQuery = new CallbackQuery
        {
            Id = "cq" + Interlocked.Increment(ref _messageId),
            From = User(userId),
            ChatInstance = "ci",
            Data = data,
            Message = new Message
            {
                Id = messageId,
                Date = DateTime.UtcNow,
                Chat = new Chat { Id = chatId, Type = type },
                MessageThreadId = threadId,
                IsTopicMessage = threadId is not null,
            },
        },
    };

    /// <summary>A message that replies to one the bot sent (e.g. a prompt with a forced reply).</summary>
    public static Update ReplyToBot(long chatId, long userId, int botMessageId, string botText, string text, ChatType type = ChatType.Private) => new()
    {
        Message = new Message
        {
            Id = Interlocked.Increment(ref _messageId),
            Date = DateTime.UtcNow,
            Chat = type == ChatType.Private
                ? new Chat { Id = chatId, Type = type, FirstName = "User" }
                : new Chat { Id = chatId, Type = type, Title = "Test group" },
            From = User(userId),
            Text = text,
            ReplyToMessage = new Message
            {
                Id = botMessageId,
                Date = DateTime.UtcNow,
                Chat = new Chat { Id = chatId, Type = type },
                From = new User { Id = FakeBotApiServer.BotId, IsBot = true, FirstName = "Summary", Username = FakeBotApiServer.BotUsername },
                Text = botText,
            },
        },
    };

    /// <summary>
    /// The two notices Telegram sends when a group becomes a supergroup: in the old group, naming the
    /// new id, and in the supergroup, naming the old one.
    /// </summary>
    public static (Update InGroup, Update InSupergroup) Migration(long groupId, long supergroupId, long userId) => (
        new Update
        {
            Message = new Message
            {
                Id = Interlocked.Increment(ref _messageId),
                Date = DateTime.UtcNow,
                Chat = new Chat { Id = groupId, Type = ChatType.Group, Title = "Test group" },
                From = User(userId),
                MigrateToChatId = supergroupId,
            },
        },
        new Update
        {
            Message = new Message
            {
                Id = Interlocked.Increment(ref _messageId),
                Date = DateTime.UtcNow,
                Chat = new Chat { Id = supergroupId, Type = ChatType.Supergroup, Title = "Test group" },
                From = User(userId),
                MigrateFromChatId = groupId,
            },
        });

    private static User User(long id) => new() { Id = id, FirstName = "User" + id, IsBot = false };
}
