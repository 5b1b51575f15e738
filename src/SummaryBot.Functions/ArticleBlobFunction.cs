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
    /// <summary>
    /// The trigger's connection. Not "Storage": the host and the worker look a connection name up as
    /// <c>AzureWebJobs{Name}</c> first, which would make the host's own storage win. Locally a connection
    /// string in <c>ArticlesStorage</c>; in Azure <c>ArticlesStorage__blobServiceUri</c>,
    /// <c>__queueServiceUri</c>, <c>__credential</c> and <c>__clientId</c> (managed identity).
    /// </summary>
    public const string Connection = "ArticlesStorage";

    // "%Storage:ArticlesContainer%" is resolved from configuration, where the app setting
    // Storage__ArticlesContainer appears as Storage:ArticlesContainer (the container Core reads).
    [Function(nameof(ArticleBlobFunction))]
    public async Task RunAsync(
        [BlobTrigger("%Storage:ArticlesContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = Connection)] byte[] content,
        string name,
        CancellationToken cancellationToken)
    {
        await pipeline.ProcessAsync(name, BinaryData.FromBytes(content), cancellationToken);
    }
}
