using SummaryBot.Core.Topics;

namespace SummaryBot.Core.Subscriptions;

/// <summary>What subscribers can do, whatever the transport (Telegram, the CLI's console chat).</summary>
public sealed class SubscriptionService(SubscriptionStore store, ITopicCompiler topics, TimeProvider timeProvider)
{
    /// <summary>How many topics one chat may follow.</summary>
    public const int MaxTopicsPerChat = 50;

    /// <summary>Subscribes a chat, or one forum topic of a supergroup (<see cref="ChatAddress.ThreadId"/>), to a topic.</summary>
    public async Task<SubscribeOutcome> SubscribeAsync(
        ChatAddress chatAddress, string topic, ChatKind kind, string? title = null, CancellationToken cancellationToken = default)
    {
        var parsed = topics.Parse(topic ?? string.Empty);
        if (!parsed.Success)
        {
            return new SubscribeOutcome(SubscribeStatus.Invalid, parsed);
        }

        var status = SubscribeStatus.Added;
        await store.UpdateAsync(chatAddress, chat =>
        {
            var reactivate = !chat.Active;
            if (chat.Topics.Contains(parsed.Normalized, StringComparer.OrdinalIgnoreCase))
            {
                status = SubscribeStatus.AlreadySubscribed;
                return reactivate ? Reactivated(chat, kind, title) : chat;
            }

            if (chat.Topics.Count >= MaxTopicsPerChat)
            {
                status = SubscribeStatus.TooManyTopics;
                return chat;
            }

            status = SubscribeStatus.Added;
            var updated = chat with { Topics = [.. chat.Topics, parsed.Normalized], Kind = kind, Title = title ?? chat.Title };
            return reactivate ? Reactivated(updated, kind, title) : updated;
        }, cancellationToken);

        return new SubscribeOutcome(status, parsed);
    }

    /// <summary>Removes one topic (matched case-insensitively, or by its <see cref="TopicKey"/>), or all topics when <paramref name="topic"/> is null.</summary>
    /// <returns>The topics that were removed (empty when none matched).</returns>
    public async Task<IReadOnlyList<string>> UnsubscribeAsync(ChatAddress chatAddress, string? topic, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> removed = [];
        var normalized = topic is null ? null : (topics.Parse(topic) is { Success: true } p ? p.Normalized : topic.Trim());
        await store.UpdateAsync(chatAddress, chat =>
        {
            removed = [.. chat.Topics.Where(t => normalized is null
                || string.Equals(t, normalized, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, topic?.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(TopicKey.For(t), topic, StringComparison.Ordinal))];
            return removed.Count == 0
                ? chat
                : chat with
                {
                    Topics = [.. chat.Topics.Except(removed)],
                    Aliases = TopicAliases.Without(chat.Aliases, removed),
                    SuggestedAliases = TopicAliases.Without(chat.SuggestedAliases, removed),
                };
        }, cancellationToken);
        return removed;
    }

    /// <summary>The chat's topics, each with a description of what it will match.</summary>
    public async Task<IReadOnlyList<TopicParseResult>> ListTopicsAsync(ChatAddress chatAddress, CancellationToken cancellationToken = default)
    {
        var chat = await store.GetAsync(chatAddress, cancellationToken);
        return chat is null ? [] : [.. chat.Topics.Select(t => topics.Parse(t, chat.Aliases?.GetValueOrDefault(t)))];
    }

    /// <summary>
    /// Keeps aliases proposed for a topic the chat follows until the subscriber accepts them
    /// (<see cref="AcceptSuggestedAliasesAsync"/>); they are not matched before that. A later
    /// proposal for the same topic replaces the earlier one.
    /// </summary>
    /// <returns>False when the chat no longer follows the topic.</returns>
    public async Task<bool> SuggestAliasesAsync(
        ChatAddress chatAddress, string topic, IReadOnlyDictionary<string, IReadOnlyList<string>> aliases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        var follows = false;
        await store.UpdateAsync(chatAddress, chat =>
        {
            follows = chat.Topics.Contains(topic, StringComparer.Ordinal);
            return follows ? chat with { SuggestedAliases = TopicAliases.With(chat.SuggestedAliases, topic, aliases) } : chat;
        }, cancellationToken);
        return follows;
    }

    /// <summary>
    /// Accepts the aliases proposed for the topic whose <see cref="TopicKey"/> is given: from now on
    /// they match like the topic's own names.
    /// </summary>
    /// <returns>The topic and the aliases added, or null when nothing was waiting (already accepted,
    /// replaced, or the topic was removed).</returns>
    public async Task<(string Topic, IReadOnlyList<string> Added)?> AcceptSuggestedAliasesAsync(
        ChatAddress chatAddress, string topicKey, CancellationToken cancellationToken = default)
    {
        (string, IReadOnlyList<string>)? accepted = null;
        await store.UpdateAsync(chatAddress, chat =>
        {
            accepted = null;
            var topic = chat.Topics.FirstOrDefault(t => TopicKey.For(t) == topicKey);
            if (topic is null || chat.SuggestedAliases?.GetValueOrDefault(topic) is not { } proposed)
            {
                return chat;
            }

            var merged = TopicAliases.Merge(chat.Aliases?.GetValueOrDefault(topic), proposed);
            accepted = (topic, [.. proposed.Values.SelectMany(a => a)]);
            return chat with
            {
                Aliases = TopicAliases.With(chat.Aliases, topic, merged),
                SuggestedAliases = TopicAliases.Without(chat.SuggestedAliases, [topic]),
            };
        }, cancellationToken);
        return accepted;
    }

    public Task<ChatSubscription?> GetChatAsync(ChatAddress chatAddress, CancellationToken cancellationToken = default) =>
        store.GetAsync(chatAddress, cancellationToken);

    /// <summary>
    /// Stops deliveries that Telegram says the bot can no longer make: to one forum topic (closed or
    /// deleted) when <paramref name="chatAddress"/> names one, else to the whole chat (blocked, kicked,
    /// gone), its forum topics included. Subscribing again there resumes them. Creates nothing for a
    /// chat or topic that has no subscriptions.
    /// </summary>
    /// <returns>True when something that was active has been stopped.</returns>
    public async Task<bool> DeactivateAsync(ChatAddress chatAddress, string reason, CancellationToken cancellationToken = default)
    {
        var stopped = await DeactivateOneAsync(chatAddress, reason, cancellationToken);
        if (chatAddress.ThreadId is null)
        {
            await foreach (var topic in store.ListTopicsOfChatAsync(chatAddress.ChatId, cancellationToken))
            {
                stopped |= await DeactivateOneAsync(topic, reason, cancellationToken);
            }
        }

        return stopped;
    }

    private async Task<bool> DeactivateOneAsync(ChatAddress chatAddress, string reason, CancellationToken cancellationToken)
    {
        var stopped = false;
        await store.UpdateAsync(
            chatAddress,
            chat =>
            {
                // A fresh default (no UpdatedAt) means no document: there is nothing to stop.
                stopped = chat.Active && chat.UpdatedAt is not null;
                return stopped ? chat with { Active = false, DeactivatedReason = reason, DeactivatedAt = timeProvider.GetUtcNow() } : chat;
            },
            cancellationToken);
        return stopped;
    }

    /// <summary>
    /// Moves a group's subscriptions to the supergroup it became (Telegram gives the supergroup a new
    /// id, and the old one accepts nothing more): the topics, delivery mode, digest times and time zone
    /// go to <paramref name="toChatId"/>, merged with any it already had, and the group is deactivated
    /// with <see cref="ChatSubscription.MovedTo"/> set. Once the group records the move, calling this
    /// again changes nothing, so each of Telegram's two migration notices, and every failed send that
    /// reports the move, may call it.
    /// </summary>
    /// <returns>The supergroup's settings (those of the chat the group moved to), or null when the group had no settings.</returns>
    public async Task<ChatSubscription?> MoveChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            throw new ArgumentException("A chat cannot move to itself.", nameof(toChatId));
        }

