@description('Name of the Event Grid system topic over the storage account.')
param name string
param location string
param tags object
@description('Name of the storage account whose blob events the topic publishes.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

// The topic exists from the first provision; its subscription to the blob trigger's webhook is
// created after the code is deployed (see blob-events.bicep and the postdeploy hook), because
// the webhook needs the host's blobs_extension key and must answer Event Grid's validation.
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
