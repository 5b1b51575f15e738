targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Location of the Azure OpenAI account (model availability differs by region). Defaults to the primary location.')
param openAiLocation string = ''

@description('Deploy Azure OpenAI. Without it SummaryBot uses its offline extractive summarizer.')
param openAiEnabled bool = true

@description('Chat model for summaries.')
param openAiModelName string = 'gpt-4o-mini'

param openAiModelVersion string = '2024-07-18'

@description('Chat deployment capacity, in thousands of tokens per minute.')
param openAiCapacity int = 10

@description('Telegram bot token from @BotFather (Telegram:BotToken). Empty disables Telegram delivery.')
@secure()
param telegramBotToken string = ''

@description('Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token on every webhook call (Telegram:WebhookSecret).')
@secure()
param telegramWebhookSecret string = ''

@description('Object id of the deploying user, granted Storage Blob Data Contributor to drop articles. Empty to skip.')
param principalId string = ''

@description('Container operators drop articles into (Storage:ArticlesContainer).')
param articlesContainerName string = 'articles'

@description('Container holding SummaryBot state (Storage:StateContainer).')
param stateContainerName string = 'summarybot'

@description('Queue of delivery jobs, the outbox (Delivery:QueueName); its poison queue is "<name>-poison".')
param deliveryQueueName string = 'deliveries'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var openAiDeploymentName = openAiModelName

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-func-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      articlesContainerName
      stateContainerName
      deploymentContainerName
    ]
    queueNames: [
      deliveryQueueName
      '${deliveryQueueName}-poison'
    ]
  }
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    name: 'evgt-articles-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

module openAi 'app/openai.bicep' = if (openAiEnabled) {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    deploymentName: openAiDeploymentName
    modelName: openAiModelName
    modelVersion: openAiModelVersion
    capacity: openAiCapacity
  }
}

// Every configuration key SummaryBot reads, in app-setting form ("__" for ":"). The Infra tests
// check that each key of every Core options class appears here; add new keys with their values
// or defaults. Not here on purpose: Storage:ConnectionString and AzureOpenAI:ApiKey (Azure uses
// the managed identity; shared keys and OpenAI keys are disabled), Storage:StateDirectory and
// Storage:InboxDirectory (the CLI's folder mode).
var summaryBotSettings = {
  // Core reaches its containers with Storage__ServiceUri and the managed identity (AZURE_CLIENT_ID).
  Storage__ServiceUri: storage.outputs.blobEndpoint
  // The blob trigger's own identity-based connection "ArticlesStorage" (not "Storage": the host and
  // the worker look a connection up as AzureWebJobs<Name> first). The host needs the account's blob
  // and queue services for the trigger; the worker reads the blob through blobServiceUri.
  ArticlesStorage__blobServiceUri: storage.outputs.blobEndpoint
  ArticlesStorage__queueServiceUri: storage.outputs.queueEndpoint
  ArticlesStorage__credential: 'managedidentity'
  ArticlesStorage__clientId: identity.outputs.clientId
  Storage__ArticlesContainer: articlesContainerName
  Storage__StateContainer: stateContainerName
  Articles__MaxBytes: '2097152'
  Inbox__MaxConcurrency: '4'
  Inbox__SettleTime: '00:00:02'
  Telegram__BotToken: telegramBotToken
  Telegram__WebhookSecret: telegramWebhookSecret
  Telegram__ApiBaseUrl: 'https://api.telegram.org'
  AzureOpenAI__Endpoint: openAiEnabled ? openAi!.outputs.endpoint : ''
  AzureOpenAI__Deployment: openAiEnabled ? openAiDeploymentName : ''
  // Tuning knobs, at their defaults; change them here rather than in the portal.
  Storage__ListPageSize: '1000'
  Storage__Retry__MaxRetries: '5'
  Storage__Retry__Delay: '00:00:00.5'
  Storage__Retry__MaxDelay: '00:00:30'
  Storage__Retry__NetworkTimeout: '00:01:00'
  Stories__Window: '3.00:00:00'
  Stories__SimilarityThreshold: '0.22'
  Stories__FullTextCandidates: '4'
  Stories__FingerprintTerms: '32'
  Stories__LookupKeys: '8'
  Stories__MaxBucketEntries: '32'
  Stories__MinContentWords: '30'
  Stories__ArbiterFloor: '0.14'
  Stories__ArbiterCeiling: '0.30'
  Telegram__MaxMessagesPerSecond: '20'
  Telegram__MinSecondsBetweenMessagesToChat: '1.1'
  Telegram__MaxGroupMessagesPerMinute: '19'
  Telegram__MaxRetries: '4'
  Telegram__RequestTimeoutSeconds: '30'
  Telegram__PollingTimeoutSeconds: '25'
  Delivery__QueueName: deliveryQueueName
  Delivery__VisibilityTimeoutSeconds: '120'
  Delivery__MaxAttempts: '8'
  Delivery__BatchSize: '32'
  Delivery__Concurrency: '64'
  Delivery__MaxBackoffSeconds: '300'
  AzureOpenAI__MaxInputTokens: '3000'
  AzureOpenAI__Timeout: '00:00:30'
  AzureOpenAI__MaxRetries: '2'
  AzureOpenAI__RetryDelay: '00:00:01'
  AzureOpenAI__MaxRetryAfter: '00:00:30'
  AzureOpenAI__SuggestAliases: 'true'
  AzureOpenAI__ArbitrateStories: 'true'
}

module function 'app/function.bicep' = {
  name: 'function'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: summaryBotSettings
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    openAiName: openAiEnabled ? openAi!.outputs.name : ''
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output SERVICE_API_URI string = 'https://${function.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output ARTICLES_CONTAINER_NAME string = articlesContainerName
output ARTICLES_SYSTEM_TOPIC_NAME string = events.outputs.name
output AZURE_OPENAI_ENDPOINT string = openAiEnabled ? openAi!.outputs.endpoint : ''
