/**
 * Registers the HTTP API (function-key auth on every data route; with an identity provider configured, the people
 * routes marked below take a verified Microsoft Entra ID token instead, see host/signedIn.ts): GET /api/plan, GET /api/rollouts/{id},
 * POST /api/rollouts/{id}/approve, POST /api/reconcile, GET /api/holds, DELETE /api/holds/{extensionType}/{version}, and
 * the status page GET /api/ui[/rollouts|/fleet|/cluster|/audit] (the page itself, GET /api/ui, is anonymous: it holds no
 * data and, without a key, says how to get one). The handlers live in httpPlan.ts, httpRollouts.ts, httpHolds.ts
 * and httpUi.ts.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { hostDeps, type HandlerDeps } from '../host/durableStarter';
import { guardedRoute, HTTP_METHODS } from '../host/requestGuard';
import { peopleRoutesAuthLevel, signedIn, type HostAuthLevel } from '../host/signedIn';
import { clearHoldRoute, listHoldsRoute } from './httpHolds';
import { planRoute } from './httpPlan';
import { approveRoute, reconcileRoute, rolloutStatusRoute } from './httpRollouts';
import { uiClusterRoute, uiFleetRoute, uiFleetRunsRoute, uiPageRoute, uiRolloutsRoute } from './httpUi';
import { uiAuditRoute } from './httpUiAudit';

type Route = (request: HttpRequest, deps: HandlerDeps) => Promise<HttpResponseInit>;
/** Every route behind the request guard (405, 403 cross-site, 415 not JSON; nosniff and no-store on answers). */
const bind =
  (methods: readonly string[], handler: Route) =>
  (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    guardedRoute(request, methods, hostDeps(context), handler);

/**
 * The routes as registered: function name, methods, route, whether the durable client is bound, and who uses it:
 * `machine` (function key always), `page` (the status page's HTML, no data: always anonymous), `person` (data people read: a verified
 * token when an identity provider is configured) or `approver` (approve and clear a hold: the handler verifies and
 * audits its caller itself).
 */
export const HTTP_ROUTES = [
  { name: 'httpPlan', methods: ['GET'], route: 'plan', durable: false, handler: planRoute, use: 'machine' },
  { name: 'httpRolloutStatus', methods: ['GET'], route: 'rollouts/{id}', durable: true, handler: rolloutStatusRoute, use: 'person' },
  { name: 'httpApproveRollout', methods: ['POST'], route: 'rollouts/{id}/approve', durable: true, handler: approveRoute, use: 'approver' },
  { name: 'httpReconcile', methods: ['POST'], route: 'reconcile', durable: true, handler: reconcileRoute, use: 'machine' },
  { name: 'httpUi', methods: ['GET'], route: 'ui', durable: false, handler: uiPageRoute, use: 'page' },
  { name: 'httpUiRollouts', methods: ['GET'], route: 'ui/rollouts', durable: true, handler: uiRolloutsRoute, use: 'person' },
  { name: 'httpUiFleet', methods: ['GET'], route: 'ui/fleet', durable: false, handler: uiFleetRoute, use: 'person' },
  { name: 'httpUiCluster', methods: ['GET'], route: 'ui/cluster', durable: false, handler: uiClusterRoute, use: 'person' },
  { name: 'httpUiAudit', methods: ['GET'], route: 'ui/audit', durable: false, handler: uiAuditRoute, use: 'person' },
  { name: 'httpUiFleetRuns', methods: ['GET'], route: 'ui/fleet-runs', durable: false, handler: uiFleetRunsRoute, use: 'person' },
  { name: 'httpListHolds', methods: ['GET'], route: 'holds', durable: false, handler: listHoldsRoute, use: 'person' },
  { name: 'httpClearHold', methods: ['DELETE'], route: 'holds/{extensionType}/{version}', durable: false, handler: clearHoldRoute, use: 'approver' },
] as const;

/** How a route is registered under `env`: its host auth level and handler (people routes gated by a verified token when anonymous). */
export function registrationOf(r: (typeof HTTP_ROUTES)[number], env: Record<string, string | undefined>): { authLevel: HostAuthLevel; handler: Route } {
  if (r.use === 'page') return { authLevel: 'anonymous', handler: r.handler }; // the static page: no data
  const people = peopleRoutesAuthLevel(env);
  if (r.use === 'machine' || people === 'function') return { authLevel: 'function', handler: r.handler };
  return { authLevel: 'anonymous', handler: r.use === 'person' ? signedIn(r.handler) : r.handler };
}

for (const r of HTTP_ROUTES) {
  const { authLevel, handler } = registrationOf(r, process.env);
  app.http(r.name, {
    // every method reaches the guard, which answers 405 with Allow for those the route does not serve
    methods: [...HTTP_METHODS],
    route: r.route,
    authLevel,
    ...(r.durable ? { extraInputs: [df.input.durableClient()] } : {}),
    handler: bind(r.methods, handler),
  });
}
