using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The inbox over the articles container. It reads blobs by their names as they are, without the
/// state store's path rules: any name the service accepts (up to 1024 characters, with <c>//</c> or a
/// backslash) is an article. A blob appears only once its upload is committed, so an entry has no
/// <see cref="InboxEntry.WrittenAt"/> to wait on; its ETag changes with every new upload.
/// </summary>
public sealed class AzureBlobInbox(BlobContainerClient container, int? pageSize = null) : IArticleInbox
{
    public string Description => $"blob container '{container.Name}' at {container.Uri.GetLeftPart(UriPartial.Path)}";

    public async IAsyncEnumerable<InboxEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in AzureBlobListing.ListAsync(container, prefix: null, pageSize, cancellationToken))
        {
            yield return new InboxEntry(item.Name, item.Properties.ETag?.ToString() ?? string.Empty, WrittenAt: null);
        }
    }

    public async Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            return (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
