using Microsoft.Extensions.Time.Testing;
using SummaryBot.Core.Storage;
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
        Assert.Equal([new ChatAddress(5), new ChatAddress(6)], changed.Chats.Keys.OrderBy(k => k.ChatId));
    }

    [Fact]
    public async Task MoveChatAsync_FreshSupergroup_TakesTheGroupsTopicsAndSettings()
    {
        var service = CreateService();
        await service.SubscribeAsync(-40, "lighthouse", ChatKind.Group, "Keepers");
        await service.SubscribeAsync(-40, "harbour", ChatKind.Group, "Keepers");
        var store = new SubscriptionStore(_store, _clock);
        await store.UpdateAsync(-40, c => c with { Mode = DeliveryMode.Digest, DigestTimes = ["07:30"], TimeZone = "Asia/Tokyo" });

        var moved = await service.MoveChatAsync(-40, -10040);

        Assert.Equal(moved!.Topics, (await service.GetChatAsync(-10040))!.Topics);
        Assert.Equal(["lighthouse", "harbour"], moved.Topics);
        Assert.Equal((DeliveryMode.Digest, "Asia/Tokyo", "Keepers", ChatKind.Supergroup), (moved.Mode, moved.TimeZone, moved.Title, moved.Kind));
        Assert.Equal(["07:30"], moved.DigestTimes);
        var group = await service.GetChatAsync(-40);
        Assert.Equal((false, -10040L), (group!.Active, group.MovedTo));
        Assert.Contains("-10040", group.DeactivatedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveChatAsync_SupergroupAlreadySubscribed_MergesTopicsAndKeepsItsOwnSettings()
    {
        var service = CreateService();
        await service.SubscribeAsync(-41, "lighthouse", ChatKind.Group);
        await service.SubscribeAsync(-41, "harbour", ChatKind.Group);
        var store = new SubscriptionStore(_store, _clock);
        await store.UpdateAsync(-41, c => c with { Mode = DeliveryMode.Digest, DigestTimes = ["07:30"] });
        await service.SubscribeAsync(-10041, "Harbour", ChatKind.Supergroup);
        await service.SubscribeAsync(-10041, "tide", ChatKind.Supergroup);

        var moved = await service.MoveChatAsync(-41, -10041);

        Assert.Equal(["Harbour", "tide", "lighthouse"], moved!.Topics);
        Assert.Equal(DeliveryMode.Instant, moved.Mode);
    }

    [Fact]
    public async Task MoveChatAsync_TwiceAtOnce_MovesOnce()
    {
        var service = CreateService();
        await service.SubscribeAsync(-42, "lighthouse", ChatKind.Group);

        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(
                Task.Run(() => CreateService().MoveChatAsync(-42, -10042)),
                Task.Run(() => CreateService().MoveChatAsync(-42, -10042)));
        }

        Assert.Equal(["lighthouse"], (await service.GetChatAsync(-10042))!.Topics);
        Assert.Equal(-10042, (await service.GetChatAsync(-42))!.MovedTo);
    }

    [Fact]
    public async Task MoveChatAsync_CrashBeforeTheGroupWasMarked_NextCallFinishes()
    {
        var service = CreateService();
        await service.SubscribeAsync(-43, "lighthouse", ChatKind.Group);
        var faulty = new FaultyObjectStore(_store) { FailWrites = (_, path) => path == SubscriptionPaths.Subscription(-43) };
        var crashing = new SubscriptionService(new SubscriptionStore(faulty, _clock), new TopicCompiler(), _clock);

        await Assert.ThrowsAnyAsync<IOException>(() => crashing.MoveChatAsync(-43, -10043));
        Assert.True((await service.GetChatAsync(-43))!.Active);
        await service.MoveChatAsync(-43, -10043);

        Assert.Equal(["lighthouse"], (await service.GetChatAsync(-10043))!.Topics);
        var group = await service.GetChatAsync(-43);
        Assert.Equal((false, -10043L), (group!.Active, group.MovedTo));
    }

    [Fact]
    public async Task MoveChatAsync_ToItself_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CreateService().MoveChatAsync(-44, -44));
    }

    [Fact]
    public async Task MoveChatAsync_AcceptedAliases_MoveWithTheirTopic()
    {
        var service = CreateService();
        await service.SubscribeAsync(-45, "Wagner Group", ChatKind.Group);
        await service.SuggestAliasesAsync(-45, "Wagner Group", new Dictionary<string, IReadOnlyList<string>> { ["Wagner Group"] = ["PMC Wagner"] });
        var accepted = await service.AcceptSuggestedAliasesAsync(-45, TopicKey.For("Wagner Group"));

        await service.MoveChatAsync(-45, -10045);

        Assert.Equal("Wagner Group", accepted!.Value.Topic);
        Assert.Equal(["PMC Wagner"], accepted.Value.Added);
        Assert.Equal(["PMC Wagner"], (await service.GetChatAsync(-10045))!.Aliases!["Wagner Group"]["Wagner Group"]);
        var topics = await service.ListTopicsAsync(-10045);
        Assert.Contains("PMC Wagner", Assert.Single(topics).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestAliasesAsync_TopicNoLongerFollowed_StoresNothing()
    {
        var service = CreateService();
        await service.SubscribeAsync(-46, "lighthouse", ChatKind.Group);

        var kept = await service.SuggestAliasesAsync(-46, "Wagner Group", new Dictionary<string, IReadOnlyList<string>> { ["Wagner Group"] = ["PMC Wagner"] });

        Assert.False(kept);
        Assert.Null((await service.GetChatAsync(-46))!.SuggestedAliases);
        Assert.Null(await service.AcceptSuggestedAliasesAsync(-46, TopicKey.For("Wagner Group")));
    }
}
