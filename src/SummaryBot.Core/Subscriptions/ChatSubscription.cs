namespace SummaryBot.Core.Subscriptions;

public enum ChatKind
{
    Console,
    Private,
    Group,
    Supergroup,
    Channel,
}

public enum DeliveryMode
{
    Instant,
    Digest,
}

/// <summary>What happens to an instant alert that falls in a chat's quiet hours.</summary>
public enum QuietHoursAction
{
    /// <summary>Sent at once without a notification sound.</summary>
    Silent,

    /// <summary>Held and sent when the quiet hours end.</summary>
    Hold,
}

/// <summary>
/// A daily window of local times ("22:00" to "07:00", in the chat's <see cref="ChatSubscription.TimeZone"/>);
/// <see cref="End"/> before <see cref="Start"/> means the window crosses midnight.
/// </summary>
public sealed record QuietHours(string Start, string End, QuietHoursAction Action = QuietHoursAction.Silent);

/// <summary>
/// The settings and topics of one chat, <c>subscriptions/{chatId}.json</c>, or of one forum topic of a
/// supergroup, <c>subscriptions/{chatId}~{threadId}.json</c>: each forum topic follows its own subjects
/// with its own settings.
/// </summary>
public sealed record ChatSubscription
{
    public required long ChatId { get; init; }

    /// <summary>The forum topic (its <c>message_thread_id</c>) these subscriptions belong to; null for a
    /// chat without topics and for a forum's General topic.</summary>
    public int? ThreadId { get; init; }

    /// <summary>Where this subscriber's messages go.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ChatAddress Address => new(ChatId, ThreadId);

    public ChatKind Kind { get; init; } = ChatKind.Private;

    /// <summary>Chat title or @username, for operators reading the state.</summary>
    public string? Title { get; init; }

    /// <summary>False after Telegram said the bot can no longer post there (blocked, kicked).</summary>
    public bool Active { get; init; } = true;

    public string? DeactivatedReason { get; init; }

    public DateTimeOffset? DeactivatedAt { get; init; }

    /// <summary>The supergroup this group became: its subscriptions live on there.</summary>
    public long? MovedTo { get; init; }

    /// <summary>Topics in their normalized spelling, in the order they were added.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>
    /// Extra aliases the chat accepted, per topic and per entity or phrase of it (null when none):
    /// <c>{"Wagner Group": {"Wagner Group": ["PMC Wagner"]}}</c>. Matched like the gazetteer's.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Aliases { get; init; }

    /// <summary>Aliases proposed when a topic was subscribed (Azure OpenAI) and not accepted yet, in the
    /// same shape as <see cref="Aliases"/>; never matched until accepted.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? SuggestedAliases { get; init; }

    public DeliveryMode Mode { get; init; } = DeliveryMode.Instant;

    /// <summary>Local times of day ("08:00") at which digests go out, in <see cref="TimeZone"/>.</summary>
    public IReadOnlyList<string> DigestTimes { get; init; } = [];

    /// <summary>IANA time zone id; UTC by default.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Quiet hours in <see cref="TimeZone"/>, or null for none.</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary>Every alert is sent without a notification sound.</summary>
    public bool SilentAlerts { get; init; }

    /// <summary>Telegram shows a preview of the article link under alerts (its default); false turns it off.</summary>
    public bool LinkPreviews { get; init; } = true;

    /// <summary>Language of the chat's summaries (a BCP 47 tag such as "de"), or null for the article's own
    /// language. Needs Azure OpenAI: the offline summarizer keeps the article's language.</summary>
    public string? SummaryLanguage { get; init; }

    /// <summary>When the last digest was accepted by the chat's outbox.</summary>
    public DateTimeOffset? LastDigestAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}
