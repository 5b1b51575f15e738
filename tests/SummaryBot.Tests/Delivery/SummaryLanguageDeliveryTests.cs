using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.AzureOpenAI;
using SummaryBot.Tests.Fakes.Telegram;
using ModelReply = SummaryBot.Tests.Fakes.AzureOpenAI.FakeReply;
using ModelRequest = SummaryBot.Tests.Fakes.AzureOpenAI.RecordedRequest;

namespace SummaryBot.Tests.Delivery;

/// <summary>
/// Summaries in each chat's language, end to end: subscriptions and languages set with real updates,
/// articles through the pipeline, summaries from the loopback Azure OpenAI server, alerts through the
/// real client to the loopback Bot API.
/// </summary>
public sealed partial class SummaryLanguageDeliveryTests : IAsyncDisposable
{
    private const long German1 = 801;
    private const long French = 802;
    private const long German2 = 803;
    private const long Original = 804;
    private const long Japanese = 805;
    private const long GermanLate = 806;
    private readonly FakeAzureOpenAIServer _model = new();
    private readonly TelegramTestHost _host;

    public SummaryLanguageDeliveryTests()
    {
        _model.DefaultReply = TranslateOrSummarize;
        _host = new TelegramTestHost(_model.Configuration());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Pipeline_ChatsWithTwoLanguages_ExactlyTwoModelCallsForOneStoryAndNoneForALanguageAlreadyMade()
    {
        await SubscribeAsync(German1, "de");
        await SubscribeAsync(French, "fr");
        await SubscribeAsync(German2, "de");
        await SubscribeAsync(Original, null);

        await DropAndSendAsync("a1.txt", ZanzibarArticles.First);

        Assert.Equal(1, TranslationCalls("de"));
        Assert.Equal(1, TranslationCalls("fr"));
        Assert.Equal(2, TranslationCalls());
        Assert.StartsWith("<b>[de] Ferry capsizes off Zanzibar coast</b>\n[de] ", Alert(German1), StringComparison.Ordinal);
        Assert.StartsWith("<b>[de] Ferry capsizes off Zanzibar coast</b>\n[de] ", Alert(German2), StringComparison.Ordinal);
        Assert.StartsWith("<b>[fr] Ferry capsizes off Zanzibar coast</b>\n[fr] ", Alert(French), StringComparison.Ordinal);
        Assert.StartsWith("<b>Ferry capsizes off Zanzibar coast</b>\n", Alert(Original), StringComparison.Ordinal);

        // A chat that reads a language already made, and another report of the story: no model call.
        await SubscribeAsync(GermanLate, "de");
        var callsBefore = _model.ChatCompletionCount;
        await DropAndSendAsync("a2.txt", ZanzibarArticles.Second);

        Assert.Equal(2, TranslationCalls());
        Assert.StartsWith("<b>[de] Ferry capsizes off Zanzibar coast</b>", Alert(GermanLate), StringComparison.Ordinal);
        var edits = _host.Server.Calls("editMessageText").ToList();
        Assert.Contains(edits, e => e.ChatId == Id(German1) && e.Text!.StartsWith("<b>[de] ", StringComparison.Ordinal));
        Assert.Contains(edits, e => e.ChatId == Id(French) && e.Text!.StartsWith("<b>[fr] ", StringComparison.Ordinal));
        Assert.Equal(callsBefore, _model.ChatCompletionCount); // The second report joined the story: no summary, no translation.
    }

    [Fact]
    public async Task Pipeline_ModelFailsOnALanguage_AlertGoesOutWithTheStorySummaryAndANote()
    {
        await SubscribeAsync(Japanese, "ja"); // The loopback model answers in Latin letters: the check refuses it.
        await SubscribeAsync(German1, "de");

        await DropAndSendAsync("a1.txt", ZanzibarArticles.First);

        var alert = Alert(Japanese);
        Assert.StartsWith("<b>Ferry capsizes off Zanzibar coast</b>\n", alert, StringComparison.Ordinal);
        Assert.Contains("<i>Summary in the article's language: the AI model could not write it in Japanese.</i>", alert, StringComparison.Ordinal);
        Assert.StartsWith("<b>[de] ", Alert(German1), StringComparison.Ordinal);
        Assert.Equal(1, TranslationCalls("ja"));
        Assert.Contains(_host.LogLines, l => l.Contains("not made", StringComparison.Ordinal) && l.Contains("script", StringComparison.Ordinal));
    }

    private async Task SubscribeAsync(long chatId, string? language)
    {
        await _host.HandleAsync(TelegramUpdates.Private(chatId, "/subscribe Zanzibar"));
        if (language is not null)
        {
            await _host.HandleAsync(TelegramUpdates.Private(chatId, "/language " + language));
            Assert.Equal(language, (await _host.Subscriptions.GetChatAsync(chatId))!.SummaryLanguage);
        }
    }

    private async Task DropAndSendAsync(string name, string text)
    {
        await _host.DropAsync(name, text);
        // Jobs that found another's translation in progress come back after a short wait.
        await _host.Sender.SendUntilEmptyAsync(_host.Services.GetRequiredService<IDeliveryQueue>(), TimeSpan.FromSeconds(30));
    }

    /// <summary>The alert the chat received (the last message that is not a reply to a command).</summary>
    private string Alert(long chatId) =>
        _host.Server.Delivered().Last(r => r.ChatId == Id(chatId) && r.Body["reply_parameters"] is null).Text!;

    private int TranslationCalls(string? code = null) =>
        _model.Requests.Count(r => r.IsChatCompletion && LanguageOf(r) is { } tag && (code is null || tag == code));

    private static string Id(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);

    private static string? LanguageOf(ModelRequest request)
    {
        var system = request.MessageText("system") ?? string.Empty;
        return system.StartsWith("You translate", StringComparison.Ordinal) ? LanguageTag().Match(system).Groups["tag"].Value : null;
    }

    /// <summary>A translation is the original marked with its language tag; anything else is summarized as usual.</summary>
    private static ModelReply TranslateOrSummarize(ModelRequest request)
    {
        if (LanguageOf(request) is not { } tag)
        {
            return FakeAzureOpenAIServer.EchoSummary(request);
        }

        var user = request.MessageText("user")!;
        var block = user[(user.IndexOf("<summary>\n", StringComparison.Ordinal) + "<summary>\n".Length)..user.LastIndexOf("\n</summary>", StringComparison.Ordinal)];
        var parts = block.Split("\n\n", 2);
        return ModelReply.Summary($"[{tag}] {parts[0]}", $"[{tag}] {parts[1]}");
    }

    [GeneratedRegex(@"language tag (?<tag>[a-z]{2})\)")]
    private static partial Regex LanguageTag();
}
