using System.Runtime.CompilerServices;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Subscriptions;

/// <summary>
/// <c>subscriptions/{chatId}.json</c> with optimistic concurrency: two edits of one chat at the same
/// time both survive. Every change also bumps a version document so that the compiled matcher in
/// every process knows to rebuild.
/// </summary>
public sealed class SubscriptionStore(IObjectStore store, TimeProvider timeProvider)
{
    public async Task<ChatSubscription?> GetAsync(long chatId, CancellationToken cancellationToken = default) =>
        (await store.GetJsonAsync<ChatSubscription>(SubscriptionPaths.Subscription(chatId), cancellationToken))?.Value;

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
        long chatId, Func<ChatSubscription, ChatSubscription> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var changed = false;
        var result = await store.UpdateJsonAsync<ChatSubscription>(
            SubscriptionPaths.Subscription(chatId),
            current =>
            {
                var before = current ?? new ChatSubscription { ChatId = chatId };
                var after = change(before);
                changed = !ReferenceEquals(before, after);
                return changed ? after with { UpdatedAt = timeProvider.GetUtcNow() } : current;
            },
            cancellationToken);

        if (changed)
        {
            await BumpVersionAsync(cancellationToken);
        }

        return result ?? new ChatSubscription { ChatId = chatId };
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
