using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Tests.Delivery.Digests;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Delivery;

/// <summary>A model call for one chat's language holds back no other chat, and no job waits on another's call.</summary>
public sealed class SummaryLanguageSenderTests
{
    private const long German = 11;
    private const long GermanToo = 12;
    private const long NoLanguage = 13;

    [Fact]
    public async Task HandleAsync_ModelCallInFlight_OtherChatsAreSentAndASecondChatOfTheLanguageComesBackLater()
    {
        var translator = new GatedTranslator { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var h = new DigestHarness(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero), translator);
        foreach (var (chat, language) in new[] { (German, "de"), (GermanToo, "de"), (NoLanguage, (string?)null) })
        {
            await h.AddChatAsync(chat, DeliveryMode.Instant);
            await h.Subscriptions.UpdateAsync(chat, c => c with { SummaryLanguage = language });
        }

        var story = h.NewStory("s1");
        await h.Store.TryCreateJsonAsync(StoryPaths.Story("s1"), story);

        // The first German job makes the model call and is held there.
        var first = Task.Run(() => h.Delivery.HandleAsync(Job(German)));
        await translator.FirstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var other = await h.Delivery.HandleAsync(Job(NoLanguage));
        var germanToo = Job(GermanToo);
        var second = await h.Delivery.HandleAsync(germanToo);

        Assert.False(first.IsCompleted);
        Assert.True(other.IsDone, other.Reason);
        Assert.Equal("Headline of s1", FirstLine(Assert.Single(h.Outbox.To(NoLanguage)).Html));
        Assert.False(second.IsDone); // Told to come back rather than wait on the call, without using up an attempt.
        Assert.False(second.CountsAsAttempt);
        Assert.Empty(h.Outbox.To(GermanToo));

        translator.Gate.SetResult();
        var done = await first;
        var again = await h.Delivery.HandleAsync(germanToo); // The same job, back from the queue.

        Assert.True(done.IsDone, done.Reason);
        Assert.True(again.IsDone, again.Reason);
        Assert.Equal("[de] Headline of s1", FirstLine(Assert.Single(h.Outbox.To(German)).Html));
        Assert.Equal("[de] Headline of s1", FirstLine(Assert.Single(h.Outbox.To(GermanToo)).Html));
        Assert.Equal(1, translator.Calls("de"));
    }

    private static DeliveryJob Job(long chatId) =>
        new() { StoryId = "s1", ChatId = chatId, ArticleName = "s1-a.txt", Topic = DigestHarness.Topic, Evidence = ["Pyongyang"] };

    private static string FirstLine(string html) => html.Split('\n')[0].Replace("<b>", string.Empty, StringComparison.Ordinal).Replace("</b>", string.Empty, StringComparison.Ordinal);
}
