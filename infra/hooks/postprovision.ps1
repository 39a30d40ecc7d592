# azd postprovision hook (Windows): the same as postprovision.sh. Grants the app's identity Reader + the
# extension-operator role on each management group in RECONCILER_SCOPE_MANAGEMENT_GROUPS
# (infra/scope-management-group.bicep). Needs the Azure CLI, signed in as someone who may create role definitions and
# assignments on those groups.
$ErrorActionPreference = 'Stop'
$groups = @(($env:RECONCILER_SCOPE_MANAGEMENT_GROUPS -as [string]) -split '[,\s]+' | Where-Object { $_ })
if ($groups.Count -eq 0) { exit 0 }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  Write-Error 'postprovision: RECONCILER_SCOPE_MANAGEMENT_GROUPS is set but the Azure CLI (az) is not installed; see docs/deploy.md'
}
if (-not $env:RECONCILER_IDENTITY_PRINCIPAL_ID) { Write-Error 'postprovision: output RECONCILER_IDENTITY_PRINCIPAL_ID missing: run azd provision first' }
$template = Join-Path $PSScriptRoot '..\scope-management-group.bicep'
foreach ($group in $groups) {
  Write-Host "postprovision: granting the app Reader + extension-operator on management group $group"
  az deployment mg create --name "reconciler-$($env:AZURE_ENV_NAME)" --management-group-id $group --location $env:AZURE_LOCATION `
    --template-file $template --parameters "principalId=$($env:RECONCILER_IDENTITY_PRINCIPAL_ID)" "environmentName=$($env:AZURE_ENV_NAME)" --output none
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
