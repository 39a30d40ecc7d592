// The subscription's Microsoft.ResourceNotifications.AKSResources system topic (Fleet Manager gate events; Event Grid
// allows one per subscription, so an existing one can be named instead: see fleetGateSubscription.bicep). Learn:
// event-grid/event-schema-aks-resources; kubernetes-fleet/howto-configure-events-for-gates.
@description('Name of the system topic.')
param name string

@description('Tags on every resource.')
param tags object

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: 'global'
  tags: tags
  // dead-letters with its own identity (the storage account takes no keys)
  identity: { type: 'SystemAssigned' }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.ResourceNotifications.AKSResources'
  }
}

output systemTopicName string = systemTopic.name
output principalId string = systemTopic.identity.principalId
