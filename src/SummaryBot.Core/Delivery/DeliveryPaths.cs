namespace SummaryBot.Core.Delivery;

/// <summary>Where the delivery ledger and the digest queues live in the state store.</summary>
public static class DeliveryPaths
{
    /// <summary>The ledger entry of one story for one chat.</summary>
    public static string Delivery(string storyId, long chatId) => $"deliveries/{storyId}/{chatId}.json";

    public static string DeliveriesPrefix(string storyId) => $"deliveries/{storyId}/";

    public static string DigestPrefix(long chatId) => $"digests/{chatId}/";

    public static string DigestEntry(long chatId, string storyId) => $"digests/{chatId}/{storyId}.json";
}
