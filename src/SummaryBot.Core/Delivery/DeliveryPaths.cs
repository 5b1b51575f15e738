using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery;

/// <summary>
/// Where the delivery ledger and the digest queues live in the state store, per chat or forum topic
/// (<see cref="ChatAddress.Key"/>: <c>{chatId}</c>, or <c>{chatId}~{threadId}</c> for a topic).
/// </summary>
public static class DeliveryPaths
{
    /// <summary>The ledger entry of one story for one chat or forum topic.</summary>
    public static string Delivery(string storyId, ChatAddress chat) => $"deliveries/{storyId}/{chat.Key}.json";

    public static string DeliveriesPrefix(string storyId) => $"deliveries/{storyId}/";

    public static string DigestPrefix(ChatAddress chat) => $"digests/{chat.Key}/";

    public static string DigestEntry(ChatAddress chat, string storyId) => $"digests/{chat.Key}/{storyId}.json";
}
