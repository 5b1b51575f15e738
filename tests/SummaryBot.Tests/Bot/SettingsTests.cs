using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SummaryBot.Core.Bot;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes.AzureOpenAI;
using SummaryBot.Tests.Fakes.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SummaryBot.Tests.Bot;

/// <summary>
/// The <c>/settings</c> panel through real updates, the real client and the loopback Bot API: the
/// inline keyboard, presses that change a setting and edit the panel in place, who may press, stale
/// and forged buttons, typed values, and escaping.
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private const long UserId = 701;
    private const long GroupId = -1007001;
    private const long ChannelId = -1007999;
    private readonly TelegramTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Settings_PrivateChat_AnswersWithInlineKeyboard()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/settings"));

        var reply = Assert.Single(_host.Server.Calls("sendMessage"));
        Assert.Equal("html", reply.Body["parse_mode"]?.ToString(), ignoreCase: true);
        Assert.Contains("<b>Settings</b>", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Delivery: instant", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Quiet hours: off", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Link previews: on", reply.Text, StringComparison.Ordinal);
        var buttons = Buttons(reply.Body["reply_markup"]!.AsObject());
        Assert.Contains(buttons, b => b.Text == "✓ Instant alerts" && b.Data == "s1:m:i");
        Assert.Contains(buttons, b => b.Text == "Digest" && b.Data == "s1:m:d");
        Assert.Contains(buttons, b => b.Text == "Summary language…" && b.Data == "s1:v:l");
        Assert.All(buttons, b => Assert.StartsWith(SettingsCallbackData.Prefix, b.Data, StringComparison.Ordinal));
        // Several buttons share a row: the panel is a keyboard, not a list.
        Assert.Contains(reply.Body["reply_markup"]!["inline_keyboard"]!.AsArray(), row => row!.AsArray().Count > 1);
    }

    [Fact]
    public async Task SettingsButton_Press_ChangesSettingAndEditsMessageInPlace()
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "🔔 Silent alerts: off"), messageId: panelId));

        Assert.True((await _host.Subscriptions.GetChatAsync(UserId))!.SilentAlerts);
        var edit = Assert.Single(_host.Server.Calls("editMessageText"));
        Assert.Equal(panelId, edit.Body["message_id"]!.GetValue<int>());
        Assert.Contains("Silent alerts: on", _host.Server.TextOf(UserId, panelId), StringComparison.Ordinal);
        Assert.Contains(Buttons(_host.Server.KeyboardOf(UserId, panelId)!), b => b.Text == "🔕 Silent alerts: on" && b.Data == "s1:sa:0");
        var answer = Assert.Single(_host.Server.Calls("answerCallbackQuery"));
        Assert.Equal("Alerts come without sound.", answer.Body["text"]!.GetValue<string>());
        Assert.Single(_host.Server.Calls("sendMessage")); // Edited in place: no second message.
    }

    [Fact]
    public async Task SettingsButton_PressedTwice_ChangesNothingMoreAndIsAnsweredBothTimes()
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));
        var data = Data(UserId, panelId, "Link previews: on");

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, data, messageId: panelId));
        var afterFirst = (await _host.Subscriptions.GetChatAsync(UserId))!;
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, data, messageId: panelId));

        var afterSecond = (await _host.Subscriptions.GetChatAsync(UserId))!;
        Assert.False(afterSecond.LinkPreviews);
        Assert.Equal(afterFirst.UpdatedAt, afterSecond.UpdatedAt); // The second press wrote nothing.
        Assert.Equal(2, _host.Server.Calls("answerCallbackQuery").Count());
        Assert.Contains("Link previews: off", _host.Server.TextOf(UserId, panelId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsButton_Screens_NavigateInPlaceAndSetDigestMode()
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "Digest"), messageId: panelId));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "Digest times…"), messageId: panelId));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "18:00"), messageId: panelId));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "✓ 08:00"), messageId: panelId));

        var chat = (await _host.Subscriptions.GetChatAsync(UserId))!;
        Assert.Equal(DeliveryMode.Digest, chat.Mode);
        Assert.Equal(["18:00"], chat.DigestTimes);
        Assert.Contains("Delivery: a digest at 18:00", _host.Server.TextOf(UserId, panelId), StringComparison.Ordinal);
        Assert.Contains(Buttons(_host.Server.KeyboardOf(UserId, panelId)!), b => b.Text == "✓ 18:00");

        // The last time cannot go: a digest needs one. The press is answered and changes nothing.
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "✓ 18:00"), messageId: panelId));
        Assert.Equal(["18:00"], (await _host.Subscriptions.GetChatAsync(UserId))!.DigestTimes);
        Assert.Contains("at least one time", _host.Server.Calls("answerCallbackQuery").Last().Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, _host.Server.Calls("answerCallbackQuery").Count());
        Assert.Single(_host.Server.Calls("sendMessage"));
    }

    [Fact]
    public async Task SettingsButton_QuietHours_TurnOnMoveAndHold()
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "Quiet hours…"), messageId: panelId));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "On"), messageId: panelId));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "from 23:00"), messageId: panelId));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "Hold until they end"), messageId: panelId));

        Assert.Equal(new QuietHours("23:00", "07:00", QuietHoursAction.Hold), (await _host.Subscriptions.GetChatAsync(UserId))!.QuietHours);
        Assert.Contains("Quiet hours: 23:00–07:00, alerts held until they end", _host.Server.TextOf(UserId, panelId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsButton_Done_RemovesTheKeyboardWithEditMessageReplyMarkup()
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "Done"), messageId: panelId));

        var edit = Assert.Single(_host.Server.Calls("editMessageReplyMarkup"));
        Assert.Equal(200, edit.Status);
        Assert.Null(_host.Server.KeyboardOf(UserId, panelId));
        Assert.Equal("Settings saved.", Assert.Single(_host.Server.Calls("answerCallbackQuery")).Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task SettingsButton_GroupNonAdmin_IsRefusedAndNothingChanges()
    {
        var panelId = await OpenPanelAsync(GroupId, TelegramUpdates.Group(GroupId, UserId, "/settings"));
        var data = Data(GroupId, panelId, "🔔 Silent alerts: off");

        await _host.HandleAsync(TelegramUpdates.Callback(GroupId, UserId, data, ChatType.Supergroup, panelId));

        Assert.Null(await _host.Subscriptions.GetChatAsync(GroupId));
        var answer = Assert.Single(_host.Server.Calls("answerCallbackQuery"));
        Assert.True(answer.Body["show_alert"]!.GetValue<bool>());
        Assert.Contains("Only administrators", answer.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_host.Server.Calls("editMessageText"));
        Assert.Contains("Silent alerts: off", _host.Server.TextOf(GroupId, panelId), StringComparison.Ordinal);

        // The same press by an administrator goes through.
        _host.Server.Members[(GroupId, UserId)] = new ChatMemberAdministrator { User = new User { Id = UserId, FirstName = "Admin" } };
        await _host.HandleAsync(TelegramUpdates.Callback(GroupId, UserId, data, ChatType.Supergroup, panelId));
        Assert.True((await _host.Subscriptions.GetChatAsync(GroupId))!.SilentAlerts);
        Assert.Contains("Silent alerts: on", _host.Server.TextOf(GroupId, panelId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsCommandsThatChange_GroupNonAdmin_AreRefused()
    {
        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/quiet 22:00-07:00"));
        await _host.HandleAsync(TelegramUpdates.Group(GroupId, UserId, "/language de"));

        Assert.Null(await _host.Subscriptions.GetChatAsync(GroupId));
        Assert.All(_host.Server.Calls("sendMessage"), r => Assert.Contains("Only administrators", r.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("s0:sa:1")] // An older version of the scheme.
    [InlineData("s2:sa:1")] // A newer one.
    [InlineData("s1:zz:1")] // An action this version does not know.
    [InlineData("s1:sa:2")] // A value out of range.
    [InlineData("s1:sa")] // A value missing.
    [InlineData("s1:t+:2460")] // Not a time of day.
    [InlineData("s1:l:xx")] // Not a language.
    [InlineData("s1:v:w")] // Not a screen.
    [InlineData("s1:sa:1@42")] // A "channel" with a positive id.
    [InlineData("s1:sa:1@-100@-200")] // Two targets.
    [InlineData("s1:z:Europe/Berlin;drop")] // Characters no value has.
    public async Task SettingsButton_StaleOrForgedData_IsAnsweredPolitelyAndChangesNothing(string data)
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, data, messageId: panelId));

        var answer = Assert.Single(_host.Server.Calls("answerCallbackQuery"));
        Assert.Equal("This settings button is out of date. Send /settings for a new panel.", answer.Body["text"]!.GetValue<string>());
        Assert.Null(await _host.Subscriptions.GetChatAsync(UserId));
        Assert.Empty(_host.Server.Calls("editMessageText"));
    }

    [Fact]
    public async Task SettingsButton_ChannelTargetPressedInAGroup_IsRefusedAsForged()
    {
        _host.Server.Members[(GroupId, UserId)] = new ChatMemberAdministrator { User = new User { Id = UserId, FirstName = "Admin" } };
        _host.Server.Members[(ChannelId, UserId)] = new ChatMemberAdministrator { User = new User { Id = UserId, FirstName = "Admin" } };

        await _host.HandleAsync(TelegramUpdates.Callback(GroupId, UserId, "s1:sa:1@" + ChannelId.ToString(CultureInfo.InvariantCulture), ChatType.Supergroup));

        Assert.Null(await _host.Subscriptions.GetChatAsync(ChannelId));
        Assert.Null(await _host.Subscriptions.GetChatAsync(GroupId));
        Assert.Contains("out of date", Assert.Single(_host.Server.Calls("answerCallbackQuery")).Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsButton_PanelTooOldToEdit_SendsANewPanel()
    {
        // Telegram refuses to edit a message it no longer has (message id 999 was never sent here).
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, "s1:lp:0", messageId: 999));

        Assert.False((await _host.Subscriptions.GetChatAsync(UserId))!.LinkPreviews);
        var panel = Assert.Single(_host.Server.Delivered());
        Assert.Contains("Link previews: off", panel.Text, StringComparison.Ordinal);
        Assert.NotNull(panel.Body["reply_markup"]!["inline_keyboard"]);
        Assert.Single(_host.Server.Calls("answerCallbackQuery"));
    }

    [Fact]
    public async Task SettingsPrompt_TypedTimeZone_IsStoredAndAnsweredWithThePanel()
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, "s1:v:z", messageId: panelId));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "Type a time zone…"), messageId: panelId));

        var prompt = _host.Server.Delivered()[^1];
        Assert.True(prompt.Body["reply_markup"]!["force_reply"]!.GetValue<bool>());
        Assert.Equal(panelId, prompt.Body["reply_parameters"]!["message_id"]!.GetValue<int>()); // In a forum, the panel's topic.
        var promptText = prompt.Text!.Replace("<code>", string.Empty, StringComparison.Ordinal).Replace("</code>", string.Empty, StringComparison.Ordinal);
        await _host.HandleAsync(TelegramUpdates.ReplyToBot(UserId, UserId, _host.Server.LastMessageId(UserId), promptText, "america/new_york"));

        Assert.Equal("America/New_York", (await _host.Subscriptions.GetChatAsync(UserId))!.TimeZone);
        var reply = _host.LastReplyTo(UserId);
        Assert.StartsWith("Saved.", reply, StringComparison.Ordinal);
        Assert.Contains("Time zone: America/New_York", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsPrompt_TypedQuietHoursInAGroupByNonAdmin_IsRefused()
    {
        var prompt = ChatSettings.Prompt(SettingsPrompt.QuietHours, null, null).Html.Replace("<code>", string.Empty, StringComparison.Ordinal).Replace("</code>", string.Empty, StringComparison.Ordinal);

        await _host.HandleAsync(TelegramUpdates.ReplyToBot(GroupId, UserId, 5, prompt, "22:00-07:00", ChatType.Supergroup));

        Assert.Null(await _host.Subscriptions.GetChatAsync(GroupId));
        Assert.Contains("Only administrators", _host.LastReplyTo(GroupId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsPrompt_TypedValueWithMarkup_IsEscapedInTheError()
    {
        var prompt = ChatSettings.Prompt(SettingsPrompt.TimeZone, null, null).Html.Replace("<code>", string.Empty, StringComparison.Ordinal).Replace("</code>", string.Empty, StringComparison.Ordinal);

        await _host.HandleAsync(TelegramUpdates.ReplyToBot(UserId, UserId, 5, prompt, "<b>Mars</b>&Co"));

        var reply = _host.LastReplyTo(UserId);
        Assert.DoesNotContain("<b>Mars</b>", reply, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Mars&lt;/b&gt;&amp;Co", reply, StringComparison.Ordinal);
        Assert.Equal("UTC", (await _host.Subscriptions.GetChatAsync(UserId))?.TimeZone ?? "UTC");
    }

    [Fact]
    public async Task Settings_ChannelFromPrivateChat_NamesTheChannelEscapedAndActsOnIt()
    {
        const string title = "News <b>&</b> \"Now\"";
        _host.Server.Chats["@newschan"] = new ChatFullInfo { Id = ChannelId, Type = ChatType.Channel, Title = title, AccentColorId = 0, MaxReactionCount = 0 };
        _host.Server.Members[(ChannelId, UserId)] = new ChatMemberAdministrator { User = new User { Id = UserId, FirstName = "Admin" } };
        _host.Server.Members[(ChannelId, FakeBotApiServer.BotId)] = new ChatMemberAdministrator { User = new User { Id = FakeBotApiServer.BotId, FirstName = "Bot" }, CanPostMessages = true };

        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings @newschan"));

        var text = _host.Server.TextOf(UserId, panelId)!;
        Assert.Contains("<b>News &lt;b&gt;&amp;&lt;/b&gt; &quot;Now&quot;</b>", text, StringComparison.Ordinal);
        Assert.DoesNotContain(title, text, StringComparison.Ordinal);
        var buttons = Buttons(_host.Server.KeyboardOf(UserId, panelId)!);
        Assert.All(buttons, b => Assert.EndsWith("@" + ChannelId.ToString(CultureInfo.InvariantCulture), b.Data, StringComparison.Ordinal));

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, Data(UserId, panelId, "Link previews: on"), messageId: panelId));

        Assert.False((await _host.Subscriptions.GetChatAsync(ChannelId))!.LinkPreviews);
        Assert.Null(await _host.Subscriptions.GetChatAsync(UserId));
    }

    [Fact]
    public async Task OlderCommands_StillWork_AndTheirChangesShowOnThePanel()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/mode digest 07:30,19:00"));
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/timezone Europe/Skopje"));
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/quiet 23:00-06:30 hold"));
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/settings"));

        var panel = _host.LastReplyTo(UserId);
        Assert.Contains("Delivery: a digest at 07:30, 19:00", panel, StringComparison.Ordinal);
        Assert.Contains("Time zone: Europe/Skopje", panel, StringComparison.Ordinal);
        Assert.Contains("Quiet hours: 23:00–06:30, alerts held until they end", panel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_WithoutModel_SettingsSaysSoAndCommandRefuses()
    {
        var panelId = await OpenPanelAsync(UserId, TelegramUpdates.Private(UserId, "/settings"));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, "s1:v:l", messageId: panelId));

        var text = _host.Server.TextOf(UserId, panelId)!;
        Assert.Contains("none is configured", text, StringComparison.Ordinal);
        Assert.Contains("No AI model (Azure OpenAI) is configured", text, StringComparison.Ordinal);
        Assert.Equal(["« Back"], Buttons(_host.Server.KeyboardOf(UserId, panelId)!).Select(b => b.Text));

        // A button from a panel made while a model was configured: refused, politely.
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, "s1:l:de", messageId: panelId));
        Assert.Contains("No AI model", _host.Server.Calls("answerCallbackQuery").Last().Body["text"]!.GetValue<string>(), StringComparison.Ordinal);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/language de"));
        Assert.Contains("none is configured", _host.LastReplyTo(UserId), StringComparison.Ordinal);
        Assert.Null((await _host.Subscriptions.GetChatAsync(UserId))?.SummaryLanguage);
    }

    [Fact]
    public async Task Language_WithModel_PanelListsLanguagesAndPressSetsIt()
    {
        await using var model = new FakeAzureOpenAIServer();
        using var host = new TelegramTestHost(model.Configuration());
        await host.HandleAsync(TelegramUpdates.Private(UserId, "/settings"));
        var panelId = host.Server.LastMessageId(UserId);
        await host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, "s1:v:l", messageId: panelId));

        var buttons = Buttons(host.Server.KeyboardOf(UserId, panelId)!);
        Assert.Contains(buttons, b => b.Text == "✓ As the article" && b.Data == "s1:l:-");
        Assert.Contains(buttons, b => b.Text == "Deutsch" && b.Data == "s1:l:de");

        await host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, "s1:l:de", messageId: panelId));

        Assert.Equal("de", (await host.Subscriptions.GetChatAsync(UserId))!.SummaryLanguage);
        Assert.Contains("Summary language: German (Deutsch)", host.Server.TextOf(UserId, panelId), StringComparison.Ordinal);
        Assert.Equal(0, model.ChatCompletionCount); // Choosing a language calls no model.

        await host.HandleAsync(TelegramUpdates.Private(UserId, "/language off"));
        Assert.Null((await host.Subscriptions.GetChatAsync(UserId))!.SummaryLanguage);
    }

    /// <summary>Sends the command, returns the id of the panel the bot answered with.</summary>
    private async Task<int> OpenPanelAsync(long chatId, Update command)
    {
        await _host.HandleAsync(command);
        var sent = _host.Server.Delivered().Last(r => r.ChatId == chatId.ToString(CultureInfo.InvariantCulture));
        Assert.NotNull(sent.Body["reply_markup"]?["inline_keyboard"]);
        var id = _host.Server.LastMessageId(chatId);
        Assert.Equal(sent.Text, _host.Server.TextOf(chatId, id));
        return id;
    }

    /// <summary>The callback data of the button with this text on the panel as it stands.</summary>
    private string Data(long chatId, int panelId, string text) =>
        Buttons(_host.Server.KeyboardOf(chatId, panelId) ?? throw new InvalidOperationException("The panel has no keyboard."))
            .Single(b => b.Text == text).Data;

    private static List<(string Text, string Data)> Buttons(JsonObject markup)
    {
        var buttons = markup["inline_keyboard"]!.AsArray().SelectMany(row => row!.AsArray())
            .Select(b => (b!["text"]!.GetValue<string>(), b["callback_data"]!.GetValue<string>())).ToList();
        Assert.All(buttons, b => Assert.InRange(Encoding.UTF8.GetByteCount(b.Item2), 1, 64));
        return buttons;
    }
}
