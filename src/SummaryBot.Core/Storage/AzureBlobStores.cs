namespace SummaryBot.Core.Storage;

/// <summary>Creates the Azure Blob Storage state store and inbox (issue: Azure Blob Storage).</summary>
internal static class AzureBlobStores
{
    public static IObjectStore CreateStateStore(StorageOptions options, IServiceProvider services) =>
        throw new NotSupportedException("Azure Blob Storage is not implemented yet.");

    public static IArticleInbox CreateInbox(StorageOptions options, IServiceProvider services) =>
        throw new NotSupportedException("Azure Blob Storage is not implemented yet.");
}
