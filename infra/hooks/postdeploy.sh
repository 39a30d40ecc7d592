#!/bin/sh
# azd postdeploy hook: after the first deploy the onClusterEvent function exists, so provision once more with
# RECONCILER_DEPLOY_EVENT_SUBSCRIPTIONS=true (Event Grid validates the function when it creates a subscription).
# Set RECONCILER_DEPLOY_EVENT_SUBSCRIPTIONS=false with `azd env set` and RECONCILER_AUTO_EVENT_SUBSCRIPTIONS=false to opt out.
set -eu
[ "${RECONCILER_DEPLOY_EVENT_SUBSCRIPTIONS:-false}" = "true" ] && exit 0
[ "${RECONCILER_AUTO_EVENT_SUBSCRIPTIONS:-true}" = "false" ] && exit 0
echo "postdeploy: onClusterEvent is deployed; provisioning again to subscribe it to Event Grid"
azd env set RECONCILER_DEPLOY_EVENT_SUBSCRIPTIONS true
azd provision --no-prompt
