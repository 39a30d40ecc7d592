// The AKS system topic (Microsoft.ContainerService.ManagedClusters) of one cluster in this resource group, with its
// Microsoft.ContainerService.* events sent to the app's onClusterEvent function.
import { aksEventTypes, functionAppRef } from '../shared/roles.bicep'

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

resource cluster 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: clusterName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgst-reconciler-${clusterName}'
  location: location
  tags: tags
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
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicId string = systemTopic.id
