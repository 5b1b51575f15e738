using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

/// <summary>The object-store contract over a local folder.</summary>
public sealed class FolderObjectStoreContractTests : ObjectStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sb-folder-" + Guid.NewGuid().ToString("N"));

    protected override IObjectStore CreateStore() => new FolderObjectStore(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
