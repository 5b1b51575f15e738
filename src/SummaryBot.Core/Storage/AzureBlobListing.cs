using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace SummaryBot.Core.Storage;

/// <summary>
/// The blobs of a container page by page, in the service's order (lexicographic by the names' UTF-8
/// bytes); a container that does not exist yet lists as empty.
/// </summary>
internal static class AzureBlobListing
{
    public static async IAsyncEnumerable<BlobItem> ListAsync(
        BlobContainerClient container, string? prefix, int? pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = container
            .GetBlobsAsync(BlobTraits.None, BlobStates.None, string.IsNullOrEmpty(prefix) ? null : prefix, cancellationToken)
            .AsPages(continuationToken: null, pageSizeHint: pageSize);
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            Page<BlobItem> page;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }

                page = enumerator.Current;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                yield break;
            }

            foreach (var item in page.Values)
            {
                yield return item;
            }
        }
    }
}
