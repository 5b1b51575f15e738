using System.Text.Json;
using Microsoft.Extensions.Logging.Testing;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.AzureOpenAI;
using SummaryBot.Tests.Fakes.AzureOpenAI;

namespace SummaryBot.Tests.AzureOpenAI;

/// <summary>The real SDK client against the loopback Azure OpenAI server.</summary>
public sealed class AzureOpenAISummarizerTests : IDisposable
{
    private readonly FakeAzureOpenAIServer _server = new();
    private readonly FallbackSummarizerStub _fallback = new();
    private readonly FakeLogger<AzureOpenAISummarizer> _logger = new();

    public void Dispose() => _server.Dispose();

    private AzureOpenAISummarizer Summarizer(Action<AzureOpenAIOptions>? configure = null, TimeProvider? timeProvider = null) =>
        AzureOpenAITestSummarizers.Create(_server, _fallback, _logger, configure, timeProvider);

    [Fact]
    public async Task SummarizeAsync_ValidReply_ReturnsModelSummaryFromOneCall()
    {
        _server.Enqueue(FakeReply.Summary(
            "Northport council approves harbour bridge",
            "The Northport city council voted on Tuesday to build a new harbour bridge. Construction starts in March and will cost 240 million euros."));

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.Equal("Northport council approves harbour bridge", summary.Headline);
        Assert.StartsWith("The Northport city council voted", summary.Text, StringComparison.Ordinal);
        Assert.Equal(1, _server.ChatCompletionCount);
        Assert.Equal(0, _fallback.Calls);
    }

    [Fact]
    public async Task SummarizeAsync_AnyArticle_SendsWhatAzureExpects()
    {
        await Summarizer().SummarizeAsync(TestArticles.Harbour());

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/openai/deployments/{FakeAzureOpenAIServer.Deployment}/chat/completions", request.Path);
        Assert.Equal("2024-10-21", request.ApiVersion);
        Assert.Equal(FakeAzureOpenAIServer.ApiKey, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));

