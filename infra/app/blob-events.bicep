// Subscribes the blob trigger to BlobCreated events of the articles container. Deployed by the
// azd postdeploy hook (scripts/postdeploy.*), not by main.bicep: the webhook URL carries the
// host's blobs_extension system key, which exists only once the code with the blob trigger
// runs, and Event Grid validates the endpoint when the subscription is created.

@description('Name of the Function App hosting ArticleBlobFunction.')
param functionAppName string
@description('Name of the Event Grid system topic over the storage account.')
param systemTopicName string
@description('The articles container (Storage:ArticlesContainer).')
param articlesContainerName string = 'articles'
@description('Name of the function with the Event Grid-sourced blob trigger.')
param blobFunctionName string = 'ArticleBlobFunction'

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

// Bicep has no type for Microsoft.Web/sites/host, so the host keys are read with listKeys().
var blobsExtensionKey = listKeys('${functionApp.id}/host/default', functionApp.apiVersion).systemKeys.blobs_extension

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'articles-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${blobFunctionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${articlesContainerName}/blobs/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
