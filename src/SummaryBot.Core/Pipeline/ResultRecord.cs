using System.Text.Json.Serialization;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Pipeline;

public enum ResultStatus
{
    Processed,
    Duplicate,
    Rejected,
}

/// <summary>
/// <c>results/{name}.json</c>: what happened to one input file. A public interface: operators and
/// scripts read it (schema in DESIGN.md); fields are only ever added.
/// </summary>
public sealed record ResultRecord
{
    public required string Article { get; init; }

    public required ResultStatus Status { get; init; }

    /// <summary>Only when rejected: a sentence a person understands.</summary>
    public string? Reason { get; init; }

    public string? Title { get; init; }

    public string? Outlet { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Url { get; init; }

    public string? StoryId { get; init; }

    /// <summary>The name of the story's first article, when this one is a duplicate.</summary>
    public string? DuplicateOf { get; init; }

    public string? Headline { get; init; }

    public string? Summary { get; init; }

    public string? Summarizer { get; init; }

    public IReadOnlyList<ResultMatch>? Matches { get; init; }

    public IReadOnlyList<ResultDelivery>? Deliveries { get; init; }

    /// <summary>Chats that matched but could not be reached, with the reason.</summary>
    public IReadOnlyList<ResultUndelivered>? Undelivered { get; init; }

    /// <summary>Chats whose delivery job is still in the outbox queue; each moves to
    /// <see cref="Deliveries"/> or <see cref="Undelivered"/> when the sender is done with it. A chat is
    /// its id; a forum topic of a chat is <c>{"chatId": …, "threadId": …}</c>.</summary>
    public IReadOnlyList<ChatAddress>? Pending { get; init; }

    /// <summary>When the delivery jobs were written to the outbox queue; null until then (a run that
    /// died in between writes them again).</summary>
    public DateTimeOffset? EnqueuedAt { get; init; }

    /// <summary>SHA-256 of the file's bytes: a file counts as done when its result has the same hash.</summary>
    public required string ContentSha256 { get; init; }

    public required DateTimeOffset ProcessedAt { get; init; }
}

/// <param name="ThreadId">The forum topic of the chat that subscribed; absent for the chat itself.</param>
public sealed record ResultMatch(long ChatId, string Topic, IReadOnlyList<string> Evidence, int? ThreadId = null)
{
    [JsonIgnore]
    public ChatAddress Address => new(ChatId, ThreadId);
}

/// <param name="Resent">True when the alert was sent a second time because Telegram did not answer the first send (the chat may show it twice).</param>
/// <param name="ThreadId">The forum topic the message went to; absent for the chat itself.</param>
public sealed record ResultDelivery(long ChatId, string Kind, long? MessageId, bool? Resent = null, int? ThreadId = null)
{
    [JsonIgnore]
    public ChatAddress Address => new(ChatId, ThreadId);
}

public sealed record ResultUndelivered(long ChatId, string Reason, int? ThreadId = null)
{
    [JsonIgnore]
    public ChatAddress Address => new(ChatId, ThreadId);
}
