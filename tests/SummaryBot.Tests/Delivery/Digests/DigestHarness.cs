using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Digests;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Delivery.Telegram;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Topics;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Storage;

namespace SummaryBot.Tests.Delivery.Digests;

/// <summary>Real services over an embedded SQLite store in a temp directory, an in-memory outbox queue
/// on a fake clock, and a recording outbox.</summary>
internal sealed class DigestHarness : IDisposable
{
    public const string Topic = "North Korea";

    private readonly TempSqliteStores _stores = new();

    /// <param name="translator">Writes summaries in a chat's language; none by default (no model).</param>
    public DigestHarness(DateTimeOffset start, ISummaryTranslator? translator = null)
    {
        Clock = new FakeTimeProvider(start);
        Store = new FaultyObjectStore(_stores.Open());
        Subscriptions = new SubscriptionStore(Store, Clock);
        Service = new SubscriptionService(Subscriptions, new TopicCompiler(), Clock);
        Stories = new StoryRepository(Store, Clock);
        Outbox = new RecordingOutbox(Clock);
        Queue = new InMemoryDeliveryQueue(Clock);
        Translations = new StoryTranslations(Store, translator ?? new NoSummaryTranslator(), Clock, NullLogger<StoryTranslations>.Instance);
        Delivery = new DeliveryService(Store, NewSender(Outbox), new OpenSendGate(), Subscriptions, Stories, Translations, Clock, TestMetrics.Create(), NullLogger<DeliveryService>.Instance);
        Scheduler = NewScheduler();
    }

    public FakeTimeProvider Clock { get; }

    public FaultyObjectStore Store { get; }

    public SubscriptionStore Subscriptions { get; }

    public SubscriptionService Service { get; }

    public StoryRepository Stories { get; }

    public RecordingOutbox Outbox { get; }

    public InMemoryDeliveryQueue Queue { get; }

    public StoryTranslations Translations { get; }

    public DeliveryService Delivery { get; }

    /// <summary>The timer's work: the scheduler, then a sender pass over the queue.</summary>
    public DigestRun Scheduler { get; }

    /// <summary>Another scheduler and sender over the same state and queue, as a second instance or a restarted process would be.</summary>
    public DigestRun NewScheduler(IOutbox? outbox = null, DeliveryOptions? options = null, TelegramOptions? telegram = null, ISendGate? gate = null)
    {
        var chatSender = NewSender(outbox ?? Outbox);
        gate ??= new OpenSendGate();
        var scheduler = new DigestScheduler(Store, Queue, Clock, NullLogger<DigestScheduler>.Instance);
        var digestSender = new DigestSender(Store, Subscriptions, Stories, chatSender, gate, Clock, NullLogger<DigestSender>.Instance);
        var delivery = new DeliveryService(Store, chatSender, gate, Subscriptions, Stories, Translations, Clock, TestMetrics.Create(), NullLogger<DeliveryService>.Instance);
        var processor = new DeliveryQueueProcessor(
            Queue, delivery, digestSender, new ResultOutcomeSink(Store), Options.Create(options ?? new DeliveryOptions()), Options.Create(telegram ?? new TelegramOptions()),
            Clock, NullLogger<DeliveryQueueProcessor>.Instance);
        return new DigestRun(scheduler, processor, digestSender);
    }

    private ChatSender NewSender(IOutbox outbox) => new(outbox, Service, NullLogger<ChatSender>.Instance);

    public void Dispose()
    {
        Store.Dispose();
        _stores.Dispose();
    }

    public async Task AddChatAsync(ChatAddress chatId, DeliveryMode mode, string times = "08:00", string zone = "UTC", string topic = Topic)
    {
        var subscribed = await Service.SubscribeAsync(chatId, topic, ChatKind.Private, "test chat");
        Assert.NotEqual(SubscribeStatus.Invalid, subscribed.Status);
        await SetModeAsync(chatId, mode, times, zone);
    }

