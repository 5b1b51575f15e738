using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Fakes;

/// <summary>
/// Wraps a store and throws on the writes a test chooses, to simulate a process that dies (or a
/// storage outage) between two stages.
/// </summary>
public sealed class FaultyObjectStore(IObjectStore inner) : IObjectStore
{
    /// <summary>Writes (create or replace) to paths for which this returns true throw <see cref="IOException"/>.</summary>
    public Func<string, bool> FailWritesTo { get; set; } = _ => false;

    public int FailedWrites { get; private set; }

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default) => inner.GetAsync(path, cancellationToken);

    public Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        Check(path);
        return inner.TryCreateAsync(path, content, cancellationToken);
    }

    public Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        Check(path);
        return inner.TryReplaceAsync(path, content, etag, cancellationToken);
    }

    public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        Check(path);
        return inner.DeleteAsync(path, etag, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    private void Check(string path)
    {
        if (FailWritesTo(path))
        {
            FailedWrites++;
            throw new IOException($"Simulated storage failure writing '{path}'.");
        }
    }
}
