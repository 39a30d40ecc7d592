/**
 * The status page: GET /api/ui (the page), GET /api/ui/rollouts, GET /api/ui/fleet (matrix + paged problems, aggregated
 * on the server) and GET /api/ui/cluster?id= (one cluster's decisions and audit timeline). Same auth as the API.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { isClusterId } from '../domain/armId';
import { clusterInScope } from '../app/scopeGuard';
import { FleetReportCache, fleetReportNow, planClusters, problemPage } from '../app/fleetView';
import { rolloutBoard } from '../app/rolloutBoard';
import { fleetRunsBoard } from '../app/fleetRunsBoard';
import { assignRings } from '../domain/rollout';
import { InputError } from '../domain/inputError';
import { PROBLEM_ACTIONS, subscriptionOf } from '../report/fleetReport';
import { pageCsp, pageHtml } from '../ui/pageHtml';
import { KEY_HELP_CSP, KEY_HELP_PAGE } from '../ui/keyHelpPage';
import type { HandlerDeps } from '../host/durableStarter';
import { errorResponse, json, route } from '../host/httpResponses';

/** Problems per page by default and at most. */
export const UI_PAGE_SIZE = { default: 50, max: 500 } as const;

/** Audit rows shown in a cluster's timeline (the most recent). */
export const TIMELINE_ROWS = 200;

const cache = new FleetReportCache();
const pages = new Map<string, string>();

/** How approvals are proven, for the page's sign-in: off (no services or authentication off), a verified token, or none (no identity provider, or the settings are invalid). */
function approvalsMode(deps: HandlerDeps): 'token' | 'none' | 'off' {
  try {
    const svc = deps.services();
    if (!svc.approvals || !svc.approvals.requireAuthentication) return 'off';
    return svc.callerVerifier ? 'token' : 'none';
  } catch {
    return 'none';
  }
}

/** True when a request carries a way in: a function key, a signed-in user (App Service authentication) or a bearer token. */
function carriesCredentials(request: HttpRequest): boolean {
  return Boolean(request.query.get('code') || request.headers.get('x-functions-key') || request.headers.get('x-ms-client-principal') || request.headers.get('authorization'));
}

/**
 * GET /api/ui (anonymous: the page holds no data): the status page (inline scripts and styles under a hash-pinned CSP;
 * no external fetch). With an identity provider the page itself offers sign-in (signInScript.ts); otherwise, without a
 * key or a signed-in user, 401 and a small page saying how to get a key.
 */
export function uiPageRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  const approvals = approvalsMode(deps);
  if (approvals !== 'token' && !carriesCredentials(request)) {
    return Promise.resolve({
      status: 401,
      body: KEY_HELP_PAGE,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': KEY_HELP_CSP, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    });
  }
  let page = pages.get(approvals);
  if (page === undefined) pages.set(approvals, (page = pageHtml({ mode: 'live', title: 'k8s-extension-reconciler — fleet status', approvals })));
  return Promise.resolve({
    status: 200,
    body: page,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${pageCsp('live')}; frame-ancestors 'none'`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** GET /api/ui/rollouts: the fleet rollout's live status and the recent finished rollouts. */
export function uiRolloutsRoute(_request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'uiRollouts', async (svc) => json(200, await rolloutBoard(deps.starter, svc.audit, deps.now())));
}

/** GET /api/ui/fleet-runs: Fleet Manager update runs of the fleets in scope, their stages and gates, and what the app did at its gates. */
export function uiFleetRunsRoute(_request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'uiFleetRuns', async (svc) => json(200, { runs: await fleetRunsBoard(svc.fleet, svc.scope, svc.inventory, svc.audit) }));
}

/** A non-negative integer query parameter within `max`; InputError naming it otherwise. */
function intParam(request: HttpRequest, name: string, fallback: number, min: number, max: number): number {
  const text = request.query.get(name);
  if (text === null || text.trim() === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw new InputError('query', `$.${name}`, `"${text}" is not an integer from ${min} to ${max}`);
  return value;
}

/** GET /api/ui/fleet?subscription&ring&type&action&offset&limit: summary, matrix, filter values and one page of problems. */
export function uiFleetRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'uiFleet', async (svc) => {
    const offset = intParam(request, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(request, 'limit', UI_PAGE_SIZE.default, 1, UI_PAGE_SIZE.max);
    const action = request.query.get('action')?.trim() ?? '';
    if (action !== '' && !(PROBLEM_ACTIONS as readonly string[]).includes(action)) throw new InputError('query', '$.action', `"${action}" is not one of ${PROBLEM_ACTIONS.join(', ')}`);
    const now = deps.now();
    const report = await cache.get(now.getTime(), () => fleetReportNow(svc, now));
    const filter = { subscription: request.query.get('subscription') ?? '', ring: request.query.get('ring') ?? '', extensionType: request.query.get('type') ?? '', action };
    const { problems: _all, ...rest } = report;
    return json(200, { ...rest, problems: problemPage(report, filter, offset, limit) });
  });
}

/** GET /api/ui/cluster?id=<ARM id>: the cluster read live, its decisions now and its audit timeline (newest first). */
export function uiClusterRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'uiCluster', async (svc) => {
    const id = request.query.get('id')?.trim() ?? '';
    if (!isClusterId(id)) throw new InputError('query', '$.id', 'must be the ARM id of a managed, connected or provisioned cluster');
    if (!(await clusterInScope(id, svc.scope, svc.inventory))) return errorResponse(404, 'query', '$.id', 'no such cluster in the configured scope');
    const cluster = await svc.clusters.readCluster(id);
    if (!cluster) return errorResponse(404, 'query', '$.id', 'no such cluster in the configured scope');
    const [{ snapshot, decisions }, rows, states] = await Promise.all([planClusters(svc, [cluster], deps.now()), svc.audit.query({ clusterId: cluster.id, limit: TIMELINE_ROWS }), svc.state.get([cluster.id])]);
    const planned = snapshot.clusters[0] ?? cluster;
    const ring = assignRings([{ clusterId: cluster.id, tags: cluster.tags }], svc.policy.rollout)[0]?.ring.name ?? svc.policy.rollout.defaultRing.name;
    const { extensions: _extensions, ...facts } = planned;
    // when the discovery timer (or an event) last recorded the cluster: an Arc cluster upgraded in-cluster emits no ARM
    // write, so discovery is how its upgrade is caught
    const state = states.get(cluster.id) ?? [...states.values()][0];
    const lastSeen = state ? { at: state.updatedAt, kubernetesVersion: state.lastSeenKubernetesVersion } : undefined;
    return json(200, { cluster: { ...facts, subscription: subscriptionOf(cluster.id), ring, ...(lastSeen ? { lastSeen } : {}) }, decisions, timeline: [...rows].reverse() });
  });
}
