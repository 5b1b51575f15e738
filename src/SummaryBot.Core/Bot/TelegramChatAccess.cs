using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SummaryBot.Core.Bot;

/// <summary>Who may change a chat's subscriptions, asked of Telegram with getChatMember.</summary>
public sealed class TelegramChatAccess(ITelegramBotClient bot, TelegramBotIdentity identity)
{
    /// <summary>True when <paramref name="userId"/> is the creator or an administrator of the chat.</summary>
    public async Task<bool> IsAdministratorAsync(ChatId chatId, long userId, CancellationToken cancellationToken)
    {
        try
        {
            var member = await bot.GetChatMember(chatId, userId, cancellationToken);
            return member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            return false; // Not a member, or the bot cannot see the chat: either way, not an admin we can confirm.
        }
    }

    /// <summary>Null when the bot is an administrator of the channel that may post; otherwise why not, for the user.</summary>
    public async Task<string?> WhyBotCannotPostAsync(ChatId channelId, CancellationToken cancellationToken)
    {
        var me = await identity.GetAsync(cancellationToken);
        ChatMember member;
        try
        {
            member = await bot.GetChatMember(channelId, me.Id, cancellationToken);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            return "I am not a member of that channel. Add me as an administrator who may post messages, then try again.";
        }

        return member switch
        {
            ChatMemberOwner => null,
            ChatMemberAdministrator { CanPostMessages: true } => null,
            ChatMemberAdministrator => "I am an administrator of that channel but may not post messages. Give me the “Post messages” right, then try again.",
            _ => "I am not an administrator of that channel. Add me as an administrator who may post messages, then try again.",
        };
    }
}
