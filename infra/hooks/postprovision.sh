#!/bin/sh
# azd postprovision hook: grant the app's identity Reader + the extension-operator role on each management group in
# RECONCILER_SCOPE_MANAGEMENT_GROUPS (infra/scope-management-group.bicep). Needs the Azure CLI, signed in (`az login`)
# as someone who may create role definitions and assignments on those groups.
set -eu
groups="${RECONCILER_SCOPE_MANAGEMENT_GROUPS:-}"
[ -n "$(echo "$groups" | tr -d ' ,')" ] || exit 0
command -v az >/dev/null 2>&1 || { echo "postprovision: RECONCILER_SCOPE_MANAGEMENT_GROUPS is set but the Azure CLI (az) is not installed; see docs/deploy.md" >&2; exit 1; }
: "${RECONCILER_IDENTITY_PRINCIPAL_ID:?postprovision: output RECONCILER_IDENTITY_PRINCIPAL_ID missing: run azd provision first}"
for group in $(echo "$groups" | tr ',' ' '); do
  echo "postprovision: granting the app Reader + extension-operator on management group $group"
  az deployment mg create \
    --name "reconciler-${AZURE_ENV_NAME}" \
    --management-group-id "$group" \
    --location "$AZURE_LOCATION" \
    --template-file "$(dirname "$0")/../scope-management-group.bicep" \
    --parameters principalId="$RECONCILER_IDENTITY_PRINCIPAL_ID" environmentName="$AZURE_ENV_NAME" \
    --output none
done
