/**
 * The rollout routes: GET /api/rollouts/{id} (status), POST /api/rollouts/{id}/approve (approve a ring) and
 * POST /api/reconcile (start the fleet or one cluster now).
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { isClusterId } from '../domain/armId';
import { clusterInScope } from '../app/scopeGuard';
import { approvedRow, refusedRow } from '../domain/auditRows';
import { assignRings } from '../domain/rollout';
import { triggerLabel } from '../domain/rolloutTrigger';
import { judgeApproval } from '../domain/approval';
import { approverOf, LOCAL_APPROVALS, verifiedName } from '../host/principal';
import { instanceIdParam, MAX_ARM_ID } from '../host/requestLimits';
import type { HandlerDeps } from '../host/durableStarter';
import { errorResponse, json, readBody, route } from '../host/httpResponses';
import { clusterRolloutInstanceId, FLEET_ROLLOUT_INSTANCE_ID, ORCHESTRATIONS, type ClusterRolloutInput, type FleetRolloutInput } from '../host/rolloutContracts';

/** The header App Service authentication sets to the caller's name: never believed (the approver is the verified token's). */
export const PRINCIPAL_HEADER = 'x-ms-client-principal-name';

const approveBody = z.strictObject({
  ring: z.string().trim().min(1, 'must name the ring to approve').max(128, 'must be at most 128 characters'),
  approvedBy: z.string().trim().min(1).max(256).optional(),
  /** The rollout the approver saw (ApprovalRequired's data.rolloutId): refused when another run holds the instance now. */
  rolloutId: z.string().trim().min(1).max(512).optional(),
});

const reconcileBody = z.strictObject({
  dryRun: z.boolean('must be true or false').optional(),
  clusterId: z.string().max(MAX_ARM_ID, `must be at most ${MAX_ARM_ID} characters`).trim().refine(isClusterId, 'must be the ARM id of a managed, connected or provisioned cluster').optional(),
});

const instanceIdOf = instanceIdParam;
const notFound = (id: string): HttpResponseInit => errorResponse(404, 'id', '$', `no rollout with instance id "${id}"`);

/** GET /api/rollouts/{id}: the orchestration's runtime status, input, custom status and output; 404 when unknown. */
export function rolloutStatusRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'rolloutStatus', async () => {
    const id = instanceIdOf(request);
    const status = await deps.starter.status(id);
    return status.runtimeStatus === 'NotFound' ? notFound(id) : json(200, status);
  });
}

/**
 * POST /api/rollouts/{id}/approve `{ring, approvedBy?}`: raises the approval event and records who approved. A refused
 * caller (401 no verified token, 403 not an approver or no identity provider, 503 keys unreadable) gets an audit row.
 */
export function approveRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'approve', async (svc) => {
    const id = instanceIdOf(request);
    const body = await readBody(request, approveBody, false);
    const approver = await approverOf(request.headers, svc.approvals ?? LOCAL_APPROVALS, svc.callerVerifier, body.approvedBy);
    if (!approver.ok) {
      const by = approver.caller;
      const row = refusedRow({ rolloutId: id, trigger: triggerLabel(by ? { kind: 'manual', by } : { kind: 'manual' }), at: deps.now().toISOString(), ring: body.ring }, `approval of ring ${body.ring}`, approver.status, approver.problem, by ? { actor: by } : {});
      await svc.audit.append([row]);
      deps.log.warn('approval refused', { instanceId: id, ring: body.ring, status: approver.status, code: 'approval-refused' });
      return errorResponse(approver.status, 'caller', '$', approver.problem);
    }
    const { approvedBy } = approver;
    const status = await deps.starter.status(id);
    const judged = judgeApproval(status, body.ring);
    if (judged.verdict === 'unknown-rollout') return notFound(id);
    if (judged.verdict === 'not-waiting') return errorResponse(409, 'id', '$', `rollout "${id}": ${judged.problem}`);
    if (judged.verdict === 'bad-ring') return errorResponse(400, 'request body', '$.ring', judged.problem);
    const ring = judged.ring;
    const input = status.input as { rolloutId?: unknown } | undefined;
    const rolloutId = typeof input?.rolloutId === 'string' ? input.rolloutId : id;
    if (body.rolloutId !== undefined && body.rolloutId !== rolloutId) {
      return errorResponse(409, 'request body', '$.rolloutId', `instance "${id}" now runs rollout "${rolloutId}", not "${body.rolloutId}": approve the rollout that asks`);
    }
    // exactly once: the ring's one approved row is claimed before the event is raised; a second approver gets 409
    const at = deps.now().toISOString();
    const earlier = await svc.audit.claimApproval(approvedRow({ rolloutId, trigger: triggerLabel({ kind: 'manual', by: approvedBy }), at }, ring, approvedBy));
    if (earlier) return errorResponse(409, 'request body', '$.ring', `ring "${ring}" of rollout "${rolloutId}" was already approved by ${earlier.actor ?? 'someone'} at ${earlier.at}`);
    if (!(await deps.starter.raiseApproval(id, { ring, approvedBy }))) return notFound(id);
    deps.log.info('ring approved', { instanceId: id, rolloutId, ring, authenticated: approver.authenticated });
    return json(202, { instanceId: id, rolloutId, ring, approvedBy });
  });
}

