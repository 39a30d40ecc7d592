// k8s-extension-reconciler in Azure (provisioned by `azd up`): the app's resource group, the custom extension-operator
// role, Reader + that role on each target subscription, and the Event Grid topics that tell the app about cluster changes.
// Management groups are assigned by infra/scope-management-group.bicep (a subscription deployment cannot reach them).
targetScope = 'subscription'

import { deadLetterContainerName, extensionOperatorActions, fleetGateOperatorActions } from 'shared/roles.bicep'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource groups and seeds resource names.')
param environmentName string

@minLength(1)
@description('Location of the app\'s resources.')
param location string

@description('Comma-separated subscription ids the app manages; with no management group either, the subscription deployed to.')
param scopeSubscriptions string = ''

@description('Comma-separated management group names the app manages (assign them with infra/scope-management-group.bicep).')
param scopeManagementGroups string = ''

@description('"true" (default) plans and records but applies nothing. Set "false" to let the app upgrade extensions.')
@allowed(['true', 'false'])
param dryRun string = 'true'

@description('Policy as inline JSON (RECONCILER_POLICY).')
param policyJson string = '{}'

@description('NCRONTAB schedule of the discovery timer. Default every 30 minutes.')
param discoverySchedule string = '0 */30 * * * *'

@description('Durable Functions task hub name.')
param taskHub string = 'reconciler'

@description('Durable backend: "storage" (default, the app\'s storage account) or "scheduler" (deploys a Durable Task Scheduler and task hub; docs/scale-and-cost.md).')
@allowed(['storage', 'scheduler'])
param durableBackend string = 'storage'

@description('Create an Event Grid custom topic for the app\'s notifications (RECONCILER_EVENTGRID_TOPIC_ENDPOINT).')
param enableNotificationTopic bool = false

@description('Subscribe onClusterEvent to the system topics. False on the first provision (the function is not deployed yet); the postdeploy hook turns it on.')
param deployEventSubscriptions bool = false

@description('Comma-separated AKS cluster resource ids that also get a per-cluster system topic (Microsoft.ContainerService.* events).')
param aksClusterIds string = ''

@description('Comma-separated e-mail addresses the alerts notify (halted rollout, undelivered notifications, repeated apply failures); none by default.')
param alertEmails string = ''

@description('Most instances the Flex Consumption app scales out to (Flex Consumption allows 1 to 1000).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Existing Event Grid system topics to reuse (Azure allows one system topic per source): comma-separated `<source>=<system topic resource id>` pairs, the source a target subscription id or an AKS cluster id of aksClusterIds. Only the event subscription is created on them; empty = create every topic.')
param existingSystemTopics string = ''

@description('Client id of the Microsoft Entra app registration approvers get tokens for (the app verifies them; App Service authentication also requires them); empty = no identity provider, and every approval is refused.')
param authClientId string = ''

@description('Comma-separated app role values (defined on that app registration) whose holders may approve rings; ignored without authClientId.')
param approverRoles string = 'Reconciler.Approve'

@description('Private network: VNet integration, private endpoints for blob/queue/table, storage denies other networks. Costs the endpoints and DNS zones.')
param networkIsolation bool = false

