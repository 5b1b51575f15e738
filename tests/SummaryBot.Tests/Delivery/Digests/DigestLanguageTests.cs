using SummaryBot.Core.Delivery;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Delivery.Digests;

/// <summary>Digests in a chat's language: the sender has the summary written when it queues the story,
/// and the digest run uses it without a model call of its own.</summary>
public sealed class DigestLanguageTests
{
    private const long Chat = 77;

    private static DateTimeOffset Utc(int hour, int minute = 0) => new(2026, 6, 1, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunDueAsync_ChatReadsGerman_DigestCarriesTheSummaryWrittenWhenQueued()
    {
        var translator = new GatedTranslator();
        using var h = new DigestHarness(Utc(6), translator);
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.Subscriptions.UpdateAsync(Chat, c => c with { SummaryLanguage = "de" });

        var queued = await h.DeliverStoryAsync(Chat, "s1");
        var callsWhenQueued = translator.Calls("de");
        h.Clock.SetUtcNow(Utc(8));
        await h.Scheduler.RunDueAsync();

        Assert.Equal(DeliveryKind.Queued, queued.Kind);
        Assert.Equal(1, callsWhenQueued);
        Assert.Equal(1, translator.TotalCalls); // None by the digest run.
        var message = Assert.Single(h.Outbox.To(Chat));
        Assert.Contains("[de] Headline of s1", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDueAsync_LanguageChosenAfterQueueing_DigestUsesTheStorySummaryAndCallsNoModel()
    {
        var translator = new GatedTranslator();
        using var h = new DigestHarness(Utc(6), translator);
        await h.AddChatAsync(Chat, DeliveryMode.Digest, "08:00");
        await h.DeliverStoryAsync(Chat, "s1");
        await h.Subscriptions.UpdateAsync(Chat, c => c with { SummaryLanguage = "fr" });

        h.Clock.SetUtcNow(Utc(8));
        await h.Scheduler.RunDueAsync();

        Assert.Equal(0, translator.TotalCalls);
        Assert.Contains("Headline of s1", Assert.Single(h.Outbox.To(Chat)).Html, StringComparison.Ordinal);
    }
}
