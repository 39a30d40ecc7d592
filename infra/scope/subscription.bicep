// One target subscription: Reader and the custom extension-operator role for the app's identity, and the subscription's
// Event Grid system topic (in its own resource group) that tells the app when a cluster is written.
targetScope = 'subscription'

import { builtInRoles, clusterWriteOperations, deadLetterRef, functionAppRef } from '../shared/roles.bicep'

@description('Principal id of the app\'s user-assigned identity.')
param principalId string

@description('Resource id of that identity (known before deployment: names the role assignments).')
param identityId string

@description('Name (GUID) of the custom extension-operator role definition.')
param customRoleName string

@description('Resource group for this subscription\'s system topic.')
param eventsResourceGroupName string

@description('Location of that resource group.')
param location string

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

@description('Resource id of this subscription\'s existing Microsoft.Resources.Subscriptions system topic, to subscribe on it instead of creating one (Azure allows one per source); empty = create it.')
param existingSystemTopicId string = ''

@description('Fleet Manager: subscribe onFleetGateEvent to the subscription\'s AKSResources system topic.')
param subscribeFleetGates bool = false

@description('Fleet Manager: id of an existing AKSResources system topic of this subscription to subscribe to; empty = create one.')
param existingAksResourcesTopicId string = ''

var roleIds = [
  builtInRoles.reader
  customRoleName
]

resource access 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleIds: {
    name: guid(subscription().id, identityId, roleId)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource eventsGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: eventsResourceGroupName
  location: location
  tags: tags
}

module topic '../events/subscriptionTopic.bicep' = if (empty(existingSystemTopicId)) {
  name: 'reconciler-subscription-topic'
  scope: eventsGroup
  params: {
    tags: tags
    functionApp: functionApp
    deployEventSubscriptions: deployEventSubscriptions
    deadLetter: deadLetter
    logsWorkspaceId: logsWorkspaceId
  }
}

// Fleet gate events: the subscription's AKSResources system topic (one allowed per subscription: reuse an existing one)
var fleetTopicName = 'evgst-reconciler-fleet-${subscription().subscriptionId}'
var newFleetTopic = subscribeFleetGates && empty(existingAksResourcesTopicId)

module fleetTopic '../events/fleetGateTopic.bicep' = if (newFleetTopic) {
  name: 'reconciler-fleet-topic'
  scope: eventsGroup
  params: {
    name: fleetTopicName
    tags: tags
  }
}

module fleetGateEvents '../events/fleetGateSubscription.bicep' = if (newFleetTopic && deployEventSubscriptions) {
  name: 'reconciler-fleet-gate-events'
  scope: eventsGroup
  params: {
    systemTopicName: fleetTopicName
    functionApp: functionApp
    deadLetter: deadLetter
    deadLetterWithTopicIdentity: true
  }
  dependsOn: [fleetTopic, fleetDeadLetterAccess]
}

module fleetDeadLetterAccess '../events/deadLetterAccess.bicep' = if (newFleetTopic) {
  name: 'reconciler-fleet-deadletter-${uniqueString(subscription().id)}'
  scope: resourceGroup(deadLetter.subscriptionId, deadLetter.resourceGroup)
  params: {
    storageAccountName: deadLetter.storageAccountName
    containerName: deadLetter.containerName
    principalId: fleetTopic!.outputs.principalId
    topicId: resourceId(subscription().subscriptionId, eventsResourceGroupName, 'Microsoft.EventGrid/systemTopics', fleetTopicName)
  }
}

module fleetGateEventsOnExisting '../events/fleetGateSubscription.bicep' = if (subscribeFleetGates && !empty(existingAksResourcesTopicId) && deployEventSubscriptions) {
  name: 'reconciler-fleet-gate-events-existing'
  scope: resourceGroup(split(existingAksResourcesTopicId, '/')[4])
  params: {
    systemTopicName: last(split(existingAksResourcesTopicId, '/'))
    functionApp: functionApp
    deadLetter: deadLetter
    deadLetterWithTopicIdentity: false
  }
}


module reusedTopic '../events/existingTopicSubscription.bicep' = if (!empty(existingSystemTopicId)) {
  name: 'reconciler-subscription-topic-reused'
  scope: resourceGroup(split(existingSystemTopicId, '/')[2], split(existingSystemTopicId, '/')[4])
  params: {
    topicName: last(split(existingSystemTopicId, '/'))
    subscriptionName: 'reconciler-cluster-writes'
    includedEventTypes: ['Microsoft.Resources.ResourceWriteSuccess']
    advancedFilters: [
      {
        operatorType: 'StringIn'
        key: 'data.operationName'
        values: clusterWriteOperations
      }
    ]
    functionApp: functionApp
    deployEventSubscriptions: deployEventSubscriptions
    deadLetter: deadLetter
  }
}

output systemTopicId string = empty(existingSystemTopicId) ? topic!.outputs.systemTopicId : reusedTopic!.outputs.systemTopicId
