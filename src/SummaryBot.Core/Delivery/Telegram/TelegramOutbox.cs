using Microsoft.Extensions.Logging;
using SummaryBot.Core.Subscriptions;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>
/// Sends and edits messages through the Bot API: HTML parse mode, buttons as an inline keyboard, into
/// the message's forum topic (<c>message_thread_id</c>) when it has one, without a notification sound
/// when the message is silent, and with link previews off unless the message allows one (an alert is
/// a compact card; a preview also makes Telegram fetch the source page). This process's rate limit lives in the HTTP pipeline
/// (<see cref="TelegramRateLimitHandler"/>); a message is sent once per call, never retried here.
/// </summary>
public sealed class TelegramOutbox(ITelegramBotClient bot, ILogger<TelegramOutbox> logger) : IOutbox
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public async Task<long> SendAsync(ChatAddress chat, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var sent = await bot.SendMessage(
                chat.ChatId,
                TelegramHtml.Fit(message.Html),
                ParseMode.Html,
                replyMarkup: Keyboard(message.Buttons),
                linkPreviewOptions: Preview(message),
                messageThreadId: chat.ThreadId,
                disableNotification: message.Silent,
                cancellationToken: cancellationToken);
            return sent.MessageId;
        }
        catch (ApiRequestException e) when (chat.ThreadId is { } threadId && TelegramErrors.IsTopicUnavailable(e))
        {
            throw new ChatUnavailableException(chat.ChatId, threadId, TelegramErrors.Reason(e), e);
        }
        catch (ApiRequestException e) when (Translate(chat.ChatId, e) is { } meaning)
        {
            throw meaning;
        }
    }

    public async Task EditAsync(ChatAddress chat, long messageId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var chatId = chat.ChatId;
        try
        {
            // A message id is unique in the whole chat: an edit names no forum topic.
            await bot.EditMessageText(
                chatId,
                checked((int)messageId),
                TelegramHtml.Fit(message.Html),
                ParseMode.Html,
                replyMarkup: Keyboard(message.Buttons),
                linkPreviewOptions: Preview(message),
                cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e) when (TelegramErrors.IsNotModified(e))
        {
            logger.LogDebug("Message {MessageId} in chat {ChatId} already had this content", messageId, chatId);
        }
        catch (ApiRequestException e) when (TelegramErrors.IsUneditable(e))
        {
            // The alert was deleted or is too old to edit. Design: never a second alert for a story,
            // so the update is dropped rather than sent anew, and the article is not failed for it.
            logger.LogWarning("Message {MessageId} in chat {ChatId} can no longer be edited: {Description}", messageId, chatId, e.Message);
        }
        catch (ApiRequestException e) when (Translate(chatId, e) is { } meaning)
        {
            throw meaning;
        }
    }

    /// <summary>
    /// What an API error means for the caller: try later (429 with its retry_after, 5xx), the chat
    /// moved, is gone, or refused this message; null for anything else (a 401), passed on as it is.
    /// </summary>
    private static Exception? Translate(long chatId, ApiRequestException e) =>
        e.ErrorCode == 429 ? new DeliveryDeferredException(chatId, e.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null, TelegramErrors.Reason(e), e)
        : e.ErrorCode >= 500 ? new DeliveryDeferredException(chatId, null, TelegramErrors.Reason(e), e)
        : TelegramErrors.MigratedTo(e) is { } newChatId ? new ChatMigratedException(chatId, newChatId, e)
        : TelegramErrors.IsChatUnavailable(e) ? new ChatUnavailableException(chatId, TelegramErrors.Reason(e), e)
        : TelegramErrors.IsRejected(e) ? new MessageRejectedException(chatId, TelegramErrors.Reason(e), e)
        : null;

    /// <summary>Previews off, or Telegram's default (a preview of the first link) when the message allows one.</summary>
    private static LinkPreviewOptions? Preview(OutboxMessage message) => message.LinkPreview ? null : NoPreview;

    /// <summary>The buttons as an inline keyboard: a row per button, except those marked <see cref="MessageButton.SameRow"/>.</summary>
    public static InlineKeyboardMarkup? Keyboard(IReadOnlyList<MessageButton> buttons)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        if (buttons.Count == 0)
        {
            return null;
        }

        var rows = new List<List<InlineKeyboardButton>>();
        foreach (var button in buttons)
        {
            if (!button.SameRow || rows.Count == 0)
            {
                rows.Add([]);
            }

            rows[^1].Add(InlineKeyboardButton.WithCallbackData(button.Text, button.CallbackData));
        }

        return new InlineKeyboardMarkup(rows);
    }
}
