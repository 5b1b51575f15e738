namespace SummaryBot.Core.Subscriptions;

/// <summary>
/// Edits of the per-topic alias maps of <see cref="ChatSubscription"/> (topic → entity or phrase →
/// aliases). Each returns a new map, or null when it would be empty, so that a chat without aliases
/// stores none.
/// </summary>
internal static class TopicAliases
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> With(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? map,
        string topic,
        IReadOnlyDictionary<string, IReadOnlyList<string>> aliases)
    {
        var copy = map is null ? new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal) : new(map, StringComparer.Ordinal);
        copy[topic] = aliases;
        return copy;
    }

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Without(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? map,
        IEnumerable<string> topics)
    {
        if (map is null)
        {
            return null;
        }

        var copy = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(map, StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            copy.Remove(topic);
        }

        return copy.Count == 0 ? null : copy;
    }

    /// <summary>The aliases of both, per entity or phrase, each alias once (compared case-insensitively).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Merge(
        IReadOnlyDictionary<string, IReadOnlyList<string>>? current, IReadOnlyDictionary<string, IReadOnlyList<string>> added)
    {
        var merged = current is null ? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) : new(current, StringComparer.Ordinal);
        foreach (var (term, aliases) in added)
        {
            merged[term] = merged.TryGetValue(term, out var existing)
                ? [.. existing.Concat(aliases).Distinct(StringComparer.OrdinalIgnoreCase)]
                : aliases;
        }

        return merged;
    }
}
