using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Subscriptions;
using SummaryBot.Core.Topics;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Subscriptions;

public sealed class SubscriptionServiceTests
{
    private readonly InMemoryObjectStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    private SubscriptionService CreateService() => new(new SubscriptionStore(_store, _clock), new TopicCompiler(), _clock);

    [Fact]
    public async Task SubscribeAsync_TwoWritersAtOnce_KeepsBothTopics()
    {
        var first = CreateService();
        var second = CreateService();

        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(
                Task.Run(() => first.SubscribeAsync(5, $"alpha {round}", ChatKind.Private)),
                Task.Run(() => second.SubscribeAsync(5, $"beta {round}", ChatKind.Private)));
        }

        var topics = (await first.GetChatAsync(5))!.Topics;
        Assert.Equal(40, topics.Count);
        Assert.Contains("alpha 19", topics);
        Assert.Contains("beta 19", topics);
    }

    [Fact]
    public async Task SubscribeAsync_SameTopicTwice_ReportsAlreadySubscribed()
    {
        var service = CreateService();

        var added = await service.SubscribeAsync(5, "lighthouse", ChatKind.Private);
        var again = await service.SubscribeAsync(5, "Lighthouse", ChatKind.Private);

        Assert.Equal(SubscribeStatus.Added, added.Status);
        Assert.Equal(SubscribeStatus.AlreadySubscribed, again.Status);
        Assert.Single((await service.GetChatAsync(5))!.Topics);
    }

    [Fact]
    public async Task SubscribeAsync_InvalidTopic_StoresNothing()
    {
        var service = CreateService();

        var outcome = await service.SubscribeAsync(5, "   ", ChatKind.Private);

        Assert.Equal(SubscribeStatus.Invalid, outcome.Status);
        Assert.False(string.IsNullOrEmpty(outcome.Topic.Error));
        Assert.Null(await service.GetChatAsync(5));
    }

    [Fact]
    public async Task SubscribeAsync_BeyondTheLimit_RefusesWithTooManyTopics()
    {
        var service = CreateService();
        for (var i = 0; i < SubscriptionService.MaxTopicsPerChat; i++)
        {
            await service.SubscribeAsync(5, $"topic {i}", ChatKind.Private);
        }

        var outcome = await service.SubscribeAsync(5, "one too many", ChatKind.Private);

        Assert.Equal(SubscribeStatus.TooManyTopics, outcome.Status);
        Assert.Equal(SubscriptionService.MaxTopicsPerChat, (await service.GetChatAsync(5))!.Topics.Count);
    }

    [Fact]
    public async Task UnsubscribeAsync_ByTopicKey_RemovesThatTopicOnly()
    {
        var service = CreateService();
        await service.SubscribeAsync(5, "lighthouse", ChatKind.Private);
        await service.SubscribeAsync(5, "harbour", ChatKind.Private);

        var removed = await service.UnsubscribeAsync(5, TopicKey.For("harbour"));

        Assert.Equal(["harbour"], removed);
        Assert.Equal(["lighthouse"], (await service.GetChatAsync(5))!.Topics);
    }

    [Fact]
    public async Task UnsubscribeAsync_WithoutTopic_RemovesAll()
    {
        var service = CreateService();
        await service.SubscribeAsync(5, "lighthouse", ChatKind.Private);
        await service.SubscribeAsync(5, "harbour", ChatKind.Private);

        var removed = await service.UnsubscribeAsync(5, null);

        Assert.Equal(2, removed.Count);
        Assert.Empty((await service.GetChatAsync(5))!.Topics);
    }

    [Fact]
    public async Task DeactivateAsync_ThenSubscribeAgain_ReactivatesTheChat()
    {
        var service = CreateService();
        await service.SubscribeAsync(5, "lighthouse", ChatKind.Private);

        await service.DeactivateAsync(5, "Forbidden: bot was blocked by the user");
        var deactivated = await service.GetChatAsync(5);
        await service.SubscribeAsync(5, "lighthouse", ChatKind.Private);
        var reactivated = await service.GetChatAsync(5);

        Assert.False(deactivated!.Active);
        Assert.Equal(_clock.GetUtcNow(), deactivated.DeactivatedAt);
        Assert.True(reactivated!.Active);
        Assert.Null(reactivated.DeactivatedReason);
    }

    [Fact]
    public async Task SubscriptionCatalog_SubscriptionChanged_RebuildsMatcherOnlyThen()
    {
        var store = new SubscriptionStore(_store, _clock);
        var service = CreateService();
        using var catalog = new SubscriptionCatalog(store, new TopicCompiler(), _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SubscriptionCatalog>.Instance);
        await service.SubscribeAsync(5, "lighthouse", ChatKind.Private);

        var first = await catalog.GetAsync();
        var unchanged = await catalog.GetAsync();
        await service.SubscribeAsync(6, "harbour", ChatKind.Private);
        var changed = await catalog.GetAsync();

        Assert.Same(first, unchanged);
        Assert.NotSame(first, changed);
        Assert.Equal([5L, 6L], changed.Chats.Keys.Order());
    }
}
