using Microsoft.Extensions.Logging;
using SummaryBot.Core.Topics;

namespace SummaryBot.Core.Subscriptions;

/// <summary>All active chats (and forum topics of chats) and their topics compiled into one matcher.</summary>
public sealed record SubscriptionSnapshot(ITopicMatcher Matcher, IReadOnlyDictionary<ChatAddress, ChatSubscription> Chats);

/// <summary>
/// Keeps the compiled matcher of all subscriptions, rebuilding it only when the subscriptions'
/// version document changed (one small read per article) or, as a safety net for a writer that
/// died before bumping the version, when the snapshot is older than <see cref="MaxAge"/>.
/// </summary>
public sealed class SubscriptionCatalog(
    SubscriptionStore store, ITopicCompiler compiler, TimeProvider timeProvider, ILogger<SubscriptionCatalog> logger) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private (SubscriptionSnapshot Snapshot, string? Version, DateTimeOffset BuiltAt)? _current;

    public void Dispose() => _rebuild.Dispose();

    public async Task<SubscriptionSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var version = await store.GetVersionAsync(cancellationToken);
        var current = _current;
        if (current is { } c && c.Version == version && timeProvider.GetUtcNow() - c.BuiltAt < MaxAge)
        {
            return c.Snapshot;
        }

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is { } again && again.Version == version && timeProvider.GetUtcNow() - again.BuiltAt < MaxAge)
            {
                return again.Snapshot;
            }

            var chats = new Dictionary<ChatAddress, ChatSubscription>();
            await foreach (var chat in store.ListAsync(cancellationToken))
            {
                if (chat.Active && chat.Topics.Count > 0)
                {
                    chats[chat.Address] = chat;
                }
            }

            var matcher = compiler.Compile(chats.Values.SelectMany(chat => chat.Topics.Select(t =>
                new TopicSubscription(chat.ChatId, t) { ThreadId = chat.ThreadId, ExtraAliases = chat.Aliases?.GetValueOrDefault(t) })));
            var snapshot = new SubscriptionSnapshot(matcher, chats);
            _current = (snapshot, version, timeProvider.GetUtcNow());
            logger.LogInformation("Compiled the topics of {ChatCount} active chats", chats.Count);
            return snapshot;
        }
        finally
        {
            _rebuild.Release();
        }
    }
}
