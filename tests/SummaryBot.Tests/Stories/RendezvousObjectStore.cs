using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Stories;

/// <summary>
/// One worker's view of a shared store that holds the worker's first write under
/// <paramref name="prefix"/> until every worker of the <paramref name="rendezvous"/> has reached
/// its own first write there: every worker has read what it decides on before any of them writes.
/// That is the race that timing alone only sometimes produces.
/// </summary>
internal sealed class RendezvousObjectStore(IObjectStore inner, Rendezvous rendezvous, string prefix) : IObjectStore
{
    private int _arrived;

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default) =>
        inner.GetAsync(path, cancellationToken);

    public async Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        await ArriveAsync(path);
        return await inner.TryCreateAsync(path, content, cancellationToken);
    }

    public async Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        await ArriveAsync(path);
        return await inner.TryReplaceAsync(path, content, etag, cancellationToken);
    }

    public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(path, etag, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    private Task ArriveAsync(string path) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && Interlocked.Exchange(ref _arrived, 1) == 0
            ? rendezvous.ArriveAsync()
            : Task.CompletedTask;
}

/// <summary>Completes for everyone once <paramref name="parties"/> callers have arrived (or fails after 10 s).</summary>
internal sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _count) == parties)
        {
            _all.SetResult();
        }

        return _all.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
