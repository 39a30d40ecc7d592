// The app's own resource group: identity, storage, monitoring, the Flex Consumption Function App and the optional
// notification topic. Everything is reached by the user-assigned identity; no keys or connection strings are stored.
import { builtInRoles, deadLetterContainerName } from '../shared/roles.bicep'

@description('Location of every resource in this group.')
param location string

@description('Tags on every resource.')
param tags object

@description('Short unique suffix for globally unique names (uniqueString output).')
@minLength(13)
@maxLength(13)
param resourceToken string

@description('Name of the app\'s user-assigned identity (known before deployment, so role assignment names are too).')
param identityName string

@description('Name of the Function App.')
param functionAppName string

@description('Name of the storage account (host storage, deployment package, audit/state tables, dead-lettered events).')
param storageAccountName string

@description('Comma-separated subscription ids the app manages (RECONCILER_SCOPE_SUBSCRIPTIONS).')
param scopeSubscriptions string

@description('Comma-separated management group names the app manages (RECONCILER_SCOPE_MANAGEMENT_GROUPS).')
param scopeManagementGroups string

@description('"true" plans and records but applies nothing (RECONCILER_DRY_RUN).')
@allowed(['true', 'false'])
param dryRun string

@description('Policy as inline JSON (RECONCILER_POLICY).')
param policyJson string

@description('NCRONTAB schedule of the discovery timer (RECONCILER_DISCOVERY_SCHEDULE).')
param discoverySchedule string

@description('Durable Functions task hub name (RECONCILER_TASK_HUB).')
param taskHub string

@description('Durable backend: "storage" (default: the app\'s storage account) or "scheduler" (a Durable Task Scheduler and task hub, durableTaskScheduler.bicep).')
@allowed(['storage', 'scheduler'])
param durableBackend string = 'storage'

@description('Create an Event Grid custom topic for the app\'s notifications.')
param enableNotificationTopic bool

@description('Client id of the Microsoft Entra app registration that callers get tokens for (App Service authentication); empty = no authentication, and approvals are refused.')
param authClientId string

@description('Comma-separated app role values allowed to approve rings (RECONCILER_APPROVER_ROLES).')
param approverRoles string

@description('Comma-separated Microsoft Entra group object ids allowed to approve rings (RECONCILER_APPROVER_GROUPS).')
param approverGroups string

@description('Fleet Manager: regular expression the display names of the app\'s approval gates match (RECONCILER_FLEET_GATE_PATTERN).')
param fleetGatePattern string

@description('Most instances the Flex Consumption app scales out to (Flex Consumption allows 1 to 1000).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Private network: VNet integration, private endpoints for blob/queue/table, storage denies other networks (app/network.bicep).')
param networkIsolation bool

@description('Storage redundancy (SKU); GZRS survives a zone and a region outage. Change it on new deployments only (LRS to GZRS is a conversion).')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string

@description('A CanNotDelete lock on the storage account holding the audit log (remove it before azd down).')
param auditDeleteLock bool

