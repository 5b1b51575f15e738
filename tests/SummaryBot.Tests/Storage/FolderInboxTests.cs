using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

public sealed class FolderInboxTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sb-inbox-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ListAsync_FilesInFoldersAndHiddenFiles_ListsVisibleOnesByRelativePathInOrdinalOrder()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        Directory.CreateDirectory(Path.Combine(_root, ".hidden"));
        foreach (var file in new[] { "b.txt", "B.txt", "sub/a.md", ".a.txt.1234.tmp", ".hidden/c.txt" })
        {
            await File.WriteAllTextAsync(Path.Combine(_root, file), file);
        }

        var names = new List<string>();
        await foreach (var name in new FolderInbox(_root).ListAsync())
        {
            names.Add(name);
        }

        Assert.Equal(["B.txt", "b.txt", "sub/a.md"], names);
    }

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
}
