using System.Globalization;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Subscriptions;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SummaryBot.Core.Bot;

/// <summary>
/// The one handler of Telegram updates, used by the CLI's long polling and by the Functions webhook.
/// It decides who may run a command and in which chat (private chats: the user; groups: administrators,
/// anonymous ones included; channels: posts by the channel, or an administrator from a private chat
/// with <c>/subscribe @channel topic</c>), then lets <see cref="BotCommandHandler"/> do the work.
/// A command sent in a forum topic of a supergroup (a topic message) acts on that topic's subscriptions,
/// and its reply goes to that topic; the General topic is the chat itself.
/// </summary>
public sealed class BotUpdateHandler(
    ITelegramBotClient bot,
    BotCommandHandler commands,
    ChatSettings settings,
    SubscriptionService subscriptions,
    TelegramChatAccess access,
    TelegramBotIdentity identity,
    ILogger<BotUpdateHandler> logger)
{
    private const string GroupAdminsOnly = "Only administrators of this group can change its subscriptions. Anyone may use /topics and /help.";
    private const string StaleSettings = "This settings button is out of date. Send /settings for a new panel.";
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public async Task HandleAsync(Update update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        switch (update)
        {
            case { Message: { } message }:
                await OnMessageAsync(message, cancellationToken);
                break;
            case { ChannelPost: { } post }:
                await OnMessageAsync(post, cancellationToken);
                break;
            case { CallbackQuery: { } query }:
                await OnCallbackAsync(query, cancellationToken);
                break;
            case { MyChatMember: { } change }:
                await OnMembershipChangedAsync(change, cancellationToken);
                break;
            default:
                logger.LogDebug("Ignoring update {UpdateId} of type {UpdateType}", update.Id, update.Type);
                break;
        }
    }

    private async Task OnMessageAsync(Message message, CancellationToken cancellationToken)
    {
        var chat = message.Chat;
        if (message.MigrateToChatId is not null || message.MigrateFromChatId is not null)
        {
            // A group became a supergroup with a new id. Telegram posts a notice in each (the old group
            // names the new id, the supergroup the old one); either moves the subscriptions, the other
            // finds them moved.
            var (fromId, toId) = message.MigrateToChatId is { } to ? (chat.Id, to) : (message.MigrateFromChatId!.Value, chat.Id);
            if (await subscriptions.MoveChatAsync(fromId, toId, cancellationToken) is not null)
            {
                logger.LogInformation("Chat {ChatId} became the supergroup {NewChatId}; its subscriptions moved there", fromId, toId);
            }

            return;
        }

        var command = BotCommandParser.Parse(message.Text);
        if (command is null && message.ReplyToMessage is { From.IsBot: true } prompted
            && ChatSettings.RecognizePrompt(prompted.Text) is { } prompt
            && prompted.From.Id == (await identity.GetAsync(cancellationToken)).Id)
        {
            await OnPromptAnsweredAsync(message, prompt.Prompt, prompt.Remote, cancellationToken);
            return;
        }

        if (command is null)
        {
            if (chat.Type == ChatType.Private && message.Text is not null)
            {
                await ReplyAsync(message, OutboxMessage.Text("Send /help to see what I can do, or e.g. <code>/subscribe Russia–North Korea</code>."), cancellationToken);
            }

            return;
        }

        var me = await identity.GetAsync(cancellationToken);
        if (command.IsForOtherBot(me.Username))
        {
            return;
        }

        if (!BotCommandHandler.IsKnown(command.Name))
        {
            // In a group an unknown bare command is probably another bot's; answer it only when addressed to us.
            if (chat.Type == ChatType.Private || command.AddressedTo is not null)
            {
                await ReplyAsync(message, await commands.ExecuteAsync(ToBotChat(message), command.Name, command.Arguments, cancellationToken), cancellationToken);
            }

            return;
        }

        var target = ToBotChat(message);
        var arguments = command.Arguments;
        string? targetLabel = null;
        if (chat.Type == ChatType.Private && arguments.StartsWith('@') && command.Name is not ("start" or "help"))
        {
            var space = arguments.IndexOfAny([' ', '\n', '\t']);
            var handle = space < 0 ? arguments : arguments[..space];
            arguments = space < 0 ? string.Empty : arguments[(space + 1)..].Trim();
            var (channel, refusal) = await ResolveChannelAsync(handle, message.From, cancellationToken);
            if (channel is null)
            {
                await ReplyAsync(message, OutboxMessage.Text(HtmlText.Escape(refusal)), cancellationToken);
                return;
            }

            target = channel;
            targetLabel = channel.Title ?? handle;
        }
        else if (!BotCommandHandler.IsReadOnly(command.Name) && await WhyNotAllowedAsync(message, cancellationToken) is { } refusal)
        {
            await ReplyAsync(message, OutboxMessage.Text(HtmlText.Escape(refusal)), cancellationToken);
            return;
        }

        var reply = targetLabel is not null && command.Name == "settings"
            ? await settings.PanelAsync(target, SettingsScreen.Main, targetLabel, target.ChatId, cancellationToken)
            : await commands.ExecuteAsync(target, command.Name, arguments, cancellationToken);
        if (targetLabel is not null && command.Name != "settings")
        {
            // Buttons in the private chat act on the channel: the callback data names it.
            reply = new OutboxMessage(
                $"<b>{HtmlText.Escape(targetLabel)}</b>: {reply.Html}",
                [.. reply.Buttons.Select(b => b with { CallbackData = b.CallbackData + "@" + target.ChatId.ToString(CultureInfo.InvariantCulture) })]);
        }

        logger.LogInformation("Command /{Command} in chat {ChatId} for chat {TargetChatId}", command.Name, chat.Id, target.ChatId);
        await ReplyAsync(message, reply, cancellationToken);
    }

    /// <summary>Null when the sender may change the subscriptions of the chat the message is in.</summary>
    private async Task<string?> WhyNotAllowedAsync(Message message, CancellationToken cancellationToken)
    {
        var chat = message.Chat;
        switch (chat.Type)
        {
            case ChatType.Private:
            case ChatType.Channel: // Only the channel's administrators can post in it.
                return null;
            case ChatType.Group:
            case ChatType.Supergroup:
                if (message.SenderChat is { } senderChat)
                {
                    // The group itself as sender is an anonymous administrator; another chat (a linked channel) is not.
                    return senderChat.Id == chat.Id ? null : GroupAdminsOnly;
                }

                return message.From is { } from && await access.IsAdministratorAsync(chat.Id, from.Id, cancellationToken)
                    ? null
                    : GroupAdminsOnly;
            default:
                return "I can't change subscriptions from this kind of chat.";
        }
    }

    private async Task<(BotChat? Channel, string Refusal)> ResolveChannelAsync(string handle, User? user, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return (null, "I can't tell who sent this command.");
        }

        ChatFullInfo channel;
        try
        {
            channel = await bot.GetChat(handle, cancellationToken);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            return (null, $"I can't find the channel {handle}. Check the name, and add me to the channel as an administrator who may post.");
        }

        if (channel.Type != ChatType.Channel)
        {
            return (null, $"{handle} is not a channel. For a group, send the command in the group itself.");
        }

        if (!await access.IsAdministratorAsync(channel.Id, user.Id, cancellationToken))
        {
            return (null, $"Only administrators of {handle} can change its subscriptions.");
        }

        if (await access.WhyBotCannotPostAsync(channel.Id, cancellationToken) is { } why)
        {
            return (null, why);
        }

        return (new BotChat(channel.Id, ChatKind.Channel, channel.Username is { } name ? "@" + name : channel.Title), string.Empty);
    }

    /// <summary>
    /// Whether the user who pressed a button in <paramref name="chat"/> may change what it acts on: a
    /// channel they administer (<paramref name="channelId"/>, a button naming it), else their own
    /// private chat or a group they administer.
    /// </summary>
    private async Task<bool> MayPressAsync(Chat chat, long? channelId, long userId, CancellationToken cancellationToken) =>
        channelId is { } channel
            ? await access.IsAdministratorAsync(channel, userId, cancellationToken)
            : chat.Type == ChatType.Private || await access.IsAdministratorAsync(chat.Id, userId, cancellationToken);

    /// <summary>A value typed in reply to a settings prompt: applied to the chat the prompt was about, by those who may change it.</summary>
    private async Task OnPromptAnsweredAsync(Message message, SettingsPrompt prompt, long? remote, CancellationToken cancellationToken)
    {
        var target = ToBotChat(message);
        if (remote is { } channelId)
        {
            if (message.Chat.Type != ChatType.Private || message.From is not { } user || !await access.IsAdministratorAsync(channelId, user.Id, cancellationToken))
            {
                await ReplyAsync(message, OutboxMessage.Text("Only administrators of that channel can change its settings."), cancellationToken);
                return;
            }

            target = new BotChat(channelId, ChatKind.Channel, null);
        }
        else if (await WhyNotAllowedAsync(message, cancellationToken) is not null)
        {
            await ReplyAsync(message, OutboxMessage.Text("Only administrators of this chat can change its settings."), cancellationToken);
            return;
        }

        var reply = await settings.ApplyTypedAsync(target, prompt, message.Text ?? string.Empty, null, remote, cancellationToken);
        logger.LogInformation("Settings value typed for {Prompt} in chat {ChatId} for chat {TargetChatId}", prompt, message.Chat.Id, target.ChatId);
        await ReplyAsync(message, reply, cancellationToken);
    }

    /// <summary>
    /// A press on the settings panel. The callback query is always answered: with what changed, why
    /// nothing did (not an administrator, a stale or forged button), or, when handling fails, an apology
    /// before the error goes on to the host.
    /// </summary>
    private async Task OnSettingsCallbackAsync(CallbackQuery query, CancellationToken cancellationToken)
    {
        (string Text, bool Alert) answer;
        try
        {
            answer = await PressSettingsAsync(query, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await AnswerAsync(query, "Something went wrong; please try again.", alert: false, cancellationToken);
            throw;
        }

        await AnswerAsync(query, answer.Text, answer.Alert, cancellationToken);
    }

    private async Task<(string Text, bool Alert)> PressSettingsAsync(CallbackQuery query, CancellationToken cancellationToken)
    {
        if (SettingsCallbackData.Parse(query.Data) is not { } command || query.Message is not { Chat: { } chat } panel)
        {
            logger.LogInformation("Stale or unknown settings button pressed in chat {ChatId}", query.Message?.Chat.Id);
            return (StaleSettings, false);
        }

        var target = ToBotChat(panel);
        if (command.RemoteChatId is { } channelId)
        {
            // Only a panel in a private chat acts on another chat (a channel the user administers).
            if (chat.Type != ChatType.Private)
            {
                return (StaleSettings, false);
            }

            target = new BotChat(channelId, ChatKind.Channel, null);
        }

        if (!await MayPressAsync(chat, command.RemoteChatId, query.From.Id, cancellationToken))
        {
            logger.LogInformation("Settings button refused in chat {ChatId}: user is not an administrator", chat.Id);
            return ("Only administrators of this chat can change its settings.", true);
        }

        switch (command.Action)
        {
            case SettingsAction.Done:
                await EditKeyboardAsync(chat.Id, panel.Id, null, cancellationToken);
                return ("Settings saved.", false);
            case SettingsAction.Ask:
                var prompt = SettingsCallbackData.PromptOf(command.Value)!.Value;
                var question = await settings.PromptAsync(target, prompt, command.RemoteChatId, cancellationToken);
                await SendAsync(chat.Id, panel.Id, question.Html, new ForceReplyMarkup { InputFieldPlaceholder = "Type the value" }, cancellationToken);
                return ("Reply to my message with the value.", false);
            default:
                var (text, updated) = await settings.PressAsync(target, command, null, cancellationToken);
                logger.LogInformation("Settings button {Action} in chat {ChatId} for chat {TargetChatId}", command.Action, chat.Id, target.ChatId);
                await EditPanelAsync(chat.Id, panel.Id, updated, cancellationToken);
                return (text, false);
        }
    }

    /// <summary>Shows the panel's new state in place; a panel too old to edit is sent anew.</summary>
    private async Task EditPanelAsync(long chatId, int messageId, OutboxMessage panel, CancellationToken cancellationToken)
    {
        try
        {
            await bot.EditMessageText(
                chatId,
                messageId,
                TelegramHtml.Fit(panel.Html),
                ParseMode.Html,
                replyMarkup: TelegramOutbox.Keyboard(panel.Buttons),
                linkPreviewOptions: NoPreview,
                cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e) when (TelegramErrors.IsNotModified(e))
        {
            // The press set what was already set: the panel already shows it.
        }
        catch (ApiRequestException e) when (TelegramErrors.IsUneditable(e))
        {
            logger.LogInformation("Settings panel {MessageId} in chat {ChatId} can no longer be edited; sending a new one", messageId, chatId);
            await SendAsync(chatId, messageId, panel.Html, TelegramOutbox.Keyboard(panel.Buttons), cancellationToken);
        }
    }

    private async Task EditKeyboardAsync(long chatId, int messageId, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        try
        {
            await bot.EditMessageReplyMarkup(chatId, messageId, keyboard, cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e) when (TelegramErrors.IsNotModified(e) || TelegramErrors.IsUneditable(e))
        {
            logger.LogDebug("Settings panel {MessageId} in chat {ChatId} kept its keyboard: {Description}", messageId, chatId, e.Message);
        }
    }

    /// <summary>Sends a message as a reply to the panel, so that in a forum it lands in the panel's topic.</summary>
    private async Task SendAsync(long chatId, int panelId, string html, ReplyMarkup? markup, CancellationToken cancellationToken)
    {
        try
        {
            await bot.SendMessage(
                chatId,
                TelegramHtml.Fit(html),
                ParseMode.Html,
                replyParameters: new ReplyParameters { MessageId = panelId, AllowSendingWithoutReply = true },
                replyMarkup: markup,
                linkPreviewOptions: NoPreview,
                cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e)
        {
            logger.LogWarning("Could not send to chat {ChatId}: {ErrorCode} {Description}", chatId, e.ErrorCode, e.Message);
        }
    }

    private async Task OnCallbackAsync(CallbackQuery query, CancellationToken cancellationToken)
    {
        if (SettingsCallbackData.IsSettings(query.Data))
        {
            await OnSettingsCallbackAsync(query, cancellationToken);
            return;
        }

        var data = query.Data ?? string.Empty;
        var action = new[] { BotCommandHandler.UnsubscribePrefix, BotCommandHandler.AcceptAliasesPrefix }
            .FirstOrDefault(prefix => data.StartsWith(prefix, StringComparison.Ordinal));
        if (action is null || query.Message?.Chat is not { } chat)
        {
            await AnswerAsync(query, "This button no longer works.", alert: false, cancellationToken);
            return;
        }

        var key = data[action.Length..];
        var target = ToBotChat(query.Message);
        long? remote = null;
        var at = key.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            // A button sent to a private chat that acts on a channel the user administers.
            if (!long.TryParse(key[(at + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var channelId))
            {
                await AnswerAsync(query, "This button no longer works.", alert: false, cancellationToken);
                return;
            }

            key = key[..at];
            target = new BotChat(channelId, ChatKind.Channel, null);
            remote = channelId;
        }

        if (!await MayPressAsync(chat, remote, query.From.Id, cancellationToken))
        {
            await AnswerAsync(query, "Only administrators of this chat can change its subscriptions.", alert: true, cancellationToken);
            return;
        }

        var text = action == BotCommandHandler.UnsubscribePrefix
            ? await commands.UnsubscribeByKeyAsync(target, key, cancellationToken)
            : await commands.AcceptAliasesByKeyAsync(target, key, cancellationToken);
        logger.LogInformation("Button {Action} in chat {ChatId} for chat {TargetChatId}", action.TrimEnd(':'), chat.Id, target.ChatId);
        await AnswerAsync(query, text, alert: false, cancellationToken);
    }

    private async Task OnMembershipChangedAsync(ChatMemberUpdated change, CancellationToken cancellationToken)
    {
        // The chat's own subscriptions and those of its forum topics.
        if (change.NewChatMember.Status is ChatMemberStatus.Kicked or ChatMemberStatus.Left
            && await subscriptions.DeactivateAsync(change.Chat.Id, "the bot was removed from the chat or blocked", cancellationToken))
        {
            logger.LogInformation("The bot was removed from chat {ChatId}; its subscriptions were deactivated", change.Chat.Id);
        }
    }

    private async Task ReplyAsync(Message to, OutboxMessage reply, CancellationToken cancellationToken)
    {
        try
        {
            await bot.SendMessage(
                to.Chat.Id,
                TelegramHtml.Fit(reply.Html),
                ParseMode.Html,
                replyParameters: new ReplyParameters { MessageId = to.MessageId, AllowSendingWithoutReply = true },
                replyMarkup: TelegramOutbox.Keyboard(reply.Buttons),
                linkPreviewOptions: NoPreview,
                messageThreadId: ForumTopic(to),
                cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e)
        {
            logger.LogWarning("Could not reply in chat {ChatId}: {ErrorCode} {Description}", to.Chat.Id, e.ErrorCode, e.Message);
        }
    }

    private async Task AnswerAsync(CallbackQuery query, string text, bool alert, CancellationToken cancellationToken)
    {
        try
        {
            await bot.AnswerCallbackQuery(query.Id, text.Length == 0 ? null : text, alert, cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e)
        {
            // Callback queries expire after a while; the change itself is done.
            logger.LogWarning("Could not answer callback query: {ErrorCode} {Description}", e.ErrorCode, e.Message);
        }
    }

    /// <summary>
    /// The forum topic a message was sent in, or null. Only a topic message counts: in a chat without
    /// topics a reply also carries a <c>message_thread_id</c> (that of the replied-to message), and the
    /// General topic has none.
    /// </summary>
    private static int? ForumTopic(Message message) => message.IsTopicMessage ? message.MessageThreadId : null;

    private static BotChat ToBotChat(Message message) => ToBotChat(message.Chat) with { ThreadId = ForumTopic(message) };

    private static BotChat ToBotChat(Chat chat) => new(
        chat.Id,
        chat.Type switch
        {
            ChatType.Group => ChatKind.Group,
            ChatType.Supergroup => ChatKind.Supergroup,
            ChatType.Channel => ChatKind.Channel,
            _ => ChatKind.Private,
        },
        // Groups and channels keep a name for operators; private chats keep none (no personal data).
        chat.Type == ChatType.Private ? null : chat.Username is { } name ? "@" + name : chat.Title);
}
