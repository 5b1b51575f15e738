using System.Runtime.CompilerServices;
using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Fakes;

/// <summary>A thread-safe in-memory <see cref="IObjectStore"/> with version-number ETags.</summary>
public sealed class InMemoryObjectStore : IObjectStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, (byte[] Content, string ETag)> _objects = new(StringComparer.Ordinal);
    private long _version;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _objects.Count;
            }
        }
    }

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_objects.TryGetValue(path, out var o)
                ? new StoredObject(path, BinaryData.FromBytes(o.Content), o.ETag)
                : null);
        }
    }

    public Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_objects.ContainsKey(path))
            {
                return Task.FromResult<string?>(null);
            }

            var etag = NextETag();
            _objects[path] = (content.ToArray(), etag);
            return Task.FromResult<string?>(etag);
        }
    }

    public Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(path, out var o) || o.ETag != etag)
            {
                return Task.FromResult<string?>(null);
            }

            var next = NextETag();
            _objects[path] = (content.ToArray(), next);
            return Task.FromResult<string?>(next);
        }
    }

    public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(path, out var o) || (etag is not null && o.ETag != etag))
            {
                return Task.FromResult(false);
            }

            return Task.FromResult(_objects.Remove(path));
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string[] paths;
        lock (_gate)
        {
            paths = [.. _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))];
        }

        foreach (var path in paths)
        {
            yield return path;
        }

        await Task.CompletedTask;
    }

    private string NextETag() => $"\"v{Interlocked.Increment(ref _version)}\"";
}
