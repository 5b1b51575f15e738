using System.Net.Http;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery;

/// <summary>
/// The one place where what Telegram answered to a message becomes a decision: a chat that is gone
/// is deactivated (a forum topic that is closed or deleted: that topic only), a group that became a supergroup has its subscriptions moved, a refusal, a
/// deferral (429, 5xx) and an unanswered request are told apart. Alerts, edits and digests all send
/// through it; no send is ever repeated here (the callers decide from the ledger whether a second
/// attempt is safe).
/// </summary>
public sealed class ChatSender(IOutbox outbox, SubscriptionService subscriptions, ILogger<ChatSender> logger)
{
    /// <summary>The most unanswered sends of one message, alert or digest part: one send and one resend.
    /// A caller that counted this many stops and reports the message as possibly arrived.</summary>
    public const int MaxUncertainSends = 2;

    public Task<SendResult> SendAsync(ChatAddress chat, OutboxMessage message, CancellationToken cancellationToken = default) =>
        RunAsync(chat, async () => await outbox.SendAsync(chat, message, cancellationToken), cancellationToken);

    public Task<SendResult> EditAsync(ChatAddress chat, long messageId, OutboxMessage message, CancellationToken cancellationToken = default) =>
        RunAsync(
            chat,
            async () =>
            {
                await outbox.EditAsync(chat, messageId, message, cancellationToken);
                return messageId;
            },
            cancellationToken);

    private async Task<SendResult> RunAsync(ChatAddress chat, Func<Task<long>> send, CancellationToken cancellationToken)
    {
        var chatId = chat.ChatId;
        try
        {
            return new SendResult(SendStatus.Sent, MessageId: await send());
        }
        catch (ChatUnavailableException e) when (e.ThreadId is { } threadId)
        {
            // A closed or deleted forum topic: only that topic's subscriptions stop, like a chat that is gone.
            logger.LogWarning("Topic {ThreadId} of chat {ChatId} is unavailable ({Reason}); deactivating its subscriptions", threadId, chatId, e.Reason);
            await subscriptions.DeactivateAsync(new ChatAddress(chatId, threadId), e.Reason, cancellationToken);
            return new SendResult(SendStatus.ChatGone, Reason: e.Reason);
        }
        catch (ChatUnavailableException e)
        {
            logger.LogWarning("Chat {ChatId} is unavailable ({Reason}); deactivating its subscriptions", chatId, e.Reason);
            await subscriptions.DeactivateAsync(chatId, e.Reason, cancellationToken);
            return new SendResult(SendStatus.ChatGone, Reason: e.Reason);
        }
        catch (ChatMigratedException e)
        {
            logger.LogInformation("Chat {ChatId} became the supergroup {NewChatId}; moving its subscriptions there", chatId, e.NewChatId);
            await subscriptions.MoveChatAsync(chatId, e.NewChatId, cancellationToken);
            return new SendResult(SendStatus.ChatMoved, NewChatId: e.NewChatId, Reason: $"the group became the supergroup {e.NewChatId}");
        }
        catch (MessageRejectedException e)
        {
            logger.LogWarning("Telegram refused a message to chat {ChatId} ({Reason})", chatId, e.Reason);
            return new SendResult(SendStatus.Refused, Reason: e.Reason);
        }
        catch (DeliveryDeferredException e)
        {
            logger.LogWarning("Telegram deferred a message to chat {ChatId} ({Reason}, retry after {RetryAfter})", chatId, e.Reason, e.RetryAfter);
            return new SendResult(SendStatus.Deferred, RetryAfter: e.RetryAfter, Reason: e.Reason);
        }
        catch (Exception e) when (Transport(e, cancellationToken) is { } failure)
        {
            // No answer: either no connection was made (the request never left) or it left and no
            // answer came, in which case Telegram may have delivered it.
            logger.LogWarning("Telegram did not answer a message to chat {ChatId}: {Failure}", chatId, failure.Reason);
            return failure;
        }
    }

    /// <summary>A failure of the transport (wrapped or not by the Bot API client), or null for anything else.</summary>
    private static SendResult? Transport(Exception e, CancellationToken cancellationToken)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError } refused:
                    return new SendResult(SendStatus.Deferred, Reason: $"Telegram could not be reached ({refused.HttpRequestError})");
                case TimeoutException or HttpRequestException or IOException:
                case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                    return new SendResult(SendStatus.Uncertain, Reason: $"Telegram did not answer ({current.Message})");
            }
        }

        return null;
    }
}
