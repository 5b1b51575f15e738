namespace SummaryBot.Core.Storage;

/// <summary>Where each kind of state lives in the state store (see DESIGN.md, State).</summary>
public static class StatePaths
{
    public static string Result(string articleName) => $"results/{articleName}.json";

    public static string Story(string storyId) => $"stories/{storyId}.json";

    public static string Subscription(long chatId) => $"subscriptions/{chatId}.json";

    public const string SubscriptionsPrefix = "subscriptions/";

    /// <summary>Bumped after every subscription change so that matchers know to rebuild.</summary>
    public const string SubscriptionsVersion = "catalog/subscriptions-version.json";

    public static string Delivery(string storyId, long chatId) => $"deliveries/{storyId}/{chatId}.json";

    public static string DeliveriesPrefix(string storyId) => $"deliveries/{storyId}/";

    public static string DigestPrefix(long chatId) => $"digests/{chatId}/";

    public static string DigestEntry(long chatId, string storyId) => $"digests/{chatId}/{storyId}.json";

    /// <summary>Prefix of the story index; its layout belongs to <c>Stories/</c>.</summary>
    public const string StoryIndexPrefix = "story-index/";
}
