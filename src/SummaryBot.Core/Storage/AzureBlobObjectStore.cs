using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The object store over one Azure Blob Storage container (Azurite locally). Conditional writes are
/// the service's own: create sends <c>If-None-Match: *</c>, replace and delete send <c>If-Match</c>,
/// so races between instances are decided by the service. The container is created on the first
/// write (once per process); reads of a container that does not exist yet see nothing.
/// </summary>
public sealed class AzureBlobObjectStore : IObjectStore
{
    /// <summary>Containers this process has already created or found, by URI: creation is asked once.</summary>
    private static readonly ConcurrentDictionary<string, Task> EnsuredContainers = new(StringComparer.Ordinal);

    private readonly BlobContainerClient _container;
    private readonly int? _pageSize;
    private readonly ILogger _logger;

    /// <param name="container">The container that holds the objects.</param>
    /// <param name="pageSize">Blobs per listing page (null: the service's default, 5000).</param>
    /// <param name="logger">Optional logger.</param>
    public AzureBlobObjectStore(BlobContainerClient container, int? pageSize = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (pageSize is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "A listing page holds 1 to 5000 blobs.");
        }

        _container = container;
        _pageSize = pageSize;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The container's name and endpoint (no credentials), for logs.</summary>
    public string Description => $"blob container '{_container.Name}' at {_container.Uri.GetLeftPart(UriPartial.Path)}";

    public string ContainerName => _container.Name;

    /// <summary>The URI of the blob at <paramref name="path"/>, without any SAS query.</summary>
    public Uri BlobUri(string path) => new(Blob(path).Uri.GetLeftPart(UriPartial.Path));

    public async Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken);
            return new StoredObject(path, response.Value.Content, response.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = Blob(path);
        var options = UploadOptions(path, new BlobRequestConditions { IfNoneMatch = ETag.All });
        try
        {
            var response = await WriteAsync(() => blob.UploadAsync(content, options, cancellationToken), cancellationToken);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (IsConflict(e))
        {
            return null;
        }
    }

    public async Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var blob = Blob(path);
        var options = UploadOptions(path, new BlobRequestConditions { IfMatch = new ETag(etag) });
        try
        {
            var response = await blob.UploadAsync(content, options, cancellationToken);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (IsConflict(e) || e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        var conditions = etag is null ? null : new BlobRequestConditions { IfMatch = new ETag(etag) };
        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (IsConflict(e) || e.Status == 404)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // The service returns names in lexicographic order of their UTF-8 bytes, which is ordinal
        // order for every name outside the supplementary planes; the pager follows continuation tokens.
        await foreach (var item in AzureBlobListing.ListAsync(_container, prefix, _pageSize, cancellationToken))
        {
            yield return item.Name;
        }
    }

    private static bool IsConflict(RequestFailedException e) =>
        e.Status == 412 || (e.Status == 409 && e.ErrorCode == BlobErrorCode.BlobAlreadyExists);

    private static BlobUploadOptions UploadOptions(string path, BlobRequestConditions conditions) => new()
    {
        Conditions = conditions,
        HttpHeaders = new BlobHttpHeaders { ContentType = AzureContentTypes.For(path) },
    };

    /// <summary>Runs a write after making sure the container exists; if it was deleted since, creates it again once.</summary>
    private async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            return await write();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            EnsuredContainers.TryRemove(_container.Uri.AbsoluteUri, out _);
            await EnsureContainerAsync(cancellationToken);
            return await write();
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        var key = _container.Uri.AbsoluteUri;
        var ensure = EnsuredContainers.GetOrAdd(key, _ => CreateContainerAsync());
        try
        {
            await ensure.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Do not cache a failure: the next write asks again.
            EnsuredContainers.TryRemove(new KeyValuePair<string, Task>(key, ensure));
            throw;
        }
    }

    private async Task CreateContainerAsync()
    {
        var created = await _container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        if (created is not null)
        {
            _logger.LogInformation("Created blob container {Container}", _container.Name);
        }
    }

    /// <summary>The same path rules as the embedded store, so that state moves between the two unchanged.</summary>
    private BlobClient Blob(string path)
    {
        ObjectPath.Validate(path);
        return _container.GetBlobClient(path);
    }
}