var deploymentContainerName = 'app-package-${take(resourceToken, 8)}'
// Paths App Service authentication lets through without a token: the Event Grid webhook (authorized by its system key)
// and the routes machines call with a function key.
var keyBasedPaths = ['/runtime/webhooks/eventgrid', '/api/plan', '/api/reconcile']

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: storageSku }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    // Isolated: only the private endpoints (and trusted Azure services, e.g. Event Grid dead-lettering) reach it.
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: networkIsolation ? 'Deny' : 'Allow', bypass: 'AzureServices' }
  }

  // The audit/state tables' service: its writes and deletes go to Log Analytics (tableAudit below).
  resource tableService 'tableServices' = {
    name: 'default'
  }

  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      // A deleted package blob, dead-lettered event or container can be restored for 7 days.
      deleteRetentionPolicy: { enabled: true, days: 7 }
      containerDeleteRetentionPolicy: { enabled: true, days: 7 }
    }

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: { publicAccess: 'None' }
    }

    // Event Grid writes the cluster events it could not deliver to onClusterEvent here (retries exhausted or expired).
    resource deadLetterContainer 'containers' = {
      name: deadLetterContainerName
      properties: { publicAccess: 'None' }
    }
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    // 90 days: the window the diagnostic trail (table writes, app and topic logs) can be searched back.
    retentionInDays: 90
    // Queries and ingestion with Entra tokens only (no workspace keys).
    features: { disableLocalAuth: true }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // Telemetry only with an Entra token (the app's identity, Monitoring Metrics Publisher below).
    DisableLocalAuth: true
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'reconciler' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    virtualNetworkSubnetId: networkIsolation ? network!.outputs.appSubnetId : null
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      // no ftpsState: Flex Consumption lists it among the site settings it does not support
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: { name: 'node', version: '22' }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(
      {
        // Host storage (triggers, Durable Functions task hub) through the identity: no connection string, no key.
        AzureWebJobsStorage__accountName: storage.name
        AzureWebJobsStorage__credential: 'managedidentity'
        AzureWebJobsStorage__clientId: identity.properties.clientId
        APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        // DefaultAzureCredential picks the user-assigned identity by this client id.
        AZURE_CLIENT_ID: identity.properties.clientId
        RECONCILER_SCOPE_SUBSCRIPTIONS: scopeSubscriptions
        RECONCILER_SCOPE_MANAGEMENT_GROUPS: scopeManagementGroups
        RECONCILER_DRY_RUN: dryRun
        RECONCILER_POLICY: policyJson
        RECONCILER_DISCOVERY_SCHEDULE: discoverySchedule
        RECONCILER_TABLE_ENDPOINT: storage.properties.primaryEndpoints.table
        RECONCILER_TASK_HUB: taskHub
        // Approvals need a caller the app verifies itself (an Entra ID token for authClientId) with an approver role or
        // group. Without an app registration there is no identity provider: no roles or groups, approvals refused.
        RECONCILER_APPROVAL_AUTH: 'required'
        RECONCILER_APPROVER_ROLES: empty(authClientId) ? '' : approverRoles
        RECONCILER_APPROVER_GROUPS: empty(authClientId) ? '' : approverGroups
        RECONCILER_ENTRA_TENANT_ID: empty(authClientId) ? '' : tenant().tenantId
        RECONCILER_ENTRA_CLIENT_ID: authClientId
        RECONCILER_ENTRA_AUTHORITY: empty(authClientId) ? '' : environment().authentication.loginEndpoint
        RECONCILER_FLEET_GATE_PATTERN: fleetGatePattern
      },
      enableNotificationTopic ? { RECONCILER_EVENTGRID_TOPIC_ENDPOINT: notificationTopic!.properties.endpoint } : {},
      // host.json names Azure Storage; these app settings override its storage provider (AzureFunctionsJobHost__…).
      durableBackend == 'scheduler'
        ? {
            AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
            AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
            DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskScheduler!.outputs.endpoint};Authentication=ManagedIdentity;ClientID=${identity.properties.clientId}'
          }
        : {}
    )
    dependsOn: [storageRoles]
  }

  // App Service authentication (Easy Auth v2) with Microsoft Entra ID, when an app registration is given: every request
  // needs a valid token (401 otherwise), except the Event Grid webhook (system key) and the machine routes that stay
  // function-key based (plan, reconcile). The app does not rely on it: it verifies the bearer token itself on approvals
  // and people routes (src/azure/entra), and never reads x-ms-client-principal (docs/security.md).
  resource authSettings 'config' = if (!empty(authClientId)) {
    name: 'authsettingsV2'
    properties: {
      platform: { enabled: true }
      globalValidation: {
        requireAuthentication: true
        unauthenticatedClientAction: 'Return401'
        excludedPaths: keyBasedPaths
      }
      httpSettings: {
        requireHttps: true
        forwardProxy: { convention: 'NoProxy' }
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          }
          validation: {
            allowedAudiences: ['api://${authClientId}', authClientId]
          }
        }
      }
      login: { tokenStore: { enabled: false } }
    }
  }
}

// Publishing goes through the deployment container with the identity: basic (user name and password) publishing
// credentials for SCM and FTP are off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: { allow: false }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: { allow: false }
}

module network 'network.bicep' = if (networkIsolation) {
  name: 'reconciler-network'
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    storageAccountName: storage.name
  }
}

// Diagnostic trail in Log Analytics: the app's logs, and every write and delete on the table service (audit rows
// included: a rewrite of an audit row leaves its caller and time in StorageTableLogs).
resource appDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'reconciler-logs'
  scope: functionApp
  properties: {
    workspaceId: logs.id
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'reconciler-table-writes'
  scope: storage::tableService
  properties: {
    workspaceId: logs.id
    logs: [
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
  }
}

// The audit log cannot be deleted with the account (or its tables through ARM) while this lock stands.
resource auditLock 'Microsoft.Authorization/locks@2020-05-01' = if (auditDeleteLock) {
  name: 'reconciler-audit-no-delete'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds the reconciler audit log (table ExtensionAudit). Remove this lock before azd down.'
  }
}

// Data roles the host, Durable Functions and the audit/state tables need on the app's storage account.
var storageRoleIds = [
  builtInRoles.storageBlobDataOwner
  builtInRoles.storageQueueDataContributor
  builtInRoles.storageTableDataContributor
]

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, builtInRoles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.monitoringMetricsPublisher)
  }
}

// The Durable Task Scheduler backend (opt-in), reached by the identity only.
module durableTaskScheduler 'durableTaskScheduler.bicep' = if (durableBackend == 'scheduler') {
  name: 'reconciler-durable-task-scheduler'
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    taskHubName: taskHub
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

// The app's notifications: CloudEvents, published with the identity only (no topic keys).
resource notificationTopic 'Microsoft.EventGrid/topics@2025-02-15' = if (enableNotificationTopic) {
  name: 'evgt-${resourceToken}'
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource notificationSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (enableNotificationTopic) {
  name: guid(resourceGroup().id, 'evgt-${resourceToken}', identity.id, builtInRoles.eventGridDataSender)
  scope: notificationTopic
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.eventGridDataSender)
  }
}

output functionAppName string = functionApp.name
output functionAppId string = functionApp.id
output functionAppHostName string = functionApp.properties.defaultHostName
output identityId string = identity.id
output identityPrincipalId string = identity.properties.principalId
output identityClientId string = identity.properties.clientId
output storageAccountName string = storage.name
output tableEndpoint string = storage.properties.primaryEndpoints.table
output logsWorkspaceId string = logs.id
output applicationInsightsName string = appInsights.name
output notificationTopicEndpoint string = enableNotificationTopic ? notificationTopic!.properties.endpoint : ''
output notificationTopicId string = enableNotificationTopic ? notificationTopic!.id : ''
