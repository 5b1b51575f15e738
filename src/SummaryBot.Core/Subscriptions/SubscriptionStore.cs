using System.Runtime.CompilerServices;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Subscriptions;

/// <summary>
/// <c>subscriptions/{chatId}.json</c> (and <c>subscriptions/{chatId}~{threadId}.json</c> for a forum
/// topic) with optimistic concurrency: two edits of one chat at the same time both survive. Every change also bumps a version document so that the compiled matcher in
/// every process knows to rebuild.
/// </summary>
public sealed class SubscriptionStore(IObjectStore store, TimeProvider timeProvider)
{
    public async Task<ChatSubscription?> GetAsync(ChatAddress chat, CancellationToken cancellationToken = default) =>
        (await store.GetJsonAsync<ChatSubscription>(SubscriptionPaths.Subscription(chat), cancellationToken))?.Value;

    /// <summary>The forum topics of a supergroup that have subscriptions of their own (not the chat's own document).</summary>
    public async IAsyncEnumerable<ChatAddress> ListTopicsOfChatAsync(long chatId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = SubscriptionPaths.TopicsPrefix(chatId);
        await foreach (var path in store.ListAsync(prefix, cancellationToken))
        {
            var key = path.AsSpan(SubscriptionPaths.Prefix.Length);
            if (key.EndsWith(".json") && ChatAddress.TryParseKey(key[..^".json".Length], out var address) && address.ChatId == chatId && address.ThreadId is not null)
            {
                yield return address;
            }
        }
    }

    public async IAsyncEnumerable<ChatSubscription> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var path in store.ListAsync(SubscriptionPaths.Prefix, cancellationToken))
        {
            var subscription = await store.GetJsonAsync<ChatSubscription>(path, cancellationToken);
            if (subscription is not null)
            {
                yield return subscription.Value;
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the chat's settings (a fresh default when the chat is
    /// new) until the conditional write wins. Returning the same instance means "no change".
    /// <paramref name="change"/> may run several times and must have no side effects.
    /// </summary>
    public async Task<ChatSubscription> UpdateAsync(
        ChatAddress chat, Func<ChatSubscription, ChatSubscription> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var changed = false;
        var result = await store.UpdateJsonAsync<ChatSubscription>(
            SubscriptionPaths.Subscription(chat),
            current =>
            {
                var before = current ?? new ChatSubscription { ChatId = chat.ChatId, ThreadId = chat.ThreadId };
                var after = change(before);
                changed = !ReferenceEquals(before, after);
                return changed ? after with { UpdatedAt = timeProvider.GetUtcNow() } : current;
            },
            cancellationToken);

        if (changed)
        {
            await BumpVersionAsync(cancellationToken);
        }

        return result ?? new ChatSubscription { ChatId = chat.ChatId, ThreadId = chat.ThreadId };
    }

    /// <summary>The ETag of the version document: changes whenever any subscription changed.</summary>
    public async Task<string?> GetVersionAsync(CancellationToken cancellationToken = default) =>
        (await store.GetAsync(SubscriptionPaths.Version, cancellationToken))?.ETag;

    private async Task BumpVersionAsync(CancellationToken cancellationToken) =>
        await store.UpdateJsonAsync<SubscriptionsVersion>(
            SubscriptionPaths.Version,
            _ => new SubscriptionsVersion(Guid.NewGuid().ToString("N"), timeProvider.GetUtcNow()),
            cancellationToken);

    private sealed record SubscriptionsVersion(string Version, DateTimeOffset ChangedAt);
}
