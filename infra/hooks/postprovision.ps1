# azd postprovision hook (Windows): the same as postprovision.sh.
# 1. Registers the extension types feature (Microsoft.KubernetesConfiguration/ExtensionTypes) in each target
#    subscription (RECONCILER_TARGET_SUBSCRIPTIONS), which the extension type versions API needs.
# 2. Grants the app's identity Reader + the extension-operator role on each management group in
#    RECONCILER_SCOPE_MANAGEMENT_GROUPS (infra/scope-management-group.bicep).
# Needs the Azure CLI, signed in as someone who may register features and create role definitions and assignments.
$ErrorActionPreference = 'Stop'
$subscriptions = @(($env:RECONCILER_TARGET_SUBSCRIPTIONS -as [string]) -split '[,\s]+' | Where-Object { $_ })
$groups = @(($env:RECONCILER_SCOPE_MANAGEMENT_GROUPS -as [string]) -split '[,\s]+' | Where-Object { $_ })
if ($subscriptions.Count -eq 0 -and $groups.Count -eq 0) { exit 0 }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  Write-Error 'postprovision: target subscriptions or management groups are set but the Azure CLI (az) is not installed; see docs/deploy.md'
}
foreach ($subscription in $subscriptions) {
  Write-Host "postprovision: registering the ExtensionTypes feature of Microsoft.KubernetesConfiguration in subscription $subscription"
  az feature registration create --namespace Microsoft.KubernetesConfiguration --name ExtensionTypes --subscription $subscription --output none
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
  az provider register --namespace Microsoft.KubernetesConfiguration --subscription $subscription --output none
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
if ($groups.Count -eq 0) { exit 0 }
if (-not $env:RECONCILER_IDENTITY_PRINCIPAL_ID) { Write-Error 'postprovision: output RECONCILER_IDENTITY_PRINCIPAL_ID missing: run azd provision first' }
$template = Join-Path $PSScriptRoot '..\scope-management-group.bicep'
foreach ($group in $groups) {
  Write-Host "postprovision: granting the app Reader + extension-operator on management group $group"
  az deployment mg create --name "reconciler-$($env:AZURE_ENV_NAME)" --management-group-id $group --location $env:AZURE_LOCATION `
    --template-file $template --parameters "principalId=$($env:RECONCILER_IDENTITY_PRINCIPAL_ID)" "environmentName=$($env:AZURE_ENV_NAME)" --output none
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