@description('Storage redundancy of the app\'s account (audit log, task hub, package). Standard_GZRS for new deployments that must survive a region outage.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_LRS'

@description('A CanNotDelete lock on the storage account holding the audit log (remove it before azd down).')
param auditDeleteLock bool = true

@description('Comma-separated Microsoft Entra group object ids whose members may approve rings.')
param approverGroups string = ''

@description('Fleet Manager: regular expression (case-insensitive) the display names of the app\'s approval gates match.')
param fleetGatePattern string = '^extensions'

@description('Fleet Manager: comma-separated fleet resource ids whose gates the app may approve (the fleet-gate operator role is assigned on each). Empty: none.')
param fleetIds string = ''

@description('Fleet Manager: comma-separated ids of existing Microsoft.ResourceNotifications.AKSResources system topics to subscribe to (one per subscription is allowed); a target subscription without one gets a new topic.')
param existingAksResourcesTopicIds string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var listedSubscriptions = filter(map(split(scopeSubscriptions, ','), s => trim(s)), s => !empty(s))
// Neither subscriptions nor management groups named: manage the subscription deployed to.
var subscriptionIds = empty(listedSubscriptions) && empty(trim(scopeManagementGroups)) ? [subscription().subscriptionId] : listedSubscriptions
var appGroupName = 'rg-${environmentName}'
var identityName = 'id-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var identityId = resourceId(subscription().subscriptionId, appGroupName, 'Microsoft.ManagedIdentity/userAssignedIdentities', identityName)
var functionApp = {
  subscriptionId: subscription().subscriptionId
  resourceGroup: appGroupName
  name: 'func-${resourceToken}'
}
// Undeliverable cluster events from every system topic go to one container of the app's storage account.
var deadLetter = {
  subscriptionId: subscription().subscriptionId
  resourceGroup: appGroupName
  storageAccountName: storageAccountName
  containerName: deadLetterContainerName
}
// The app's Log Analytics workspace (app/resources.bicep names it): the system topics send their logs there.
var logsWorkspaceId = resourceId(subscription().subscriptionId, appGroupName, 'Microsoft.OperationalInsights/workspaces', 'log-${resourceToken}')
var clusterIds = filter(map(split(aksClusterIds, ','), s => trim(s)), s => !empty(s))
var fleets = filter(map(split(fleetIds, ','), s => trim(s)), s => !empty(s))
var aksResourcesTopics = filter(map(split(existingAksResourcesTopicIds, ','), s => trim(s)), s => !empty(s))
// `<source>=<topic id>` pairs by lower-cased source (a subscription id or a cluster id)
var reusedTopics = toObject(filter(map(split(existingSystemTopics, ','), s => trim(s)), s => contains(s, '=')), s => toLower(trim(split(s, '=')[0])), s => trim(split(s, '=')[1]))

resource appGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: appGroupName
  location: location
  tags: tags
}

module app 'app/resources.bicep' = {
  name: 'reconciler-app'
  scope: appGroup
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    identityName: identityName
    functionAppName: functionApp.name
    storageAccountName: storageAccountName
    scopeSubscriptions: join(subscriptionIds, ',')
    scopeManagementGroups: scopeManagementGroups
    dryRun: dryRun
    policyJson: policyJson
    discoverySchedule: discoverySchedule
    taskHub: taskHub
    durableBackend: durableBackend
    enableNotificationTopic: enableNotificationTopic
    maximumInstanceCount: maximumInstanceCount
    authClientId: authClientId
    approverRoles: approverRoles
    approverGroups: approverGroups
    networkIsolation: networkIsolation
    storageSku: storageSku
    auditDeleteLock: auditDeleteLock
    fleetGatePattern: fleetGatePattern
  }
}

// The custom role: extension reads and writes only. Reader (assigned beside it) covers Resource Graph and cluster reads.
resource extensionOperator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, environmentName, 'extension-operator')
  properties: {
    roleName: 'Kubernetes extension reconciler (${environmentName}, ${resourceToken})'
    description: 'Read and upgrade Kubernetes cluster extensions, follow their operations, read extension types. Nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: extensionOperatorActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: union([subscription().id], map(subscriptionIds, s => '/subscriptions/${s}'))
  }
}

// Fleet Manager: approve the app's gates and read what they stand for, on the listed fleets only.
resource fleetGateOperator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!empty(fleets)) {
  name: guid(subscription().id, environmentName, 'fleet-gate-operator')
  properties: {
    roleName: 'Kubernetes extension reconciler fleet gates (${environmentName}, ${resourceToken})'
    description: 'Read Fleet Manager fleets, members, update runs and gates, and complete gates. Nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: fleetGateOperatorActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: union([subscription().id], map(fleets, f => '/subscriptions/${split(f, '/')[2]}'))
  }
}

