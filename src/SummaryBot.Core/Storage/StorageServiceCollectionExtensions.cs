using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SummaryBot.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>State store and inbox: Azure Blob Storage when configured, local folders otherwise.</summary>
    public static IServiceCollection AddSummaryBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<IObjectStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.UsesAzure
                ? AzureBlobStores.CreateStateStore(options, sp)
                : new FolderObjectStore(options.StateDirectory);
        });
        services.AddSingleton<IArticleInbox>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.UsesAzure
                ? AzureBlobStores.CreateInbox(options)
                : new FolderInbox(options.InboxDirectory);
        });
        return services;
    }
}
