// One listed fleet: the fleet-gate operator role for the app's identity, on that fleet only.

@description('Name of the fleet (in this resource group).')
param fleetName string

@description('Principal id of the app\'s user-assigned identity.')
param principalId string

@description('Resource id of that identity (known before deployment: names the role assignment).')
param identityId string

@description('Id of the fleet-gate operator role definition.')
param roleDefinitionId string

resource fleet 'Microsoft.ContainerService/fleets@2025-03-01' existing = {
  name: fleetName
}

resource access 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(fleet.id, identityId, roleDefinitionId)
  scope: fleet
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionId
  }
}
