// Operating the app in Azure: a fleet workbook (extension versions from Resource Graph, rollouts and halts from
// Application Insights, a link to the status page), log alerts for a halted rollout, undelivered notifications and
// repeated apply failures, and an action group that e-mails the given addresses (none by default).
// The queries live beside this file (*.kql); fleetVersions.kql starts with the app's own fleet query
// (src/azure/resourceGraph/fleetQuery.ts), which test/infra/template.test.ts checks.

@description('Location of the workbook and the alert rules.')
param location string

@description('Tags of every resource.')
param tags object

@description('Seeds resource names.')
param resourceToken string

@description('Name of the app\'s Application Insights (in this resource group): the alerts\' scope and the workbook\'s source.')
param applicationInsightsName string

@description('Host name of the Function App (the workbook links to its status page, /api/ui).')
param functionAppHostName string

@description('Subscription ids the app manages (the workbook\'s Resource Graph scope); empty: every subscription the viewer can read.')
param scopeSubscriptionIds array

@description('E-mail addresses the alerts notify; none by default (the alerts still fire and show in Azure Monitor).')
param alertEmails array = []

@description('Failed hops of one extension type within an hour that raise the repeated-apply-failures alert.')
@minValue(1)
param applyFailureThreshold int = 3

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var statusPageUrl = 'https://${functionAppHostName}/api/ui'
var fleetScope = empty(scopeSubscriptionIds) ? ['value::all'] : map(scopeSubscriptionIds, s => '/subscriptions/${s}')

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'reconciler'
    enabled: true
    emailReceivers: [
      for (address, i) in alertEmails: {
        name: 'email-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

var workbook = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      name: 'title'
      content: {
        json: '## Kubernetes extension reconciler\nExtension versions across the fleet, rollouts and halts. Live rollouts and approvals: [status page](${statusPageUrl}).'
      }
    }
    {
      type: 3
      name: 'fleet-versions'
      content: {
        version: 'KqlItem/1.0'
        title: 'Extension versions by type and Kubernetes minor (Resource Graph)'
        query: loadTextContent('fleetVersions.kql')
        queryType: 1
        resourceType: 'microsoft.resourcegraph/resources'
        crossComponentResources: fleetScope
        visualization: 'table'
        size: 0
      }
    }
    {
      type: 3
      name: 'rollouts'
      content: {
        version: 'KqlItem/1.0'
        title: 'Rollouts (one trace each: open operation_Id for its spans)'
        query: loadTextContent('rollouts.kql')
        queryType: 0
        resourceType: 'microsoft.insights/components'
        timeContext: { durationMs: 604800000 }
        visualization: 'table'
        size: 0
      }
    }
    {
      type: 3
      name: 'halts'
      content: {
        version: 'KqlItem/1.0'
        title: 'Halts by reason code and ring'
        query: loadTextContent('halts.kql')
        queryType: 0
        resourceType: 'microsoft.insights/components'
        timeContext: { durationMs: 2592000000 }
        visualization: 'table'
        size: 0
      }
    }
    {
      type: 3
      name: 'hops'
      content: {
        version: 'KqlItem/1.0'
        title: 'Hops applied and failed by extension type and ring'
        query: loadTextContent('hops.kql')
        queryType: 0
        resourceType: 'microsoft.insights/components'
        timeContext: { durationMs: 604800000 }
        visualization: 'table'
        size: 0
      }
    }
    {
      type: 3
      name: 'azure-retries'
      content: {
        version: 'KqlItem/1.0'
        title: 'Azure 429/5xx answers and writes that failed'
        query: loadTextContent('azureRetries.kql')
        queryType: 0
        resourceType: 'microsoft.insights/components'
        timeContext: { durationMs: 86400000 }
        visualization: 'table'
        size: 0
      }
    }
  ]
  fallbackResourceIds: [appInsights.id]
  '$schema': 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json'
}

resource fleetWorkbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, resourceToken, 'fleet-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Kubernetes extension reconciler: fleet and rollouts'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string(workbook)
  }
}

// One rule per condition; each looks back over its window and fires on any row over the threshold.
var alerts = [
  {
    name: 'rollout-halted'
    displayName: 'Reconciler: a rollout halted'
    description: 'A rollout stopped (a ring over its failure budget, or no approval in time). See the workbook and the audit log for the rollout.'
    severity: 1
    query: loadTextContent('halts.kql')
    measure: 'halts'
    dimensions: ['code', 'ring']
    threshold: 0
    frequency: 'PT5M'
    window: 'PT15M'
  }
  {
    name: 'notifications-undelivered'
    displayName: 'Reconciler: notifications not delivered'
    description: 'The notification topic did not take some events after retries; they are recorded as notification-undelivered audit rows.'
    severity: 2
    query: loadTextContent('undeliveredNotifications.kql')
    measure: 'undelivered'
    dimensions: []
    threshold: 0
    frequency: 'PT15M'
    window: 'PT1H'
  }
  {
    name: 'apply-failures'
    displayName: 'Reconciler: repeated apply failures'
    description: 'Hops of one extension type keep failing (ARM errors, conflicts, timeouts or failed health checks).'
    severity: 2
    query: loadTextContent('applyFailures.kql')
    measure: 'failures'
    dimensions: ['extensionType']
    threshold: applyFailureThreshold - 1
    frequency: 'PT15M'
    window: 'PT1H'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in alerts: {
    name: 'alert-${alert.name}-${resourceToken}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [appInsights.id]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Total'
            metricMeasureColumn: alert.measure
            operator: 'GreaterThan'
            threshold: alert.threshold
            dimensions: [
              for d in alert.dimensions: {
                name: d
                operator: 'Include'
                values: ['*']
              }
            ]
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [actionGroup.id]
      }
    }
  }
]

output workbookId string = fleetWorkbook.id
output actionGroupId string = actionGroup.id
output statusPageUrl string = statusPageUrl
