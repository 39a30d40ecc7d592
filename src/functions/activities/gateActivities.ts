/**
 * Fleet Manager gate activities: inspect a gate (read it and its update run live, decide what to do: src/domain/fleetGates.ts),
 * check its members' readiness on the run's target Kubernetes version (what-if planning), and approve it (re-read first,
 * level-triggered; `If-Match` with the eTag just read; a changed eTag is read again, at most three times).
 */
import { clusterInScope } from '../../app/scopeGuard';
import { planSnapshot, readStates } from '../../app/snapshot';
import { fleetOfGate, gateAction, gatePlace, isOurGate, type GateAction } from '../../domain/fleetGates';
import { readinessBlockers, ringForStage, type GateBlocker } from '../../domain/gateVerdicts';
import type { ClusterSnapshot, RingPolicy } from '../../domain/model';
import type { ReasonCode } from '../../domain/reasonCodes';
import { assumeKubernetesVersion, type KubernetesTarget } from '../../domain/whatIf';
import { services } from '../../host/services';
import { typedActivity } from '../../host/typedActivity';

/** What inspectGate found: nothing to do (not ours, out of scope), or the gate, where it stands, and what to do there. */
export type GateInspection =
  | { ignore: true; code: ReasonCode; reason: string }
  | { ignore: false; displayName: string; place: string; stage?: string; action: GateAction; ring: RingPolicy };

/** Activity inspectGate: reads the gate and its update run live and decides what the app does at it. */
export const inspectGateActivity = typedActivity<{ gateId: string }, GateInspection>('inspectGate', async ({ gateId }) => {
  const s = services();
  if (!s.fleet || fleetOfGate(gateId) === undefined) return { ignore: true, code: 'event-ignored', reason: 'Not a Fleet Manager gate the app is set up for.' };
  if (!(await clusterInScope(gateId, s.scope, s.inventory))) return { ignore: true, code: 'outside-scope', reason: 'The gate\'s fleet is outside the configured scope; nothing touched.' };
  const gate = await s.fleet.api.readGate(gateId);
  if (gate && !isOurGate(gate, s.fleet.gatePattern)) return { ignore: true, code: 'event-ignored', reason: `Gate "${gate.displayName}" is not ours (pattern ${s.fleet.gatePattern.source}); never touched.` };
  const run = gate ? await s.fleet.api.readUpdateRun(gate.target.updateRunId) : null;
  const action = gateAction(gate, run);
  const stage = gate?.target.stage;
  return { ignore: false, displayName: gate?.displayName ?? '', place: gate ? gatePlace(gate.target) : gateId, ...(stage !== undefined ? { stage } : {}), action, ring: ringForStage(s.policy.rollout, stage) };
});

/** Input of checkGateReadiness: the members to plan and the Kubernetes version to plan them on (null: their own). */
export interface GateReadinessInput {
  gateId: string;
  clusterIds: string[];
  kubernetes: KubernetesTarget | null;
  now: string;
}

/** Activity checkGateReadiness: each member read live, as if on the target version, planned; the blockers found. */
export const checkGateReadinessActivity = typedActivity<GateReadinessInput, { blockers: GateBlocker[] }>('checkGateReadiness', async (input) => {
  const s = services();
  const blockers: GateBlocker[] = [];
  const clusters: ClusterSnapshot[] = [];
  for (const clusterId of input.clusterIds) {
    if (!(await clusterInScope(clusterId, s.scope, s.inventory))) {
      blockers.push({ clusterId, extensionName: '', action: 'error', code: 'outside-scope', reason: 'The member is outside the configured scope: its extensions cannot be vouched for.' });
      continue;
    }
    const cluster = await s.clusters.readCluster(clusterId);
    if (!cluster) blockers.push({ clusterId, extensionName: '', action: 'error', code: 'cluster-not-found', reason: 'The member\'s cluster could not be read.' });
    else clusters.push(cluster);
  }
  if (clusters.length > 0) {
    // what-if: each member as if on the target, its current version becoming its reconciled one; a node-image-only run
    // keeps the members' versions, planned with what the app remembers
    const target = input.kubernetes;
    const planned =
      target === null
        ? await planSnapshot({ clusters }, s, new Date(input.now), await readStates(s.state, { clusters }))
        : await planSnapshot({ clusters: clusters.map((c) => assumeKubernetesVersion(c, target)) }, s, new Date(input.now));
    blockers.push(...readinessBlockers(planned.decisions));
  }
  return { blockers };
});

/** How an approval attempt ended: approved, or left with a reason code (gone, approved by someone else, skipped, stopped, refused). */
export type GateApprovalResult = { approved: true } | { approved: false; code: ReasonCode; reason: string };

/** Most times a changed eTag is read again before the approval gives up for this attempt. */
const ETAG_ATTEMPTS = 3;

/** Activity approveGate: re-reads the gate and its run, and completes the gate only if it is still ours to complete. */
export const approveGateActivity = typedActivity<{ gateId: string }, GateApprovalResult>('approveGate', async ({ gateId }) => {
  const api = services().fleet?.api;
  if (!api) return { approved: false, code: 'event-ignored', reason: 'Fleet Manager is not configured.' };
  for (let attempt = 1; ; attempt++) {
    const gate = await api.readGate(gateId);
    const action = gateAction(gate, gate ? await api.readUpdateRun(gate.target.updateRunId) : null);
    if (action.kind === 'leave') return { approved: false, code: action.code, reason: action.reason };
    const outcome = await api.approveGate(gateId, gate?.eTag);
    if (outcome.kind === 'approved') return { approved: true };
    if (outcome.kind === 'not-found') return { approved: false, code: 'gate-deleted', reason: 'The gate disappeared before it could be approved.' };
    if (outcome.kind === 'refused') return { approved: false, code: 'apply-failed', reason: `Fleet Manager refused the approval: ${outcome.errorCode}: ${outcome.message}`.slice(0, 1000) };
    if (attempt >= ETAG_ATTEMPTS) throw new Error(`gate ${gateId}: its eTag changed ${ETAG_ATTEMPTS} times while approving (${outcome.message})`);
  }
});
