using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Fakes;

/// <summary>
/// Wraps a store and throws on the writes a test chooses, to simulate a process that dies (or a
/// storage outage) between two stages.
/// </summary>
public sealed class FaultyObjectStore(IObjectStore inner) : IObjectStore, IDisposable
{
    /// <summary>Given the operation ("create", "replace", "delete") and the path, true to fail that write
    /// with an <see cref="IOException"/>; null fails none.</summary>
    public Func<string, string, bool>? FailWrites { get; set; }

    public int FailedWrites { get; private set; }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default) => inner.GetAsync(path, cancellationToken);

    public Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        Check("create", path);
        return inner.TryCreateAsync(path, content, cancellationToken);
    }

    public Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        Check("replace", path);
        return inner.TryReplaceAsync(path, content, etag, cancellationToken);
    }

    public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        Check("delete", path);
        return inner.DeleteAsync(path, etag, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    private void Check(string operation, string path)
    {
        if (FailWrites?.Invoke(operation, path) == true)
        {
            FailedWrites++;
            throw new IOException($"Simulated storage failure: {operation} '{path}'.");
        }
    }
}