    public async Task SetModeAsync(ChatAddress chatId, DeliveryMode mode, string times = "08:00", string zone = "UTC")
    {
        var parsed = DigestSchedule.TryParseTimes(times);
        var resolved = DigestSchedule.TryResolveTimeZone(zone);
        Assert.True(parsed.Success, parsed.Error);
        Assert.True(resolved.Success, resolved.Error);
        await Subscriptions.UpdateAsync(chatId, c => c with { Mode = mode, DigestTimes = parsed.Times, TimeZone = resolved.Id! });
    }

    /// <summary>Runs a story through the real delivery service for the chat: queued in digest mode, an alert in instant mode.</summary>
    public async Task<DeliveryOutcome> DeliverStoryAsync(ChatAddress chatId, string storyId, string topic = Topic, string? headline = null, string? summary = null)
    {
        var story = await Stories.GetAsync(storyId) ?? NewStory(storyId, headline, summary);
        await Store.TryCreateJsonAsync(StoryPaths.Story(storyId), story);
        var job = new DeliveryJob { StoryId = storyId, ChatId = chatId.ChatId, ThreadId = chatId.ThreadId, ArticleName = story.Sources[0].ArticleName, Topic = topic, Evidence = ["Pyongyang"] };
        var result = await Delivery.HandleAsync(job);
        Assert.True(result.IsDone, result.Reason);
        return result.Outcome!;
    }

    public StoryDocument NewStory(string storyId, string? headline = null, string? summary = null) => new()
    {
        StoryId = storyId,
        FirstSeen = Clock.GetUtcNow(),
        Summary = new Summary(
            headline ?? $"Headline of {storyId}",
            summary ?? $"What happened in {storyId}, in one sentence. A second sentence with more detail.",
            SummarizerNames.Extractive),
        Sources =
        [
            new StorySource($"{storyId}-a.txt", $"Title {storyId}", "Outlet One", $"https://news.example/{storyId}", Clock.GetUtcNow()),
            new StorySource($"{storyId}-b.txt", $"Title {storyId} (b)", "Outlet Two", null, Clock.GetUtcNow()),
        ],
    };

    public async Task<DeliveryRecord?> LedgerAsync(string storyId, ChatAddress chatId) =>
        (await Store.GetJsonAsync<DeliveryRecord>(DeliveryPaths.Delivery(storyId, chatId)))?.Value;

    public async Task<List<string>> QueueAsync(ChatAddress chatId)
    {
        var paths = new List<string>();
        await foreach (var path in Store.ListAsync(DeliveryPaths.DigestPrefix(chatId)))
        {
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>Runs the scheduler every <paramref name="step"/> until <paramref name="until"/>, as the timer would.</summary>
    public async Task RunEveryAsync(TimeSpan step, DateTimeOffset until, Func<DateTimeOffset, Task>? beforeEachRun = null)
    {
        while (Clock.GetUtcNow() < until)
        {
            Clock.Advance(step);
            if (beforeEachRun is not null)
            {
                await beforeEachRun(Clock.GetUtcNow());
            }

            await Scheduler.RunDueAsync();
        }
    }
}

/// <summary>One timer run as both hosts do it: the scheduler writes the due digest jobs, the sender
/// works through what the queue has visible; the report holds what the sender did with each.</summary>
internal sealed class DigestRun(DigestScheduler scheduler, DeliveryQueueProcessor sender, DigestSender digestSender)
{
    public DigestScheduler Scheduler => scheduler;

    public DeliveryQueueProcessor Sender => sender;

    public DigestSender DigestSender => digestSender;

    public async Task<DigestRunReport> RunDueAsync()
    {
        var scheduled = await scheduler.RunDueAsync();
        var sent = await sender.DrainAsync();
        return new DigestRunReport(scheduled.ChatsChecked, [.. scheduled.Chats.Where(c => c.Status != DigestChatStatus.Enqueued), .. sent.Digests]);
    }
}
