using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Digests;

/// <summary>
/// Wraps a store; while <see cref="FailWrites"/> says so, writes throw as if the process died or storage
/// went away. Creates are serialized: FolderObjectStore's create-if-absent is not atomic under contention
/// on Linux (File.Move without overwrite checks, then renames; several racers can all "win"), which is a
/// store bug reported separately. These tests are about the scheduler's claim, so they get an atomic create.
/// </summary>
internal sealed class FaultyObjectStore(IObjectStore inner) : IObjectStore, IDisposable
{
    private readonly SemaphoreSlim _create = new(1, 1);

    public void Dispose() => _create.Dispose();

    /// <summary>Given the operation ("create", "replace", "delete") and the path, true to fail it.</summary>
    public Func<string, string, bool>? FailWrites { get; set; }

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default) => inner.GetAsync(path, cancellationToken);

    public async Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        Check("create", path);
        await _create.WaitAsync(cancellationToken);
        try
        {
            return await inner.TryCreateAsync(path, content, cancellationToken);
        }
        finally
        {
            _create.Release();
        }
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
            throw new IOException($"Simulated storage failure: {operation} {path}");
        }
    }
}
