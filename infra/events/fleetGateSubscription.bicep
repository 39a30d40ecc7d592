// The event subscription of the app's onFleetGateEvent function on an AKSResources system topic (new or existing, in
// this resource group): the three Fleet gate event types of Approval gates only. Creating it needs
// Microsoft.ResourceNotifications/systemTopics/subscribeToAKSResources/action (Learn: event-schema-aks-resources).
import { deadLetterRef, fleetGateEventTypes, functionAppRef } from '../shared/roles.bicep'

@description('Name of the AKSResources system topic in this resource group.')
param systemTopicName string

@description('Where the Function App whose onFleetGateEvent function receives the events lives.')
param functionApp functionAppRef

@description('Where undeliverable events are dead-lettered.')
param deadLetter deadLetterRef

@description('Dead-letter with the topic\'s system-assigned identity (a topic the app created, granted by deadLetterAccess.bicep). An existing topic: no dead-lettering (the catch-up timer finds what was missed).')
param deadLetterWithTopicIdentity bool

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource fleetGates 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'reconciler-fleet-gates'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: resourceId(functionApp.subscriptionId, functionApp.resourceGroup, 'Microsoft.Web/sites/functions', functionApp.name, 'onFleetGateEvent')
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: fleetGateEventTypes
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.resourceInfo.properties.gateType'
          values: ['Approval']
        }
      ]
    }
    // a missed event costs at most one catch-up period: the timer lists Pending gates anyway
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: deadLetterWithTopicIdentity
      ? {
          identity: { type: 'SystemAssigned' }
          deadLetterDestination: {
            endpointType: 'StorageBlob'
            properties: {
              resourceId: resourceId(deadLetter.subscriptionId, deadLetter.resourceGroup, 'Microsoft.Storage/storageAccounts', deadLetter.storageAccountName)
              blobContainerName: deadLetter.containerName
            }
          }
        }
      : null
  }
}
