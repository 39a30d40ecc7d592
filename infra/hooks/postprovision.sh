#!/bin/sh
# azd postprovision hook:
# 1. register the extension types feature (Microsoft.KubernetesConfiguration/ExtensionTypes) in each target subscription
#    (RECONCILER_TARGET_SUBSCRIPTIONS), which the extension type versions API needs; a type whose versions cannot be read
#    is left out of the plan with a warning naming this fix;
# 2. grant the app's identity Reader + the extension-operator role on each management group in
#    RECONCILER_SCOPE_MANAGEMENT_GROUPS (infra/scope-management-group.bicep).
# Needs the Azure CLI, signed in (`az login`) as someone who may register features and create role definitions and
# assignments on those scopes.
set -eu
subscriptions="${RECONCILER_TARGET_SUBSCRIPTIONS:-}"
groups="${RECONCILER_SCOPE_MANAGEMENT_GROUPS:-}"
[ -n "$(echo "$subscriptions$groups" | tr -d ' ,')" ] || exit 0
command -v az >/dev/null 2>&1 || { echo "postprovision: target subscriptions or management groups are set but the Azure CLI (az) is not installed; see docs/deploy.md" >&2; exit 1; }
for subscription in $(echo "$subscriptions" | tr ',' ' '); do
  echo "postprovision: registering the ExtensionTypes feature of Microsoft.KubernetesConfiguration in subscription $subscription"
  az feature registration create --namespace Microsoft.KubernetesConfiguration --name ExtensionTypes --subscription "$subscription" --output none
  az provider register --namespace Microsoft.KubernetesConfiguration --subscription "$subscription" --output none
done
[ -n "$(echo "$groups" | tr -d ' ,')" ] || exit 0
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
