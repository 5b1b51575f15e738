namespace SummaryBot.Core.Subscriptions;

/// <summary>Where chats' subscriptions live in the state store.</summary>
public static class SubscriptionPaths
{
    /// <summary><c>subscriptions/{chatId}.json</c>, or <c>subscriptions/{chatId}~{threadId}.json</c> for a forum topic.</summary>
    public static string Subscription(ChatAddress chat) => $"{Prefix}{chat.Key}.json";

    public const string Prefix = "subscriptions/";

    /// <summary>The subscriptions of a supergroup's forum topics (not of the chat itself).</summary>
    public static string TopicsPrefix(long chatId) => $"{Prefix}{new ChatAddress(chatId).Key}~";

    /// <summary>Bumped after every subscription change so that matchers know to rebuild.</summary>
    public const string Version = "catalog/subscriptions-version.json";
}
