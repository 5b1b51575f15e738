using Microsoft.Azure.Functions.Worker;
using SummaryBot.Core.Pipeline;

namespace SummaryBot.Functions;

/// <summary>
/// Runs the article pipeline for each blob created in the articles container. Flex Consumption
/// only supports the Event Grid source: Event Grid posts BlobCreated events to
/// <c>/runtime/webhooks/blobs?functionName=Host.Functions.ArticleBlobFunction</c>.
/// </summary>
public sealed class ArticleBlobFunction(ArticlePipeline pipeline)
{
    // "%Storage:ArticlesContainer%" is resolved from configuration, where the app setting
    // Storage__ArticlesContainer appears as Storage:ArticlesContainer. The "Storage" connection
    // is the same section Core reads: Storage (a connection string) locally on Azurite,
    // Storage__serviceUri + Storage__credential + Storage__clientId in Azure.
    [Function(nameof(ArticleBlobFunction))]
    public async Task RunAsync(
        [BlobTrigger("%Storage:ArticlesContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] byte[] content,
        string name,
        CancellationToken cancellationToken)
    {
        await pipeline.ProcessAsync(name, BinaryData.FromBytes(content), cancellationToken);
    }
}
