# azd postdeploy hook (Windows): the same as postdeploy.sh. After the first deploy the onClusterEvent function exists, so
# provision once more with RECONCILER_DEPLOY_EVENT_SUBSCRIPTIONS=true (Event Grid validates the function when it creates
# a subscription). Set RECONCILER_AUTO_EVENT_SUBSCRIPTIONS=false with `azd env set` to opt out.
$ErrorActionPreference = 'Stop'
if ($env:RECONCILER_DEPLOY_EVENT_SUBSCRIPTIONS -eq 'true') { exit 0 }
if ($env:RECONCILER_AUTO_EVENT_SUBSCRIPTIONS -eq 'false') { exit 0 }
Write-Host 'postdeploy: onClusterEvent is deployed; provisioning again to subscribe it to Event Grid'
azd env set RECONCILER_DEPLOY_EVENT_SUBSCRIPTIONS true
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
azd provision --no-prompt
exit $LASTEXITCODE
