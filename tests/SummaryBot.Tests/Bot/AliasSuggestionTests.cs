using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Tests.Fakes.Telegram;
using Telegram.Bot.Types.Enums;
using SummaryBot.Core.Bot;

namespace SummaryBot.Tests.Bot;

/// <summary>
/// Aliases proposed at subscribe time (by Azure OpenAI in production, a stand-in here): shown with a
/// button, matched only once accepted, kept with the chat's topics.
/// </summary>
public sealed class AliasSuggestionTests : IDisposable
{
    private const long UserId = 701;

    private const string PmcArticle = """
        PMC Wagner fighters leave bases in Mali

        Fighters of PMC Wagner began leaving two bases in central Mali this week, according to residents and local officials. The mercenary force had been deployed there since 2021 and its departure leaves the army to hold the area alone.

        Residents of the town said convoys of trucks moved north on Monday and Tuesday, and the officials said a Russian-run unit would take over some of the force's tasks.
        """;

    private readonly StubAliasSuggester _suggester = new();
    private readonly TelegramTestHost _host;

    public AliasSuggestionTests()
    {
        _suggester.Answers["Wagner Group"] = ["PMC Wagner", "wagner group", "Wagner PMC", "  "];
        _host = new TelegramTestHost(configure: services => services.AddSingleton<IAliasSuggester>(_suggester));
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Subscribe_UnknownEntity_ShowsSuggestionsThatMatchOnlyOnceAccepted()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe Wagner Group"));

        var reply = _host.Server.Calls("sendMessage").Last();
        Assert.Contains("PMC Wagner, Wagner PMC", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wagner group", reply.Text, StringComparison.Ordinal); // The topic's own name is not news.
        var button = reply.Body["reply_markup"]!["inline_keyboard"]![0]![0]!;
        Assert.Equal(BotCommandHandler.AcceptAliasesPrefix + TopicKey.For("Wagner Group"), button["callback_data"]!.GetValue<string>());
        var before = await _host.DropAsync("before.txt", PmcArticle);
        Assert.Empty(before.Matches!);

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, button["callback_data"]!.GetValue<string>()));
        var after = await _host.DropAsync("after.txt", PmcArticle.Replace("this week", "on Friday", StringComparison.Ordinal));

        var answer = Assert.Single(_host.Server.Calls("answerCallbackQuery"));
        Assert.Contains("Wagner Group now also matches PMC Wagner, Wagner PMC", answer.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var match = Assert.Single(after.Matches!);
        Assert.Equal("Wagner Group", match.Topic);
        Assert.Contains("PMC Wagner", match.Evidence);
        var chat = await _host.Subscriptions.GetChatAsync(UserId);
        Assert.Null(chat!.SuggestedAliases);
        Assert.Equal(["PMC Wagner", "Wagner PMC"], chat.Aliases!["Wagner Group"]["Wagner Group"]);

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/topics"));
        Assert.Contains("PMC Wagner", _host.LastReplyTo(UserId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptButton_PressedTwice_SaysTheSuggestionsAreGone()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe Wagner Group"));
        var data = BotCommandHandler.AcceptAliasesPrefix + TopicKey.For("Wagner Group");

        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, data));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, data));

        var answers = _host.Server.Calls("answerCallbackQuery").Select(c => c.Body["text"]!.GetValue<string>()).ToList();
        Assert.Contains("now also matches", answers[0], StringComparison.Ordinal);
        Assert.Contains("no longer waiting", answers[1], StringComparison.Ordinal);
        Assert.Equal(["PMC Wagner", "Wagner PMC"], (await _host.Subscriptions.GetChatAsync(UserId))!.Aliases!["Wagner Group"]["Wagner Group"]);
    }

    [Fact]
    public async Task Subscribe_GazetteerEntity_AsksForNothing()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe Russia–North Korea"));

        Assert.Empty(_suggester.Asked);
        Assert.Null(_host.Server.Calls("sendMessage").Last().Body["reply_markup"]);
    }

    [Fact]
    public async Task Subscribe_NoSuggestions_PlainReplyAndNothingStored()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe \"lighthouse keepers\""));

        Assert.Equal(["lighthouse keepers"], _suggester.Asked);
        Assert.Null(_host.Server.Calls("sendMessage").Last().Body["reply_markup"]);
        Assert.Null((await _host.Subscriptions.GetChatAsync(UserId))!.SuggestedAliases);
    }

    [Fact]
    public async Task Unsubscribe_RemovesTheTopicsAliases()
    {
        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/subscribe Wagner Group"));
        await _host.HandleAsync(TelegramUpdates.Callback(UserId, UserId, BotCommandHandler.AcceptAliasesPrefix + TopicKey.For("Wagner Group")));

        await _host.HandleAsync(TelegramUpdates.Private(UserId, "/unsubscribe Wagner Group"));

        var chat = await _host.Subscriptions.GetChatAsync(UserId);
        Assert.Empty(chat!.Topics);
        Assert.Null(chat.Aliases);
    }

    [Fact]
    public async Task AcceptButton_GroupNonAdmin_IsRefused()
    {
        const long group = -1007001;
        await _host.HandleAsync(TelegramUpdates.AnonymousAdmin(group, "/subscribe Wagner Group"));

        await _host.HandleAsync(TelegramUpdates.Callback(group, UserId, BotCommandHandler.AcceptAliasesPrefix + TopicKey.For("Wagner Group"), ChatType.Supergroup));

        Assert.Contains("Only administrators", Assert.Single(_host.Server.Calls("answerCallbackQuery")).Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var chat = await _host.Subscriptions.GetChatAsync(group);
        Assert.Null(chat!.Aliases);
        Assert.NotNull(chat.SuggestedAliases);
        Assert.Equal(group.ToString(CultureInfo.InvariantCulture), _host.Server.Calls("sendMessage").Last().ChatId);
    }

    private sealed class StubAliasSuggester : IAliasSuggester
    {
        public Dictionary<string, IReadOnlyList<string>> Answers { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Asked { get; } = new();

        public Task<IReadOnlyList<string>> SuggestAliasesAsync(string entity, CancellationToken cancellationToken = default)
        {
            Asked.Enqueue(entity);
            return Task.FromResult(Answers.GetValueOrDefault(entity) ?? []);
        }
    }
}
