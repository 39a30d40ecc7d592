// The Durable Task Scheduler as the app's durable backend (opt-in: durableBackend = 'scheduler' in main.bicep): the
// managed scheduler, the app's task hub on it, and the app's identity as "Durable Task Data Contributor" on that task hub.
// Azure Storage stays the default backend; this is the path when the storage backend's partitions are the limit
// (docs/scale-and-cost.md). Shapes: Microsoft.DurableTask 2025-11-01 (azure-rest-api-specs, docs/azure-fidelity.md).

@description('Location of the scheduler (the app\'s region).')
param location string

@description('Tags of the scheduler.')
param tags object

@description('Seeds the scheduler\'s name.')
param resourceToken string

@description('Task hub name: the same as the host\'s hubName (RECONCILER_TASK_HUB).')
param taskHubName string

@description('Resource id of the app\'s user-assigned identity (names the role assignment: known before deployment).')
param identityId string

@description('Principal id of the app\'s user-assigned identity (its only way in: the scheduler takes no keys).')
param principalId string

@description('Scheduler SKU: Consumption (pay per action) or Dedicated (capacity units).')
@allowed(['Consumption', 'Dedicated'])
param skuName string = 'Consumption'

@description('Addresses that may reach the scheduler; an empty list denies every caller.')
param ipAllowlist string[] = ['0.0.0.0/0']

// Built-in role "Durable Task Data Contributor": run orchestrations and read their state on a scheduler or task hub.
var durableTaskDataContributor = '0ad04412-c4d5-4796-b79c-f76d14c8d402'

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: 'dts-${resourceToken}'
  location: location
  tags: tags
  properties: {
    ipAllowlist: ipAllowlist
    sku: { name: skuName }
  }

  resource taskHub 'taskHubs' = {
    name: taskHubName
    properties: {}
  }
}

resource dataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(scheduler::taskHub.id, identityId, durableTaskDataContributor)
  scope: scheduler::taskHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', durableTaskDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The scheduler\'s endpoint (https://<name>.<region>.durabletask.io): the host\'s connection string names it.')
output endpoint string = scheduler.properties.endpoint

@description('Resource id of the task hub.')
output taskHubId string = scheduler::taskHub.id
