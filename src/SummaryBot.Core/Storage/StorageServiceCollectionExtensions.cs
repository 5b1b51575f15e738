using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>State store and inbox: Azure Blob Storage when configured; otherwise the state in an
    /// embedded SQLite database in <c>Storage:StateDirectory</c> and the inbox a local folder.</summary>
    public static IServiceCollection AddSummaryBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The embedded database (summarybot.db in Storage:StateDirectory): the state store's table,
        // and any other embedded state kept in the same file, open their connections through it.
        services.AddSingleton(sp => SqliteDatabase.InDirectory(sp.GetRequiredService<IOptions<StorageOptions>>().Value.StateDirectory));
        services.AddSingleton<IObjectStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.UsesAzure
                ? AzureBlobStores.CreateStateStore(options, sp)
                : new SqliteObjectStore(sp.GetRequiredService<SqliteDatabase>());
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
