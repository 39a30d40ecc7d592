import type { FleetRow } from '../src/azure/resourceGraph/fleetQuery';
import { isFleetQuery, isSubscriptionsQuery } from '../src/azure/resourceGraph/fleetQuery';
import type { SimState } from './simState';
import type { SimCluster, SimExtension } from './types';
import type { SimResponse } from './simResponse';
import { armError } from './simResponse';
import { graphExtensionProperties, simClusterFacts } from './armBodies';
import { hhmmss } from './rateLimits';
import { alertRows } from './alerts';

/** One row of the fleet query, before its properties are read (they are read per page, so writes show up at once). */
interface RowRef {
  cluster: SimCluster;
  extension: SimExtension | null;
  extensionId: string | null;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The ordered rows of a scope, cached while the fleet's clusters and extensions stay the same (a page costs O(page)). */
const rowCache = new WeakMap<SimState, Map<string, { shape: number; rows: RowRef[] }>>();

/**
 * The rows of the fleet query over `subscriptions`. A first page checks the fleet's structure (O(fleet)); a page asked
 * with a `$skipToken` continues the rows its first page saw, as a skip token continues one query's result.
 */
function rowsFor(state: SimState, subscriptions: Set<string> | undefined, continuing: boolean): RowRef[] {
  const scopeKey = subscriptions ? [...subscriptions].sort().join(',') : '*';
  const perState = rowCache.get(state) ?? new Map<string, { shape: number; rows: RowRef[] }>();
  rowCache.set(state, perState);
  const cached = perState.get(scopeKey);
  if (cached && continuing) return cached.rows;
  // the fleet's structure in one number, with plain loops
  const clusters = state.fleet.clusters;
  let shape = clusters.length;
  for (let i = 0; i < clusters.length; i++) {
    const extensions = clusters[i]!.extensions;
    shape += extensions.length * 31;
    for (let j = 0; j < extensions.length; j++) shape += extensions[j]!.name.length;
  }
  if (cached && cached.shape === shape) return cached.rows;
  const discovered = (c: SimCluster): boolean => !/\/microsoft\.hybridcontainerservice\/provisionedclusters\//i.test(c.id); // not in the fleet query's types
  const inScope = clusters.filter((c) => discovered(c) && (!subscriptions || subscriptions.has((c.id.split('/')[2] ?? '').toLowerCase()))).sort(byId);
  const rows: RowRef[] = [];
  for (const c of inScope) {
    if (c.extensions.length === 0) rows.push({ cluster: c, extension: null, extensionId: null });
    const exts = c.extensions.map((e) => ({ e, id: `${c.id}/providers/Microsoft.KubernetesConfiguration/Extensions/${e.name}` })).sort(byId);
    for (const { e, id } of exts) rows.push({ cluster: c, extension: e, extensionId: id });
  }
  perState.clear(); // keep one shape's worth of scopes
  perState.set(scopeKey, { shape, rows });
  return rows;
}

/** `{ subscriptionId }` rows of the subscriptions in scope (every known subscription when unscoped). */
function subscriptionRows(state: SimState, scope: Set<string> | undefined): { subscriptionId: string }[] {
  const known = new Set<string>();
  for (const c of state.fleet.clusters) known.add((c.id.split('/')[2] ?? '').toLowerCase());
  for (const subs of Object.values(state.fleet.managementGroups ?? {})) for (const s of subs) known.add(s.toLowerCase());
  return [...(scope ?? known)].filter((s) => known.has(s)).sort().map((subscriptionId) => ({ subscriptionId }));
}

/** The row as Resource Graph returns it, read from the live fleet. */
function toRow({ cluster: c, extension: e, extensionId }: RowRef, shape: SimState['graphShape']): FleetRow {
  const base = { clusterId: c.id, location: c.location, tags: { ...c.tags }, kubernetesVersion: c.reportsKubernetesVersion === false ? '' : c.kubernetesVersion, ...simClusterFacts(c) };
  return e
    ? { ...base, extensionId, extensionName: e.name, extensionManagedBy: e.managedBy ?? null, extensionProperties: graphExtensionProperties(e, shape) }
    : { ...base, extensionId: null, extensionName: null, extensionManagedBy: null, extensionProperties: null };
}

/**
 * `POST /providers/Microsoft.ResourceGraph/resources`: answers only the fleet query (src/azure/resourceGraph/fleetQuery.ts), scoped
 * to `subscriptions` and the subscriptions of `managementGroups` (neither = the whole fleet); pages of `$top` (<= 1000).
 * Quota per principal; headers x-ms-user-quota-remaining / x-ms-user-quota-resets-after on every answer.
 */
export function handleResourceGraph(state: SimState, principal: string, body: unknown, now: number): SimResponse {
  const take = state.quota.take(principal, now);
  const quotaHeaders = { 'x-ms-user-quota-remaining': String(take.remaining), 'x-ms-user-quota-resets-after': hhmmss(take.resetsAfterMs) };
  if (!take.ok) {
    state.counters.throttled++;
    return armError(429, 'RateLimiting', 'Please provide below info when asking for support: too many requests.', {
      ...quotaHeaders,
      'retry-after': String(Math.max(1, Math.ceil(take.resetsAfterMs / 1000))),
      'retry-after-ms': String(take.resetsAfterMs),
    });
  }
  const b = (body ?? {}) as { subscriptions?: unknown; managementGroups?: unknown; query?: unknown; options?: Record<string, unknown> };
  const query = typeof b.query === 'string' ? b.query : '';
  const kind = isFleetQuery(query) ? 'fleet' : isSubscriptionsQuery(query) ? 'subscriptions' : alertRows(state, query, undefined) ? 'alerts' : undefined;
  if (!kind) {
    return armError(400, 'UnsupportedQuery', 'the simulator answers only the fleet and subscriptions queries in src/azure/resourceGraph/fleetQuery.ts and the alerts query in alertQuery.ts', quotaHeaders);
  }
  const format = b.options?.resultFormat;
  if (format !== undefined && format !== 'objectArray') return armError(400, 'UnsupportedResultFormat', 'the simulator answers only resultFormat objectArray', quotaHeaders);
  const top = b.options?.$top === undefined ? 1000 : Number(b.options.$top);
  if (!Number.isInteger(top) || top < 1 || top > 1000) return armError(400, 'InvalidQueryOptions', '$top must be an integer in 1..1000', quotaHeaders);
  let offset = 0;
  const skip = b.options?.$skipToken;
  if (typeof skip === 'string' && skip !== '') {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(skip, 'base64').toString('utf8'));
    if (!decoded) return armError(400, 'InvalidSkipToken', 'the $skipToken is not one this service issued', quotaHeaders);
    offset = Number(decoded[1]);
  } else if (b.options?.$skip !== undefined) offset = Math.max(0, Number(b.options.$skip) || 0);
  let scope: Set<string> | undefined;
  const subs = Array.isArray(b.subscriptions) ? (b.subscriptions as unknown[]).map((s) => String(s).toLowerCase()) : [];
  const groups = Array.isArray(b.managementGroups) ? (b.managementGroups as unknown[]).map(String) : [];
  if (subs.length > 0 || groups.length > 0) {
    scope = new Set(subs);
    const known = Object.entries(state.fleet.managementGroups ?? {});
    for (const g of groups) for (const s of known.find(([name]) => name.toLowerCase() === g.toLowerCase())?.[1] ?? []) scope.add(s.toLowerCase());
  }
  let rows: unknown[] = kind === 'fleet' ? rowsFor(state, scope, offset > 0) : kind === 'alerts' ? (alertRows(state, query, scope) ?? []) : subscriptionRows(state, scope);
  const totalRecords = rows.length;
  const cut = kind === 'fleet' ? state.faults.truncateAfterRows : undefined;
  if (cut !== undefined && rows.length > cut) rows = rows.slice(0, cut);
  const data = kind === 'fleet' ? (rows.slice(offset, offset + top) as RowRef[]).map((r) => toRow(r, state.graphShape)) : rows.slice(offset, offset + top);
  const next = offset + top < rows.length ? Buffer.from(`offset:${offset + top}`).toString('base64') : undefined;
  const truncated = cut !== undefined && totalRecords > cut && next === undefined;
  const result: Record<string, unknown> = { totalRecords, count: data.length, resultTruncated: truncated ? 'true' : 'false', data };
  if (next) result.$skipToken = next;
  return { status: 200, headers: quotaHeaders, body: result };
}
