namespace SummaryBot.Core.Subscriptions;

/// <summary>Where chats' subscriptions live in the state store.</summary>
public static class SubscriptionPaths
{
    public static string Subscription(long chatId) => $"{Prefix}{chatId}.json";

    public const string Prefix = "subscriptions/";

    /// <summary>Bumped after every subscription change so that matchers know to rebuild.</summary>
    public const string Version = "catalog/subscriptions-version.json";
}
