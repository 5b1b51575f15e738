namespace SummaryBot.Core.Storage;

/// <summary>
/// The one state contract of SummaryBot: a flat namespace of objects addressed by '/'-separated
/// paths, with ETags for optimistic concurrency. Implemented over a local folder and over Azure Blob
/// Storage; both must pass the same contract test suite.
/// </summary>
public interface IObjectStore
{
    /// <summary>Reads an object and its current ETag, or null when it does not exist.</summary>
    Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Creates the object only if nothing exists at <paramref name="path"/>.</summary>
    /// <returns>The new ETag, or null when the object already existed (nothing was written).</returns>
    Task<string?> TryCreateAsync(string path, BinaryData content, CancellationToken cancellationToken = default);

    /// <summary>Replaces the object only if it exists and its ETag still equals <paramref name="etag"/>.</summary>
    /// <returns>The new ETag, or null when the object is missing or was changed by someone else.</returns>
    Task<string?> TryReplaceAsync(string path, BinaryData content, string etag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; with an ETag, only if it still matches.</summary>
    /// <returns>True when this call deleted it.</returns>
    Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the paths that start with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>An object read from an <see cref="IObjectStore"/>.</summary>
public sealed record StoredObject(string Path, BinaryData Content, string ETag);
