/** GET /api/plan: the current plan of the fleet (or of one cluster, `?cluster=<id>`) as `{decisions, summary}`. */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { planFleet, summarize } from '../domain/plan';
import { mergeClusterState } from './activities/planActivities';
import type { HandlerDeps } from '../host/durableStarter';
import { errorResponse, json, route } from '../host/httpResponses';
import { clusterIdQuery } from '../host/requestLimits';

/** Discovers the fleet, merges the reconciled versions kept in state, reads the catalog and plans. Read-only. */
export function planRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'plan', async (svc) => {
    const wanted = clusterIdQuery(request, 'cluster')?.toLowerCase();
    const discovered = await svc.inventory.discover(svc.scope);
    const clusters = wanted ? discovered.clusters.filter((c) => c.id.toLowerCase() === wanted) : discovered.clusters;
    if (wanted && clusters.length === 0) return errorResponse(404, 'cluster', '$', 'no such cluster in the configured scope');
    const snapshot = mergeClusterState({ clusters }, await svc.state.get(clusters.map((c) => c.id)));
    const catalog = await svc.catalog.catalogFor(snapshot);
    const decisions = planFleet(snapshot, catalog, svc.policy, deps.now());
    return json(200, { decisions, summary: summarize(snapshot, decisions) });
  });
}
