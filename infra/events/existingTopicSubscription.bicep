// An event subscription to the app's onClusterEvent function on a system topic that already exists (Azure allows one
// system topic per source: an enterprise subscription, or a cluster, often has one). Deployed into the topic's
// resource group; the topic is not touched. It must have a system-assigned identity (Event Grid dead-letters with it).
import { deadLetterRef, functionAppRef } from '../shared/roles.bicep'

@description('Name of the existing system topic (in this resource group).')
param topicName string

@description('Name of the event subscription to create on it.')
param subscriptionName string

@description('Event types sent to the app.')
param includedEventTypes array

@description('Advanced filters (e.g. the cluster write operations); empty = none.')
param advancedFilters array

@description('Where the Function App whose onClusterEvent function receives the events lives.')
param functionApp functionAppRef

@description('Create the event subscription (the function must already be deployed).')
param deployEventSubscriptions bool

@description('Where events are dead-lettered once Event Grid gives up delivering them (retries exhausted or expired).')
param deadLetter deadLetterRef

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: topicName
}

resource reused 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deployEventSubscriptions) {
  parent: systemTopic
  name: subscriptionName
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
      includedEventTypes: includedEventTypes
      advancedFilters: advancedFilters
    }
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

output systemTopicId string = systemTopic.id
