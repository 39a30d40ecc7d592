/**
 * GET /api/ui/audit?rollout=<id>&cluster=<ARM id>[&limit=n]: the status page's audit view — the most recent rows of a
 * rollout, of a cluster, or of a cluster within a rollout, newest first, with actor, action (kind), code and reason.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { InputError } from '../domain/inputError';
import type { AuditQuery } from '../domain/ports';
import type { HandlerDeps } from '../host/durableStarter';
import { json, route } from '../host/httpResponses';
import { clusterIdQuery, MAX_INSTANCE_ID } from '../host/requestLimits';

/** Audit rows returned by default and at most. */
export const AUDIT_VIEW_ROWS = { default: 200, max: 1000 } as const;

const ROLLOUT_ID = /^[A-Za-z0-9._:-]+$/;

/** The `rollout` query parameter (a rollout id as the audit log keeps it); undefined when absent; else InputError 400. */
function rolloutQuery(request: HttpRequest): string | undefined {
  const value = request.query.get('rollout')?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_INSTANCE_ID) throw new InputError('query', '$.rollout', `longer than ${MAX_INSTANCE_ID} characters`);
  if (!ROLLOUT_ID.test(value)) throw new InputError('query', '$.rollout', 'a rollout id has only letters, digits and . _ : -');
  return value;
}

/** The `limit` query parameter, 1…AUDIT_VIEW_ROWS.max; the default when absent; else InputError 400. */
function limitQuery(request: HttpRequest): number {
  const text = request.query.get('limit')?.trim();
  if (text === undefined || text === '') return AUDIT_VIEW_ROWS.default;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > AUDIT_VIEW_ROWS.max) throw new InputError('query', '$.limit', `"${text}" is not an integer from 1 to ${AUDIT_VIEW_ROWS.max}`);
  return n;
}

/** GET /api/ui/audit: `{rows}` newest first; 400 without a rollout or a cluster, or for a bad one. */
export function uiAuditRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'uiAudit', async (svc) => {
    const rolloutId = rolloutQuery(request);
    const clusterId = clusterIdQuery(request, 'cluster');
    if (rolloutId === undefined && clusterId === undefined) throw new InputError('query', '$', 'give a rollout id (rollout=) or a cluster ARM id (cluster=), or both');
    const query: AuditQuery = { limit: limitQuery(request) };
    if (rolloutId !== undefined) query.rolloutId = rolloutId;
    if (clusterId !== undefined) query.clusterId = clusterId;
    const rows = await svc.audit.query(query);
    return json(200, { rows: [...rows].reverse() });
  });
}
