using Telegram.Bot.Exceptions;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>How to read the Bot API's errors.</summary>
internal static class TelegramErrors
{
    /// <summary>The bot can no longer post there for good: blocked, kicked, chat gone, or no right to write.</summary>
    public static bool IsChatUnavailable(ApiRequestException e) =>
        e.ErrorCode == 403
        || (e.ErrorCode == 400 && (Contains(e, "chat not found")
            || Contains(e, "not enough rights")
            || Contains(e, "have no rights to send")
            || Contains(e, "CHAT_WRITE_FORBIDDEN")
            || Contains(e, "user is deactivated")));

    /// <summary>
    /// The forum topic a message was sent to can take no more: deleted ("message thread not found"),
    /// closed ("TOPIC_CLOSED"), or otherwise gone. Only that topic is lost, not the chat.
    /// </summary>
    public static bool IsTopicUnavailable(ApiRequestException e) =>
        e.ErrorCode == 400 && (Contains(e, "message thread not found")
            || Contains(e, "TOPIC_CLOSED")
            || Contains(e, "TOPIC_DELETED")
            || Contains(e, "TOPIC_ID_INVALID"));

    /// <summary>An edit to identical content: not an error for us.</summary>
    public static bool IsNotModified(ApiRequestException e) => e.ErrorCode == 400 && Contains(e, "message is not modified");

    /// <summary>The message to edit is gone (deleted) or may no longer be edited.</summary>
    public static bool IsUneditable(ApiRequestException e) =>
        e.ErrorCode == 400 && (Contains(e, "message to edit not found") || Contains(e, "message can't be edited"));

    /// <summary>
    /// The supergroup a group became (Telegram answers 400 "group chat was upgraded to a supergroup
    /// chat" with <c>migrate_to_chat_id</c>), or null.
    /// </summary>
    public static long? MigratedTo(ApiRequestException e) => e.ErrorCode == 400 ? e.Parameters?.MigrateToChatId : null;

    /// <summary>
    /// Any other 400: the request itself is wrong for Telegram (markup it cannot parse, a text too
    /// long, a chat id that cannot receive it), and sending it again would be answered the same way.
    /// </summary>
    public static bool IsRejected(ApiRequestException e) => e.ErrorCode == 400;

    /// <summary>The API's description (e.g. "Forbidden: bot was blocked by the user"), which never contains the token.</summary>
    public static string Reason(ApiRequestException e) => $"Telegram {e.ErrorCode}: {e.Message}";

    private static bool Contains(ApiRequestException e, string text) => e.Message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
