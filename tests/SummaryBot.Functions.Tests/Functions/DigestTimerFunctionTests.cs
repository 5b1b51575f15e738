using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Functions.Tests.WorkerHost;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Functions.Tests.Functions;

/// <summary>The digest timer in the real worker: a chat in digest mode gets its digest through the outbox queue after the tick.</summary>
public sealed class DigestTimerFunctionTests
{
    private const long UserId = 9191;

    [Fact]
    public async Task RunAsync_ChatInDigestModeWithAQueuedStory_GetsOneDigest()
    {
        await using var scenario = await WorkerScenario.StartAsync();
        // Set up through the webhook as a subscriber would, a day ago: today's 00:00 UTC digest is due.
        Assert.Equal(200, await scenario.PostWebhookAsync(TelegramWebhookFunctionTests.Update(UserId, "/subscribe Russia–North Korea"), WorkerScenario.WebhookSecret));
        Assert.Equal(200, await scenario.PostWebhookAsync(TelegramWebhookFunctionTests.Update(UserId, "/mode digest 00:00"), WorkerScenario.WebhookSecret));
        await scenario.Core.GetRequiredService<IObjectStore>().UpdateJsonAsync<ChatSubscription>(
            SubscriptionPaths.Subscription(UserId),
            chat => chat! with { UpdatedAt = chat.UpdatedAt!.Value.AddDays(-1) });
        var seed = SharedData.SeedFiles[0];
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(Path.GetFileName(seed), File.ReadAllBytes(seed)));
        await scenario.SendOutboxAsync();
        var result = await scenario.ResultAsync(Path.GetFileName(seed));
        Assert.Equal(ResultStatus.Processed, result!.Status);
        Assert.Equal("queued", Assert.Single(result.Deliveries!).Kind);
        Assert.DoesNotContain(scenario.Bot.Delivered(), request => Digest(request.Text));

        // The tick writes the digest job to the outbox queue; a second tick writes no other while it waits.
        WorkerAssert.Succeeded(await scenario.Worker.InvokeAsync("DigestTimerFunction", [TriggerData.Input("timer", TriggerData.TimerTick())]));
        WorkerAssert.Succeeded(await scenario.Worker.InvokeAsync("DigestTimerFunction", [TriggerData.Input("timer", TriggerData.TimerTick())]));
        Assert.DoesNotContain(scenario.Bot.Delivered(), request => Digest(request.Text));
        await scenario.SendOutboxAsync();

        var digest = Assert.Single(scenario.Bot.Delivered(), request => Digest(request.Text));
        Assert.Equal(UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), digest.ChatId);
        Assert.Contains(result.Headline!.Split(' ')[0], digest.Text, StringComparison.Ordinal);
    }

    private static bool Digest(string? text) => text?.Contains("Your digest", StringComparison.Ordinal) == true;
}
