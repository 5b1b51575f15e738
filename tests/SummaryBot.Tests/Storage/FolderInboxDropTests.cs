using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

/// <summary>The folder inbox's write side, which <c>summarybot drop</c> uses.</summary>
public sealed class FolderInboxDropTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sb-inbox-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReadAsync_MissingFileOrFolder_ReturnsNull()
    {
        var inbox = new FolderInbox(Path.Combine(_root, "not-yet"));

        Assert.Null(await inbox.ReadAsync("a.txt"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => inbox.ReadAsync("../a.txt"));
    }

    [Fact]
    public async Task TryAddAsync_NameTaken_ReturnsFalseAndKeepsTheFileThenReplaceAsyncReplacesIt()
    {
        var inbox = new FolderInbox(_root);

        Assert.True(await inbox.TryAddAsync("a.txt", BinaryData.FromString("first")));
        Assert.False(await inbox.TryAddAsync("a.txt", BinaryData.FromString("second")));
        Assert.Equal("first", (await inbox.ReadAsync("a.txt"))!.ToString());

        await inbox.ReplaceAsync("a.txt", BinaryData.FromString("third"));

        Assert.Equal("third", (await inbox.ReadAsync("a.txt"))!.ToString());
        Assert.Equal(["a.txt"], Directory.GetFiles(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ReplaceAsyncAndTryAddAsync_MoveFails_LeaveNoTemporaryFile()
    {
        // A folder where the file should go: the write succeeds, the move cannot (as a full disk or a
        // permission error would fail it), and the hidden temporary file used to stay for ever.
        var inbox = new FolderInbox(_root);
        Directory.CreateDirectory(Path.Combine(_root, "a.txt"));

        await Assert.ThrowsAnyAsync<Exception>(() => inbox.ReplaceAsync("a.txt", BinaryData.FromString("text")));
        await Assert.ThrowsAnyAsync<Exception>(() => inbox.TryAddAsync("a.txt", BinaryData.FromString("text")));

        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }
}
