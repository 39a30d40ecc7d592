// Grants the app's identity Reader and a custom extension-operator role on one management group. Deployed per group
// (`az deployment mg create`, run by infra/hooks/postprovision.sh after `azd provision`), since azd deploys main.bicep
// at subscription scope and a subscription deployment cannot create management-group resources.
targetScope = 'managementGroup'

import { builtInRoles, extensionOperatorActions } from 'shared/roles.bicep'

@description('Principal id of the app\'s user-assigned identity (output RECONCILER_IDENTITY_PRINCIPAL_ID of main.bicep).')
param principalId string

@minLength(1)
@description('azd environment name (names the custom role).')
param environmentName string

var groupId = managementGroup().id

resource extensionOperator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(groupId, environmentName, 'extension-operator')
  properties: {
    roleName: 'Kubernetes extension reconciler (${environmentName}, ${managementGroup().name})'
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
    assignableScopes: [groupId]
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(groupId, principalId, builtInRoles.reader)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.reader)
  }
}

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(groupId, principalId, 'extension-operator')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: extensionOperator.id
  }
}

output customRoleId string = extensionOperator.id
