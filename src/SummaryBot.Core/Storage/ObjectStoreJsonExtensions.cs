namespace SummaryBot.Core.Storage;

/// <summary>Typed JSON access and optimistic-concurrency updates over any <see cref="IObjectStore"/>.</summary>
public static class ObjectStoreJsonExtensions
{
    private const int MaxUpdateAttempts = 64;

    public static async Task<Versioned<T>?> GetJsonAsync<T>(this IObjectStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.GetAsync(path, cancellationToken);
        return stored is null ? null : new Versioned<T>(SummaryBotJson.Deserialize<T>(stored.Content), stored.ETag);
    }

    /// <returns>True when this call created the document; false when one already existed.</returns>
    public static async Task<bool> TryCreateJsonAsync<T>(this IObjectStore store, string path, T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.TryCreateAsync(path, SummaryBotJson.Serialize(value), cancellationToken) is not null;
    }

    /// <summary>
    /// Reads, changes and conditionally writes a document until the write wins: concurrent updaters
    /// never lose each other's changes. <paramref name="update"/> receives the current value (null
    /// when absent) and returns the new value, or null to leave the document as it is. It may run
    /// more than once and must not have side effects.
    /// </summary>
    /// <returns>The value in the store after the call (null when absent and left absent).</returns>
    public static async Task<T?> UpdateJsonAsync<T>(
        this IObjectStore store, string path, Func<T?, T?> update, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var current = await store.GetJsonAsync<T>(path, cancellationToken);
            var next = update(current?.Value);
            if (next is null || ReferenceEquals(next, current?.Value))
            {
                return current?.Value;
            }

            var content = SummaryBotJson.Serialize(next);
            var written = current is null
                ? await store.TryCreateAsync(path, content, cancellationToken)
                : await store.TryReplaceAsync(path, content, current.ETag, cancellationToken);
            if (written is not null)
            {
                return next;
            }

            // Someone else wrote in between: back off a little (jittered) and re-read.
            await Task.Delay(Random.Shared.Next(1, 5 + (attempt * 3)), cancellationToken);
        }

        throw new InvalidOperationException($"Could not update '{path}': it kept changing under {MaxUpdateAttempts} attempts.");
    }
}
