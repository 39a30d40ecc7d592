// Role facts shared by every entry file: the custom role's actions and the built-in role ids used here.

@export()
@description('The only actions of the custom role "extension operator": read and write cluster extensions, follow their long-running operations, read extension types.')
var extensionOperatorActions = [
  // GET .../providers/Microsoft.KubernetesConfiguration/extensions[/{name}]: list a cluster's extensions and read one back after a hop.
  'Microsoft.KubernetesConfiguration/extensions/read'
  // PATCH .../extensions/{name}: the hop itself (version, releaseTrain, autoUpgradeMinorVersion). The only write the app makes.
  'Microsoft.KubernetesConfiguration/extensions/write'
  // GET .../extensions/{name}/operations/{id}: poll the PATCH's long-running operation until it ends.
  'Microsoft.KubernetesConfiguration/extensions/operations/read'
  // GET .../extensionTypes/{type}[/versions] per location or per cluster: the catalog. The provider publishes no separate
  // action for the versions sub-resource; its reads are authorized as extensionTypes/read.
  'Microsoft.KubernetesConfiguration/extensionTypes/read'
]

@export()
@description('The only actions of the custom role "fleet gate operator", assigned on each listed fleet: read the fleet, its members, update runs and gates; complete a gate; follow the approval\'s operation.')
var fleetGateOperatorActions = [
  // GET /subscriptions/{s}/providers/Microsoft.ContainerService/fleets and the fleet itself: the catch-up timer's listing.
  'Microsoft.ContainerService/fleets/read'
  // GET .../fleets/{f}/gates[/{g}]: list Pending gates, read a gate (and its eTag) before approving it.
  'Microsoft.ContainerService/fleets/gates/read'
  // PATCH .../fleets/{f}/gates/{g} {"properties":{"state":"Completed"}}: the approval. The only write.
  'Microsoft.ContainerService/fleets/gates/write'
  // GET .../fleets/{f}/updateRuns[/{r}]: the run's target version, stages, groups and member status.
  'Microsoft.ContainerService/fleets/updateRuns/read'
  // GET .../fleets/{f}/members: which clusters a group holds.
  'Microsoft.ContainerService/fleets/members/read'
  // GET the 202's Location (…/providers/Microsoft.ContainerService/locations/{l}/operations/{id}) until the approval ends.
  'Microsoft.ContainerService/locations/operations/read'
]

@export()
@description('The Fleet gate event types of the Microsoft.ResourceNotifications.AKSResources system topic.')
var fleetGateEventTypes = [
  'Microsoft.ResourceNotifications.AKSResources.FleetGateCreated'
  'Microsoft.ResourceNotifications.AKSResources.FleetGateUpdated'
  'Microsoft.ResourceNotifications.AKSResources.FleetGateDeleted'
]

@export()
@description('Built-in role definition ids (the same in every tenant).')
var builtInRoles = {
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
}

@export()
@description('Operation names of the ARM writes that can change a cluster\'s Kubernetes version (data.operationName of Microsoft.Resources.ResourceWriteSuccess); an AKS on Azure Local upgrade writes its provisioned cluster instance.')
var clusterWriteOperations = [
  'Microsoft.ContainerService/managedClusters/write'
  'Microsoft.Kubernetes/connectedClusters/write'
  'Microsoft.HybridContainerService/provisionedClusterInstances/write'
]

@export()
@description('The AKS system topic\'s event types (Microsoft.ContainerService.*).')
var aksEventTypes = [
  'Microsoft.ContainerService.NewKubernetesVersionAvailable'
  'Microsoft.ContainerService.ClusterSupportEnding'
  'Microsoft.ContainerService.ClusterSupportEnded'
  'Microsoft.ContainerService.NodePoolRollingSucceeded'
  'Microsoft.ContainerService.NodePoolRollingFailed'
]

@export()
@description('Where the Function App lives: enough to name its functions from any scope.')
type functionAppRef = {
  subscriptionId: string
  resourceGroup: string
  name: string
}

@export()
@description('Blob container of the app\'s storage account that receives the cluster events Event Grid could not deliver.')
var deadLetterContainerName = 'eventgrid-deadletter'

@export()
@description('Where Event Grid dead-letters events it could not deliver to onClusterEvent: a blob container of the app\'s storage account.')
type deadLetterRef = {
  subscriptionId: string
  resourceGroup: string
  storageAccountName: string
  containerName: string
}