module fleetGateAccess 'scope/fleetGateAccess.bicep' = [
  for fleetId in fleets: {
    name: 'reconciler-fleet-${uniqueString(fleetId)}'
    scope: resourceGroup(split(fleetId, '/')[2], split(fleetId, '/')[4])
    params: {
      fleetName: last(split(fleetId, '/'))
      principalId: app.outputs.identityPrincipalId
      identityId: identityId
      roleDefinitionId: fleetGateOperator.id
    }
  }
]

// The fleet workbook, the alert rules and their action group (infra/monitor).
module monitoring 'monitor/monitoring.bicep' = {
  name: 'reconciler-monitoring'
  scope: appGroup
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    // the name app/resources.bicep gives it (a value known at compile time, so What-If can see the alert scope)
    applicationInsightsName: 'appi-${resourceToken}'
    functionAppHostName: app.outputs.functionAppHostName
    scopeSubscriptionIds: listedSubscriptions
    alertEmails: filter(map(split(alertEmails, ','), s => trim(s)), s => !empty(s))
  }
}

module targetSubscriptions 'scope/subscription.bicep' = [
  for subscriptionId in subscriptionIds: {
    name: 'reconciler-sub-${subscriptionId}'
    scope: subscription(subscriptionId)
    params: {
      principalId: app.outputs.identityPrincipalId
      identityId: identityId
      customRoleName: extensionOperator.name
      eventsResourceGroupName: 'rg-${environmentName}-events'
      location: location
      tags: tags
      functionApp: functionApp
      deployEventSubscriptions: deployEventSubscriptions
      deadLetter: deadLetter
      logsWorkspaceId: logsWorkspaceId
      subscribeFleetGates: !empty(fleets)
      existingAksResourcesTopicId: first(filter(aksResourcesTopics, t => toLower(split(t, '/')[2]) == toLower(subscriptionId))) ?? ''
      existingSystemTopicId: reusedTopics[?toLower(subscriptionId)] ?? ''
    }
  }
]

module clusterTopics 'events/clusterTopic.bicep' = [
  for clusterId in clusterIds: {
    name: 'reconciler-aks-${uniqueString(clusterId)}'
    scope: resourceGroup(split(clusterId, '/')[2], split(clusterId, '/')[4])
    params: {
      clusterName: last(split(clusterId, '/'))
      tags: tags
      functionApp: functionApp
      deployEventSubscriptions: deployEventSubscriptions
      deadLetter: deadLetter
      logsWorkspaceId: logsWorkspaceId
      existingSystemTopicId: reusedTopics[?toLower(clusterId)] ?? ''
    }
    // The event subscription names the function app by id and dead-letters into its storage account: both must exist first.
    dependsOn: [app]
  }
]

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = appGroup.name
output RECONCILER_FUNCTION_APP_NAME string = app.outputs.functionAppName
output RECONCILER_FUNCTION_APP_URL string = 'https://${app.outputs.functionAppHostName}'
output RECONCILER_IDENTITY_PRINCIPAL_ID string = app.outputs.identityPrincipalId
output RECONCILER_IDENTITY_CLIENT_ID string = app.outputs.identityClientId
output RECONCILER_STORAGE_ACCOUNT string = app.outputs.storageAccountName
output RECONCILER_DEAD_LETTER_CONTAINER string = deadLetterContainerName
output RECONCILER_TABLE_ENDPOINT string = app.outputs.tableEndpoint
output RECONCILER_APPLICATION_INSIGHTS string = app.outputs.applicationInsightsName
output RECONCILER_NOTIFICATION_TOPIC_ENDPOINT string = app.outputs.notificationTopicEndpoint
output RECONCILER_NOTIFICATION_TOPIC_ID string = app.outputs.notificationTopicId
output RECONCILER_CUSTOM_ROLE_ID string = extensionOperator.id
output RECONCILER_FLEET_GATE_ROLE_ID string = empty(fleets) ? '' : fleetGateOperator.id
output RECONCILER_TARGET_SUBSCRIPTIONS string = join(subscriptionIds, ',')
output RECONCILER_EVENTS_SUBSCRIBED bool = deployEventSubscriptions
output RECONCILER_WORKBOOK_ID string = monitoring.outputs.workbookId
output RECONCILER_STATUS_PAGE_URL string = monitoring.outputs.statusPageUrl
