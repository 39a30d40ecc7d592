/** GET /api/plan: the current plan of the fleet (or of one cluster, `?cluster=<id>`) as `{decisions, summary, freezes}` (freezes in force or to come). */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { planScope } from '../app/snapshot';
import { upcomingFreezes } from '../domain/freeze';
import { summarize } from '../domain/plan';
import type { HandlerDeps } from '../host/durableStarter';
import { errorResponse, json, route } from '../host/httpResponses';
import { clusterIdQuery } from '../host/requestLimits';

/** Discovers the fleet, merges the reconciled versions kept in state, reads the catalog and plans. Read-only. */
export function planRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'plan', async (svc) => {
    const wanted = clusterIdQuery(request, 'cluster')?.toLowerCase();
    const { snapshot, decisions } = await planScope(svc, deps.now(), wanted ? (c) => c.id.toLowerCase() === wanted : undefined);
    if (wanted && snapshot.clusters.length === 0) return errorResponse(404, 'cluster', '$', 'no such cluster in the configured scope');
    return json(200, { decisions, summary: summarize(snapshot, decisions), freezes: upcomingFreezes(deps.now(), svc.policy.rollout.freezes ?? []) });
  });
}
