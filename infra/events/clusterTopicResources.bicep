// The AKS system topic (Microsoft.ContainerService.ManagedClusters) of one cluster in this resource group, with its
// Microsoft.ContainerService.* events sent to the app's onClusterEvent function.
import { aksEventTypes, deadLetterRef, functionAppRef } from '../shared/roles.bicep'

@description('Name of the AKS managed cluster (in this resource group).')
param clusterName string

@description('The cluster\'s location (the system topic\'s location).')
param location string

@description('Tags on every resource.')
param tags object

@description('Where the Function App whose onClusterEvent function receives the events lives.')
param functionApp functionAppRef

@description('Create the event subscription (the function must already be deployed).')
param deployEventSubscriptions bool

@description('Where events are dead-lettered once Event Grid gives up delivering them (retries exhausted or expired).')
param deadLetter deadLetterRef

@description('Log Analytics workspace the system topic sends its logs (delivery failures) to.')
param logsWorkspaceId string

resource cluster 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: clusterName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgst-reconciler-${clusterName}'
  location: location
  tags: tags
  // Dead-letters with its own identity (the storage account takes no keys). System-assigned: the only kind a global
  // (subscription) system topic takes.
  identity: { type: 'SystemAssigned' }
  properties: {
    source: cluster.id
    topicType: 'Microsoft.ContainerService.ManagedClusters'
  }
}

resource clusterEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deployEventSubscriptions) {
  parent: systemTopic
  name: 'reconciler-cluster-events'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: resourceId(functionApp.subscriptionId, functionApp.resourceGroup, 'Microsoft.Web/sites/functions', functionApp.name, 'onClusterEvent')
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: aksEventTypes
    }
    // Event Grid retries a failed delivery (an error from onClusterEvent, e.g. a transient Azure error it rethrows) with
    // backoff for up to 30 attempts / 24 h; what is still undelivered lands as a blob in the dead-letter container.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: resourceId(deadLetter.subscriptionId, deadLetter.resourceGroup, 'Microsoft.Storage/storageAccounts', deadLetter.storageAccountName)
          blobContainerName: deadLetter.containerName
        }
      }
    }
  }
  dependsOn: [deadLetterAccess]
}

module deadLetterAccess 'deadLetterAccess.bicep' = {
  name: 'reconciler-deadletter-${uniqueString(systemTopic.id)}'
  scope: resourceGroup(deadLetter.subscriptionId, deadLetter.resourceGroup)
  params: {
    storageAccountName: deadLetter.storageAccountName
    containerName: deadLetter.containerName
    principalId: systemTopic.identity.principalId
    topicId: systemTopic.id
  }
}

resource topicDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'reconciler-logs'
  scope: systemTopic
  properties: {
    workspaceId: logsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

output systemTopicId string = systemTopic.id