/**
 * POST /api/reconcile `{dryRun?, clusterId?}`: starts the fleet rollout (409 when it already runs) or one cluster's
 * rollout now. The global dry-run setting wins: a request can ask for a dry run, never for a real one.
 */
export function reconcileRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'reconcile', async (svc) => {
    const body = await readBody(request, reconcileBody, true);
    const dryRun = svc.dryRun || body.dryRun === true;
    const by = await verifiedName(request.headers, svc.callerVerifier);
    const trigger = by ? { kind: 'manual' as const, by } : { kind: 'manual' as const };
    const stamp = deps.now().toISOString();
    if (body.clusterId === undefined) {
      const input: FleetRolloutInput = { rolloutId: `fleet-${stamp}`, trigger, dryRun };
      const result = await deps.starter.start(ORCHESTRATIONS.fleet, FLEET_ROLLOUT_INSTANCE_ID, input);
      if (result === 'already-running') return errorResponse(409, 'reconcile', '$', `the fleet rollout "${FLEET_ROLLOUT_INSTANCE_ID}" is already running`);
      deps.log.info('fleet rollout started', { instanceId: FLEET_ROLLOUT_INSTANCE_ID, rolloutId: input.rolloutId, dryRun });
      return json(202, { instanceId: FLEET_ROLLOUT_INSTANCE_ID, rolloutId: input.rolloutId, dryRun, statusUri: `/api/rollouts/${FLEET_ROLLOUT_INSTANCE_ID}` });
    }
    const clusterId = body.clusterId;
    if (!(await clusterInScope(clusterId, svc.scope, svc.inventory))) return errorResponse(400, 'request body', '$.clusterId', 'the cluster is outside the configured scope');
    const cluster = await svc.clusters.readCluster(clusterId);
    if (!cluster) return errorResponse(404, 'request body', '$.clusterId', 'no such cluster');
    const instanceId = clusterRolloutInstanceId(clusterId, cluster.kubernetesVersion);
    const ring = assignRings([{ clusterId: cluster.id, tags: cluster.tags }], svc.policy.rollout)[0]?.ring.name ?? svc.policy.rollout.defaultRing.name;
    const input: ClusterRolloutInput = { rolloutId: `${instanceId}-${stamp}`, clusterId, ring, trigger, dryRun };
    const result = await deps.starter.start(ORCHESTRATIONS.cluster, instanceId, input);
    if (result === 'already-running') return errorResponse(409, 'reconcile', '$.clusterId', `the cluster rollout "${instanceId}" is already running`);
    deps.log.info('cluster rollout started', { instanceId, rolloutId: input.rolloutId, clusterId, dryRun });
    return json(202, { instanceId, rolloutId: input.rolloutId, dryRun, statusUri: `/api/rollouts/${instanceId}` });
  });
}
