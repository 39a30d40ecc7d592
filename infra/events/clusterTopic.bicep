// One AKS cluster's Event Grid system topic, created in the cluster's own resource group: reads the cluster's location
// (a system topic must sit where its source is) and hands it to clusterTopicResources.bicep.
import { aksEventTypes, deadLetterRef, functionAppRef } from '../shared/roles.bicep'

@description('Name of the AKS managed cluster (in this resource group).')
param clusterName string

@description('Tags on every resource.')
param tags object

@description('Where the Function App whose onClusterEvent function receives the events lives.')
param functionApp functionAppRef

@description('Create the event subscription (the function must already be deployed).')
param deployEventSubscriptions bool

@description('Where undeliverable events are dead-lettered (a blob container of the app\'s storage account).')
param deadLetter deadLetterRef

@description('Log Analytics workspace the system topic sends its logs (delivery failures) to.')
param logsWorkspaceId string

@description('Resource id of the cluster\'s existing Microsoft.ContainerService.ManagedClusters system topic, to subscribe on it instead of creating one (Azure allows one per source); empty = create it.')
param existingSystemTopicId string = ''

resource cluster 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: clusterName
}

module topic 'clusterTopicResources.bicep' = if (empty(existingSystemTopicId)) {
  name: 'reconciler-aks-topic-${uniqueString(cluster.id)}'
  params: {
    clusterName: cluster.name
    location: cluster.location
    tags: tags
    functionApp: functionApp
    deployEventSubscriptions: deployEventSubscriptions
    deadLetter: deadLetter
    logsWorkspaceId: logsWorkspaceId
  }
}

module reusedTopic 'existingTopicSubscription.bicep' = if (!empty(existingSystemTopicId)) {
  name: 'reconciler-aks-topic-reused-${uniqueString(cluster.id)}'
  scope: resourceGroup(split(existingSystemTopicId, '/')[2], split(existingSystemTopicId, '/')[4])
  params: {
    topicName: last(split(existingSystemTopicId, '/'))
    subscriptionName: 'reconciler-cluster-events'
    includedEventTypes: aksEventTypes
    advancedFilters: []
    functionApp: functionApp
    deployEventSubscriptions: deployEventSubscriptions
    deadLetter: deadLetter
  }
}

output systemTopicId string = empty(existingSystemTopicId) ? topic!.outputs.systemTopicId : reusedTopic!.outputs.systemTopicId
