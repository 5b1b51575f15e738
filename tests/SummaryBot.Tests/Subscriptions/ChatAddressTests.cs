using SummaryBot.Core.Delivery;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Subscriptions;

public sealed class ChatAddressTests
{
    [Fact]
    public void Key_ChatAndForumTopic_PlainIdOrIdTildeThread()
    {
        Assert.Equal("-100123", new ChatAddress(-100123).Key);
        Assert.Equal("-100123~17", new ChatAddress(-100123, 17).Key);
        Assert.Equal("deliveries/s1/-100123.json", DeliveryPaths.Delivery("s1", -100123));
        Assert.Equal("subscriptions/-100123~17.json", SubscriptionPaths.Subscription(new ChatAddress(-100123, 17)));
    }

    [Theory]
    [InlineData("-100123", -100123L, null)]
    [InlineData("42~7", 42L, 7)]
    public void TryParseKey_KeysItWrote_ReadBack(string key, long chatId, int? threadId)
    {
        Assert.True(ChatAddress.TryParseKey(key, out var address));
        Assert.Equal(new ChatAddress(chatId, threadId), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("42~")]
    [InlineData("42~-7")]
    [InlineData("42~7~8")]
    public void TryParseKey_NotAKey_False(string key) => Assert.False(ChatAddress.TryParseKey(key, out _));

    [Fact]
    public void ResultRecord_PendingWrittenBeforeTopics_ReadsAsChats()
    {
        var json = """{"article":"a.txt","status":"processed","pending":[5,-1001],"contentSha256":"x","processedAt":"2026-12-01T00:00:00Z"}""";

        var record = SummaryBotJson.Deserialize<ResultRecord>(BinaryData.FromString(json));

        Assert.Equal([new ChatAddress(5), new ChatAddress(-1001)], record.Pending);
    }

    [Fact]
    public void ResultRecord_PendingWithForumTopic_RoundTrips()
    {
        var record = new ResultRecord
        {
            Article = "a.txt",
            Status = ResultStatus.Processed,
            Pending = [new ChatAddress(5), new ChatAddress(-1001, 17)],
            ContentSha256 = "x",
            ProcessedAt = DateTimeOffset.UnixEpoch,
        };

        var json = SummaryBotJson.SerializeCompact(record).ToString();
        var back = SummaryBotJson.Deserialize<ResultRecord>(BinaryData.FromString(json));

        Assert.Contains("\"pending\":[5,{\"chatId\":-1001,\"threadId\":17}]", json, StringComparison.Ordinal);
        Assert.Equal(record.Pending, back.Pending);
    }
}