        var from = await store.GetAsync(fromChatId, cancellationToken);
        if (from is null)
        {
            return null;
        }

        if (from.MovedTo is not null)
        {
            // Moved already: merging again would bring back topics the supergroup has removed since.
            return await store.GetAsync(from.MovedTo.Value, cancellationToken);
        }

        // The supergroup first: if the process dies before the group is deactivated, running this
        // again merges the same topics (no change) and then finishes the group.
        var moved = await store.UpdateAsync(toChatId, to =>
        {
            var fresh = to.UpdatedAt is null;
            var topics = to.Topics.Concat(from.Topics.Where(t => !to.Topics.Contains(t, StringComparer.OrdinalIgnoreCase)))
                .Take(Math.Max(MaxTopicsPerChat, to.Topics.Count))
                .ToList();
            if (!fresh && to.Active && topics.Count == to.Topics.Count)
            {
                return to;
            }

            var aliases = to.Aliases;
            foreach (var topic in topics.Except(to.Topics))
            {
                if (from.Aliases?.GetValueOrDefault(topic) is { } accepted)
                {
                    aliases = TopicAliases.With(aliases, topic, accepted);
                }
            }

            var merged = to with
            {
                Topics = topics,
                Aliases = aliases,
                Active = true,
                DeactivatedReason = null,
                DeactivatedAt = null,
                Kind = ChatKind.Supergroup,
                Title = to.Title ?? from.Title,
            };
            return fresh
                ? merged with { Mode = from.Mode, DigestTimes = from.DigestTimes, TimeZone = from.TimeZone, LastDigestAt = from.LastDigestAt }
                : merged;
        }, cancellationToken);

        await store.UpdateAsync(
            fromChatId,
            chat => chat.MovedTo == toChatId && !chat.Active
                ? chat
                : chat with { Active = false, MovedTo = toChatId, DeactivatedReason = $"the group became the supergroup {toChatId}", DeactivatedAt = timeProvider.GetUtcNow() },
            cancellationToken);
        return moved;
    }

    private static ChatSubscription Reactivated(ChatSubscription chat, ChatKind kind, string? title) =>
        chat with { Active = true, DeactivatedReason = null, DeactivatedAt = null, Kind = kind, Title = title ?? chat.Title };
}

public enum SubscribeStatus
{
    Added,
    AlreadySubscribed,
    Invalid,
    TooManyTopics,
}

/// <summary>The result of a subscribe request; <see cref="Topic"/> says what it will match, or why it cannot.</summary>
public sealed record SubscribeOutcome(SubscribeStatus Status, TopicParseResult Topic);
