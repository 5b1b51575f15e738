using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Stories;

/// <summary>Test double: an in-memory <see cref="IObjectStore"/> that counts every call, and the reads of each path.</summary>
internal sealed class CountingInMemoryObjectStore : IObjectStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, string ETag)> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public int ObjectCount => _objects.Count;

    public void ResetCalls() => Interlocked.Exchange(ref _calls, 0);

    /// <summary>How many times <paramref name="path"/> was read (not reset by <see cref="ResetCalls"/>).</summary>
    public int ReadsOf(string path) => _reads.GetValueOrDefault(path);

    public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        _reads.AddOrUpdate(path, 1, (_, n) => n + 1);
        return Task.FromResult(_objects.TryGetValue(path, out var o) ? new StoredObject(path, BinaryData.FromBytes(o.Content), o.ETag) : null);
    }

    public Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var bytes = content.ToArray();
        var etag = ETag(bytes);
        return Task.FromResult(_objects.TryAdd(path, (bytes, etag)) ? etag : null);
    }

    public Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        lock (_lock)
        {
            if (!_objects.TryGetValue(path, out var current) || current.ETag != etag)
            {
                return Task.FromResult<string?>(null);
            }

            var bytes = content.ToArray();
            var next = ETag(bytes);
            _objects[path] = (bytes, next);
            return Task.FromResult<string?>(next);
        }
    }

    public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        lock (_lock)
        {
            if (!_objects.TryGetValue(path, out var current) || (etag is not null && current.ETag != etag))
            {
                return Task.FromResult(false);
            }

            return Task.FromResult(_objects.TryRemove(path, out _));
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        foreach (var path in _objects.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList())
        {
            yield return path;
        }

        await Task.CompletedTask;
    }

    // A version counter would do as well.
    private static string ETag(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..16] + Guid.NewGuid().ToString("N")[..4];
}
