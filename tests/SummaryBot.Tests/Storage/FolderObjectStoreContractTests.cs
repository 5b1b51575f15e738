using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

/// <summary>The object-store contract over a local folder with renameat2 (the default on Linux).</summary>
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

/// <summary>The same contract on the portable paths (no renameat2): create under the lock, replace by a temporary file renamed over the object.</summary>
public sealed class PortableFolderObjectStoreContractTests : ObjectStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sb-folder-" + Guid.NewGuid().ToString("N"));

    protected override IObjectStore CreateStore() => new FolderObjectStore(_root, useLinuxCalls: false);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
