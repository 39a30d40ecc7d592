// Lets one system topic's identity write dead-lettered events into the app's dead-letter container (Storage Blob Data
// Contributor on that container only). Deployed into the app's resource group, whichever subscription the topic is in.
import { builtInRoles } from '../shared/roles.bicep'

@description('Name of the app\'s storage account (in this resource group).')
param storageAccountName string

@description('Name of the dead-letter blob container.')
param containerName string

@description('Principal id of the system topic\'s system-assigned identity.')
param principalId string

@description('Resource id of that system topic (known before deployment: names the role assignment).')
param topicId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: containerName
    }
  }
}

resource writer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::container.id, topicId, builtInRoles.storageBlobDataContributor)
  scope: storage::blobService::container
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataContributor)
  }
}
