using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SummaryBot.Core.Storage;

/// <summary>
/// Creates the Azure Blob Storage state store and inbox: by connection string
/// (<c>Storage:ConnectionString</c>; <c>UseDevelopmentStorage=true</c> for Azurite) or by service
/// URI with <see cref="DefaultAzureCredential"/> (<c>Storage:ServiceUri</c>, managed identity in
/// Azure). The connection string is a secret: it is never logged nor put in a description.
/// </summary>
public static class AzureBlobStores
{
    /// <summary>The store over the state container (<c>Storage:StateContainer</c>).</summary>
    public static IObjectStore CreateStateStore(StorageOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateStore(options, options.StateContainer, services);
    }

    /// <summary>The inbox over the articles container (<c>Storage:ArticlesContainer</c>); read only.</summary>
    public static IArticleInbox CreateInbox(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AzureBlobInbox(CreateServiceClient(options).GetBlobContainerClient(options.ArticlesContainer), options.ListPageSize);
    }

    /// <summary>The store over the articles container, for uploading articles (<c>summarybot drop</c>).</summary>
    public static AzureBlobObjectStore CreateArticlesStore(StorageOptions options, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateStore(options, options.ArticlesContainer, services);
    }

    public static BlobServiceClient CreateServiceClient(StorageOptions options, Action<BlobClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = CreateClientOptions(options);
        configure?.Invoke(clientOptions);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                return new BlobServiceClient(options.ConnectionString, clientOptions);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                // The message of these exceptions may quote the connection string: do not pass it on.
                throw new InvalidOperationException("Storage:ConnectionString is not a valid Azure Storage connection string.");
            }
        }

        if (options.ServiceUri is not null)
        {
            return new BlobServiceClient(options.ServiceUri, new DefaultAzureCredential(), clientOptions);
        }

        throw new InvalidOperationException("Set Storage:ConnectionString or Storage:ServiceUri to use Azure Blob Storage.");
    }

    /// <summary>Client options: retries with exponential backoff on 5xx, 408/429 and timeouts (<c>Storage:Retry</c>).</summary>
    public static BlobClientOptions CreateClientOptions(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new BlobClientOptions();
        ApplyTo(options, clientOptions);
        return clientOptions;
    }

    /// <summary>The <c>Storage:Retry</c> settings and quiet diagnostics, for any Azure Storage client (blobs, queues).</summary>
    public static void ApplyTo(StorageOptions options, ClientOptions clientOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.Retry.MaxRetries;
        clientOptions.Retry.Delay = options.Retry.Delay;
        clientOptions.Retry.MaxDelay = options.Retry.MaxDelay;
        clientOptions.Retry.NetworkTimeout = options.Retry.NetworkTimeout;
        // Request URLs may carry a SAS token: keep query strings out of the SDK's logs.
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
    }

    /// <summary>True when the Azure SDK accepts the connection string (no network access).</summary>
    public static bool IsValidConnectionString(string connectionString)
    {
        try
        {
            _ = new BlobServiceClient(connectionString);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static AzureBlobObjectStore CreateStore(StorageOptions options, string containerName, IServiceProvider? services)
    {
        var logger = services?.GetService<ILoggerFactory>()?.CreateLogger<AzureBlobObjectStore>();
        var container = CreateServiceClient(options).GetBlobContainerClient(containerName);
        return new AzureBlobObjectStore(container, options.ListPageSize, logger);
    }
}
