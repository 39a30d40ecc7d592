/**
 * Registers the HTTP API (function-key auth on every data route): GET /api/plan, GET /api/rollouts/{id},
 * POST /api/rollouts/{id}/approve, POST /api/reconcile, GET /api/holds, DELETE /api/holds/{extensionType}/{version}, and
 * the status page GET /api/ui[/rollouts|/fleet|/cluster|/audit] (the page itself, GET /api/ui, is anonymous: it holds no
 * data and, without a key, says how to get one). The handlers live in httpPlan.ts, httpRollouts.ts, httpHolds.ts
 * and httpUi.ts.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { hostDeps, type HandlerDeps } from '../host/durableStarter';
import { clearHoldRoute, listHoldsRoute } from './httpHolds';
import { planRoute } from './httpPlan';
import { approveRoute, reconcileRoute, rolloutStatusRoute } from './httpRollouts';
import { uiClusterRoute, uiFleetRoute, uiFleetRunsRoute, uiPageRoute, uiRolloutsRoute } from './httpUi';
import { uiAuditRoute } from './httpUiAudit';

type Route = (request: HttpRequest, deps: HandlerDeps) => Promise<HttpResponseInit>;
const bind =
  (handler: Route) =>
  (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    handler(request, hostDeps(context));

/** The routes as registered: function name, methods, route, whether the durable client is bound. */
export const HTTP_ROUTES = [
  { name: 'httpPlan', methods: ['GET'], route: 'plan', durable: false, handler: planRoute },
  { name: 'httpRolloutStatus', methods: ['GET'], route: 'rollouts/{id}', durable: true, handler: rolloutStatusRoute },
  { name: 'httpApproveRollout', methods: ['POST'], route: 'rollouts/{id}/approve', durable: true, handler: approveRoute },
  { name: 'httpReconcile', methods: ['POST'], route: 'reconcile', durable: true, handler: reconcileRoute },
  { name: 'httpUi', methods: ['GET'], route: 'ui', durable: false, handler: uiPageRoute, authLevel: 'anonymous' },
  { name: 'httpUiRollouts', methods: ['GET'], route: 'ui/rollouts', durable: true, handler: uiRolloutsRoute },
  { name: 'httpUiFleet', methods: ['GET'], route: 'ui/fleet', durable: false, handler: uiFleetRoute },
  { name: 'httpUiCluster', methods: ['GET'], route: 'ui/cluster', durable: false, handler: uiClusterRoute },
  { name: 'httpUiAudit', methods: ['GET'], route: 'ui/audit', durable: false, handler: uiAuditRoute },
  { name: 'httpUiFleetRuns', methods: ['GET'], route: 'ui/fleet-runs', durable: false, handler: uiFleetRunsRoute },
  { name: 'httpListHolds', methods: ['GET'], route: 'holds', durable: false, handler: listHoldsRoute },
  { name: 'httpClearHold', methods: ['DELETE'], route: 'holds/{extensionType}/{version}', durable: false, handler: clearHoldRoute },
] as const;

for (const r of HTTP_ROUTES) {
  app.http(r.name, {
    methods: [...r.methods],
    route: r.route,
    authLevel: 'authLevel' in r ? r.authLevel : 'function', // only the static page; its data routes need the key
    ...(r.durable ? { extraInputs: [df.input.durableClient()] } : {}),
    handler: bind(r.handler),
  });
}
