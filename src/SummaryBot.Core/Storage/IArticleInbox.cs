namespace SummaryBot.Core.Storage;

/// <summary>The input side: where operators drop article files. Read only; never modified.</summary>
public interface IArticleInbox
{
    /// <summary>A human description for logs, e.g. the folder path or container name (never a secret).</summary>
    string Description { get; }

    /// <summary>Names of the files in the inbox, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one file, or null when it no longer exists.</summary>
    Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>An inbox over any object store (a folder, or the blob articles container).</summary>
public sealed class ObjectStoreInbox(IObjectStore store, string description) : IArticleInbox
{
    public string Description => description;

    public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) =>
        store.ListAsync(string.Empty, cancellationToken);

    public async Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(name, cancellationToken))?.Content;
}