        using var body = JsonDocument.Parse(request.Body);
        var format = body.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Contains("untrusted data", request.MessageText("system"), StringComparison.Ordinal);
        Assert.StartsWith("City council approves new harbour bridge\n\nThe city council of Northport", request.ArticleBlock(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeAsync_ThreeArticles_MakesExactlyOneCallEach()
    {
        var summarizer = Summarizer();

        for (var i = 1; i <= 3; i++)
        {
            await summarizer.SummarizeAsync(TestArticles.Harbour());
            Assert.Equal(i, _server.ChatCompletionCount);
        }
    }

    [Fact]
    public async Task SummarizeAsync_SeedArticle_AcceptsGroundedEchoSummary()
    {
        var seed = TestArticles.Seed("000_09975875220c8e60.txt");
        Assert.NotNull(seed);

        var summary = await Summarizer().SummarizeAsync(seed);

        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.Equal(seed.Title, summary.Headline);
        Assert.Equal(1, _server.ChatCompletionCount);
    }

    [Fact]
    public async Task SummarizeAsync_ServerErrorEveryTime_RetriesThenFallsBack()
    {
        _server.DefaultReply = _ => FakeReply.ServerError();

        var summary = await Summarizer(o => o.MaxRetries = 2).SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Equal(3, _server.ChatCompletionCount);
        Assert.Contains(_logger.Collector.GetSnapshot(), e => e.Message.Contains("HTTP 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SummarizeAsync_ServerErrorOnce_RetriesAndUsesModel()
    {
        _server.Enqueue(FakeReply.ServerError());

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.Equal(2, _server.ChatCompletionCount);
    }

    [Fact]
    public async Task SummarizeAsync_TooManyRequestsBeyondBudget_FallsBack()
    {
        _server.DefaultReply = _ => FakeReply.TooManyRequests(TimeSpan.FromMilliseconds(20));

        var summary = await Summarizer(o => o.MaxRetries = 2).SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Equal(3, _server.ChatCompletionCount);
        Assert.Contains(_logger.Collector.GetSnapshot(), e => e.Message.Contains("HTTP 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SummarizeAsync_TooManyRequestsWithRetryAfter_WaitsThatLongThenSucceeds()
    {
        var clock = new InstantTimeProvider();
        _server.Enqueue(FakeReply.TooManyRequestsSeconds(7));

        var summary = await Summarizer(timeProvider: clock).SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.Equal(2, _server.ChatCompletionCount);
        Assert.Contains(TimeSpan.FromSeconds(7), clock.Waits);
    }

    [Fact]
    public async Task SummarizeAsync_RetryAfterLongerThanAllowed_FallsBackWithoutWaiting()
    {
        var clock = new InstantTimeProvider();
        _server.Enqueue(FakeReply.TooManyRequestsSeconds(120));

        var summary = await Summarizer(o => o.MaxRetryAfter = TimeSpan.FromSeconds(30), clock).SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Equal(1, _server.ChatCompletionCount);
        Assert.DoesNotContain(TimeSpan.FromSeconds(120), clock.Waits);
    }

    [Fact]
    public async Task SummarizeAsync_ServerTooSlow_TimesOutRetriesAndFallsBack()
    {
        _server.DefaultReply = r => FakeAzureOpenAIServer.EchoSummary(r).After(TimeSpan.FromSeconds(30));

        var summary = await Summarizer(o => o.Timeout = TimeSpan.FromMilliseconds(300)).SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Equal(2, _server.ChatCompletionCount);
        Assert.Contains(_logger.Collector.GetSnapshot(), e => e.Message.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SummarizeAsync_PromptContentFilter_FallsBackWithoutRetry()
    {
        _server.Enqueue(FakeReply.PromptContentFilter());

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Equal(1, _server.ChatCompletionCount);
        Assert.Contains(_logger.Collector.GetSnapshot(), e => e.Message.Contains("content filter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SummarizeAsync_FinishReasonContentFilter_FallsBack()
    {
        _server.Enqueue(FakeReply.Completion("", finishReason: "content_filter"));

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Contains(_logger.Collector.GetSnapshot(), e => e.Message.Contains("finish_reason content_filter", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[\"headline\", \"summary\"]")]
    [InlineData("{\"title\": \"Bridge approved\", \"text\": \"The council voted.\"}")]
    [InlineData("{\"headline\": \"\", \"summary\": \"\"}")]
    [InlineData("{\"headline\": 42, \"summary\": \"The council voted.\"}")]
    public async Task SummarizeAsync_MalformedReply_FallsBack(string reply)
    {
        _server.Enqueue(FakeReply.Completion(reply));

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Equal(1, _fallback.Calls);
        Assert.Contains(_logger.Collector.GetSnapshot(), e => e.Message.Contains("rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SummarizeAsync_OverlongSummary_IsCutAtAWordAndKept()
    {
        var longText = string.Join(", ", Enumerable.Repeat("the city council of Northport voted to build a new bridge", 10)) + ".";
        _server.Enqueue(FakeReply.Summary("Council approves bridge", longText));

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.InRange(summary.Text.Length, 1, ModelSummaryCheck.MaxTextLength);
        Assert.StartsWith(summary.Text[..^1], longText, StringComparison.Ordinal);
        Assert.Equal(0, _fallback.Calls);
    }

    [Fact]
    public async Task SummarizeAsync_OverlongSummaryOfSentences_KeepsTheWholeSentencesThatFit()
    {
        var first = "The Northport city council voted on Tuesday to build a new harbour bridge, ending two years of debate over the project, and Mayor Elena Ruiz said construction would start in March.";
        var second = "The bridge will carry two traffic lanes, a tram line and a cycle path across the harbour, and the project is expected to cost 240 million euros, most of it paid by the regional government.";
        var third = "Construction will take about three years, the mayor said, and the ferry service across the harbour will stop once the bridge opens.";
        _server.Enqueue(FakeReply.Summary("Council approves bridge", $"{first} {second} {third}"));

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.Equal($"{first} {second}", summary.Text);
    }

    [Fact]
    public async Task SummarizeAsync_OverlongHeadline_IsShortenedAndKept()
    {
        var headline = "Northport city council approves new harbour bridge after two years of debate, with construction to start in March and a cost of 240 million euros paid mostly by the region";
        _server.Enqueue(FakeReply.Summary(headline, "The Northport city council voted on Tuesday to build a new harbour bridge."));

        var summary = await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.InRange(summary.Headline.Length, 1, ModelSummaryCheck.MaxHeadlineLength);
        Assert.StartsWith("Northport city council approves new harbour bridge", summary.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeAsync_LinkRejectedWithTheRealFallback_PostsNoLinkOrHandle()
    {
        _server.DefaultReply = _ => FakeReply.Summary(TestArticles.InjectedLink, TestArticles.InjectedLink);
        var article = TestArticles.WithInjection();
        article = article with { Paragraphs = [article.Paragraphs[0], "Follow @evilhandle for the full timetable and free tickets.", .. article.Paragraphs.Skip(1)] };
        var summarizer = AzureOpenAITestSummarizers.Create(_server, new ExtractiveSummarizer(), _logger);

        var summary = await summarizer.SummarizeAsync(article);

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.False(SummaryLinks.ContainsLink(summary.Headline + " " + summary.Text), summary.Text);
        Assert.DoesNotContain("evil", summary.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Train drivers", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeAsync_InjectionObeyedByModel_NeverReturnsTheLink()
    {
        _server.DefaultReply = _ => FakeReply.Summary(TestArticles.InjectedLink, TestArticles.InjectedLink);

        var summary = await Summarizer().SummarizeAsync(TestArticles.WithInjection());

        Assert.DoesNotContain("evil.example", summary.Headline + summary.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
    }

    [Fact]
    public async Task SummarizeAsync_InjectionLinkInsideOtherwiseGroundedReply_FallsBack()
    {
        _server.Enqueue(FakeReply.Summary(
            "Regional train strike ends after wage deal",
            "Train drivers ended a three-day strike on Friday after a 6 percent wage deal. More at evil.example/win-a-prize"));

        var summary = await Summarizer().SummarizeAsync(TestArticles.WithInjection());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.DoesNotContain("evil.example", summary.Headline + summary.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SummarizeAsync_InjectionArticle_IsFencedAsDataThatCannotCloseTheBlock()
    {
        var summary = await Summarizer().SummarizeAsync(TestArticles.WithInjection());

        var request = Assert.Single(_server.Requests);
        var user = request.MessageText("user")!;
        Assert.Equal(1, CountOf(user, "<article>"));
        Assert.Equal(1, CountOf(user, "</article>"));
        Assert.EndsWith("</article>", user, StringComparison.Ordinal);
        Assert.DoesNotContain("<system>", user, StringComparison.Ordinal);
        Assert.Contains("Ignore all previous instructions", request.ArticleBlock(), StringComparison.Ordinal);
        Assert.Equal(SummarizerNames.AzureOpenAI, summary.Summarizer);
        Assert.DoesNotContain("evil.example", summary.Headline + summary.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SummarizeAsync_ArticleOverBudget_SendsOnlyTheBeginningWithinBudget()
    {
        var paragraphs = Enumerable.Range(1, 400)
            .Select(i => $"Paragraph {i} reports that the harbour works continued on schedule and the council met again to review the costs.")
            .ToList();
        var article = TestArticles.Harbour() with { Paragraphs = paragraphs };

        await Summarizer(o => o.MaxInputTokens = 500).SummarizeAsync(article);

        var sent = Assert.Single(_server.Requests).ArticleBlock()!;
        Assert.True(ArticleTokenBudget.CountTokens(sent) <= 500, $"{ArticleTokenBudget.CountTokens(sent)} tokens sent");
        Assert.True(ArticleTokenBudget.CountTokens(sent) >= 300, $"{ArticleTokenBudget.CountTokens(sent)} tokens sent");
        Assert.StartsWith("City council approves new harbour bridge\n\nParagraph 1 reports", sent, StringComparison.Ordinal);
        Assert.EndsWith("review the costs.", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Paragraph 400 ", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeAsync_Fallback_NeverLogsTheKey()
    {
        _server.DefaultReply = _ => FakeReply.ServerError();

        await Summarizer().SummarizeAsync(TestArticles.Harbour());

        Assert.NotEmpty(_logger.Collector.GetSnapshot());
        Assert.All(_logger.Collector.GetSnapshot(), e => Assert.DoesNotContain(FakeAzureOpenAIServer.ApiKey, e.Message + e.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SummarizeAsync_WrongKey_FallsBack()
    {
        var summary = await AzureOpenAITestSummarizers.Create(_server, _fallback, _logger, o => o.ApiKey = "wrong-key")
            .SummarizeAsync(TestArticles.Harbour());

        Assert.Equal(SummarizerNames.Extractive, summary.Summarizer);
        Assert.Contains(_logger.Collector.GetSnapshot(), e => e.Message.Contains("HTTP 401", StringComparison.Ordinal));
        Assert.All(_logger.Collector.GetSnapshot(), e => Assert.DoesNotContain("wrong-key", e.Message + e.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SummarizeAsync_CallerCancels_Throws()
    {
        _server.DefaultReply = r => FakeAzureOpenAIServer.EchoSummary(r).After(TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Summarizer().SummarizeAsync(TestArticles.Harbour(), cts.Token));
        Assert.Equal(0, _fallback.Calls);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
