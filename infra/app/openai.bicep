@description('Name of the Azure OpenAI account (also its custom subdomain).')
param name string
param location string
param tags object
@description('Name of the chat model deployment (the AzureOpenAI:Deployment setting).')
param deploymentName string
param modelName string
param modelVersion string
@description('Deployment capacity in thousands of tokens per minute.')
param capacity int

resource openAi 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    publicNetworkAccess: 'Enabled'
    // Keys are off: the app calls the model with its managed identity (Cognitive Services OpenAI User).
    disableLocalAuth: true
  }
}

resource chatDeployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: openAi
  name: deploymentName
  sku: {
    name: 'GlobalStandard'
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
  }
}

output name string = openAi.name
output endpoint string = openAi.properties.endpoint
output deploymentName string = chatDeployment.name
