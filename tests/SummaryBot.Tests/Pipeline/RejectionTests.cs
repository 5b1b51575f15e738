using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Tests.Fakes;

namespace SummaryBot.Tests.Pipeline;

public sealed class RejectionTests
{
    [Theory]
    [InlineData("empty.txt", new byte[0])]
    [InlineData("binary.txt", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0 })]
    [InlineData("report.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A })]
    public async Task ProcessAsync_UnreadableFile_RecordsRejectedWithReason(string name, byte[] content)
    {
        using var harness = new PipelineHarness();

        var result = await harness.Pipeline.ProcessAsync(name, BinaryData.FromBytes(content));

        Assert.Equal(ResultStatus.Rejected, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.EndsWith(".", result.Reason, StringComparison.Ordinal);
        var stored = await harness.Store.GetJsonAsync<ResultRecord>(ResultPaths.Result(name));
        Assert.Equal(result.Reason, stored!.Value.Reason);
        Assert.Empty(harness.Outbox.Sent);
    }

    [Fact]
    public async Task ProcessAsync_RejectedFileReplacedByGoodContent_ProcessesTheNewContent()
    {
        using var harness = new PipelineHarness();
        await harness.Pipeline.ProcessAsync("late.txt", BinaryData.FromBytes([]));

        var result = await harness.ProcessTextAsync("late.txt", "Harbour reopens after storm\n\nThe harbour of Porto Vela reopened on Monday after a week of repairs, the port authority said.");

        Assert.NotEqual(ResultStatus.Rejected, result.Status);
        Assert.Null(result.Reason);
    }
}
