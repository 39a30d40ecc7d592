// The subscription's Event Grid system topic (Microsoft.Resources.Subscriptions) and its subscription to the app's
// onClusterEvent function: only successful writes of AKS managed clusters and Arc connected clusters.
import { clusterWriteOperations, functionAppRef } from '../shared/roles.bicep'

@description('Tags on every resource.')
param tags object

@description('Where the Function App whose onClusterEvent function receives the events lives.')
param functionApp functionAppRef

@description('Create the event subscription (the function must already be deployed).')
param deployEventSubscriptions bool

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgst-reconciler-${subscription().subscriptionId}'
  location: 'global'
  tags: tags
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource clusterWrites 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deployEventSubscriptions) {
  parent: systemTopic
  name: 'reconciler-cluster-writes'
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
      includedEventTypes: ['Microsoft.Resources.ResourceWriteSuccess']
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: clusterWriteOperations
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicId string = systemTopic.id
