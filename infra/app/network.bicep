// Opt-in network isolation (networkIsolation = true): a virtual network with a subnet the Flex Consumption app
// integrates with (delegated to Microsoft.App/environments, as Flex Consumption requires) and a subnet for private
// endpoints of the storage account's blob, queue and table services, each with its private DNS zone linked to the
// network. The storage account then denies other networks (defaultAction Deny; trusted Azure services such as Event
// Grid's dead-lettering still pass). Shape after Azure-Samples/functions-quickstart-typescript-azd (infra/app/vnet.bicep).

@description('Location of the network and the private endpoints.')
param location string

@description('Tags on every resource.')
param tags object

@description('Short unique suffix for names.')
param resourceToken string

@description('Name of the storage account the private endpoints reach.')
param storageAccountName string

var services = ['blob', 'queue', 'table']

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${resourceToken}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: '10.0.1.0/24'
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
      {
        name: 'app'
        properties: {
          addressPrefix: '10.0.2.0/24'
          delegations: [{ name: 'flex-consumption', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
    ]
  }

  resource endpointSubnet 'subnets' existing = {
    name: 'private-endpoints'
  }

  resource appSubnet 'subnets' existing = {
    name: 'app'
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for service in services: {
    name: 'privatelink.${service}.${environment().suffixes.storage}'
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (service, i) in services: {
    parent: zones[i]
    name: 'link-${resourceToken}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: { id: vnet.id }
    }
  }
]

resource endpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for service in services: {
    name: 'pe-${service}-${resourceToken}'
    location: location
    tags: tags
    properties: {
      subnet: { id: vnet::endpointSubnet.id }
      privateLinkServiceConnections: [
        {
          name: 'storage-${service}'
          properties: {
            privateLinkServiceId: storage.id
            groupIds: [service]
          }
        }
      ]
    }
  }
]

resource endpointZones 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (service, i) in services: {
    parent: endpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [{ name: service, properties: { privateDnsZoneId: zones[i].id } }]
    }
  }
]

output appSubnetId string = vnet::appSubnet.id
