using SummaryBot.Core.Subscriptions;
namespace SummaryBot.Core.Bot;

/// <summary>The chat a bot command applies to (which may differ from where it was typed: a channel
/// set up from a private chat).</summary>
public sealed record BotChat(long ChatId, ChatKind Kind, string? Title);
