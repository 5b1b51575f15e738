using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.Telegram;
using SummaryBot.Tests.Fixtures;
using SummaryBot.Tests.Pipeline;
using Xunit.Abstractions;

namespace SummaryBot.Tests.Delivery.Outbox;

/// <summary>Two sender instances on one Azure Storage queue and one state container (Azurite), one Bot API server.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class TwoSenderTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task RunPass_SecondSenderClockThreeMinutesAhead_DoesNotSendWhileTheFirstSendIsInFlight()
    {
        // The first sender's request to the chat takes 4 s to be answered. A second sender whose clock
        // runs 3 minutes ahead works the same queue meanwhile: the queue (Azurite's clock) hides the
        // job, and nothing in the ledger compares clocks, so the chat gets one alert.
        await using var server = new FakeBotApiServer();
        var settings = Settings();
        await using var first = new TelegramTestHost(settings, server);
        await using var ahead = new TelegramTestHost(settings, server, s => s.AddSingleton<TimeProvider>(new SkewedClock(TimeSpan.FromMinutes(3))));
        await first.Subscriptions.SubscribeAsync(801, "Zanzibar", ChatKind.Private);
        server.Slow[801] = TimeSpan.FromSeconds(4);
        var staged = await first.Pipeline.ProcessAsync("ferry.txt", BinaryData.FromString(ZanzibarArticles.First));

        var firstPass = first.Sender.RunPassAsync();
        await server.WaitForAsync(r => r.Method == "sendMessage");
        var aheadReceived = 0;
        while (!firstPass.IsCompleted)
        {
            aheadReceived += (await ahead.Sender.RunPassAsync()).Received;
            await Task.Delay(100);
        }

        await firstPass;
        await ahead.Sender.SendUntilEmptyAsync(ahead.Services.GetRequiredService<IDeliveryQueue>());

        Assert.Equal(0, aheadReceived);
        Assert.Single(server.Calls("sendMessage"));
        var result = await ahead.Pipeline.GetResultAsync(staged.Article);
        var delivery = Assert.Single(result!.Deliveries!);
        Assert.Null(delivery.Resent);
        var ledger = await first.Services.GetRequiredService<IObjectStore>().GetJsonAsync<DeliveryRecord>(DeliveryPaths.Delivery(staged.StoryId!, 801));
        Assert.Equal(DeliveryState.Sent, ledger!.Value.State);
    }

    [Fact]
    public async Task SendUntilEmpty_TwoSendersAtOnce_KeepTelegramsLimitsAcrossThem()
    {
        // Three stories for eight chats (two of them groups), sent by two instances at once, each with
        // only its own in-process limiter: the limits shared through the state store keep every chat's
        // messages 1 s apart (as the server received them), and nothing is sent twice or lost.
        await using var server = new FakeBotApiServer();
        var settings = Settings();
        await using var first = new TelegramTestHost(settings, server);
        await using var second = new TelegramTestHost(settings, server);
        long[] chats = [901, 902, 903, 904, 905, 906, -9001, -9002];
        foreach (var chat in chats)
        {
            await first.Subscriptions.SubscribeAsync(chat, "Zanzibar", chat < 0 ? ChatKind.Group : ChatKind.Private);
        }

        string[] articles = [ZanzibarArticles.First, ZanzibarArticles.Storm, Elections];
        var stories = new HashSet<string>();
        for (var i = 0; i < articles.Length; i++)
        {
            stories.Add((await first.Pipeline.ProcessAsync($"a{i}.txt", BinaryData.FromString(articles[i]))).StoryId!);
        }

        var queue = first.Services.GetRequiredService<IDeliveryQueue>();
        await Task.WhenAll(first.Sender.SendUntilEmptyAsync(queue, TimeSpan.FromSeconds(30)), second.Sender.SendUntilEmptyAsync(queue, TimeSpan.FromSeconds(30)));

        var posts = server.Requests.Where(r => r.Method is "sendMessage" or "editMessageText").OrderBy(r => r.ReceivedAt).ToList();
        var minGap = posts.GroupBy(r => r.ChatId)
            .Where(g => g.Count() > 1)
            .Min(g => g.Zip(g.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.ReceivedAt, b.ReceivedAt)).Min());
        output.WriteLine($"{posts.Count} posts for {stories.Count} stories; closest two to one chat {minGap.TotalMilliseconds:0} ms apart");
        Assert.Equal(0, await queue.CountAsync());
        Assert.True(stories.Count >= 2);
        Assert.Equal(chats.Length * stories.Count, server.Delivered().Count);
        Assert.Equal(server.Delivered().Count, server.Delivered().Select(r => (r.ChatId, r.Text)).Distinct().Count());
        Assert.True(minGap >= TimeSpan.FromSeconds(1), $"two messages to one chat {minGap.TotalMilliseconds:0} ms apart");
    }

    private const string Elections = """
        Zanzibar counts votes after calm election day

        Polling stations across Zanzibar closed on Sunday evening after a calm day of voting, the electoral commission said, and counting began under the eyes of observers from the African Union.

        Turnout was about 68 percent of the 560,000 registered voters. Results for the presidency of the isles are expected by Wednesday, the commission chairman told reporters in Stone Town.
        """;

    private Dictionary<string, string?> Settings()
    {
        var options = azurite.NewStorageOptions();
        var settings = BlobPipelineHarness.BlobConfiguration(options);
        settings["Telegram:RequestTimeoutSeconds"] = "10";
        settings["Delivery:VisibilityTimeoutSeconds"] = "30";
        return settings.ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary>The machine's clock, off by a fixed amount (timers and stopwatches are not affected).</summary>
    private sealed class SkewedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
