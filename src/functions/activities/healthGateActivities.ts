/**
 * Health gate and rollback activities (issue 15): the alert and extension-status gate of one cluster after a hop, the
 * alert gate of a ring at the end of its bake, the last-known-good rollback of a failed hop, and the fleet-wide hold of
 * a version that failed. Transient errors are thrown so the orchestration's retry options retry them.
 */
import { recordOurWrite } from './applyActivities';
import { clusterInScope } from '../../app/scopeGuard';
import { partReads, type PlanPart } from '../../app/shardedPlan';
import { describeAlert, extensionHealthSignals, matchingAlerts } from '../../domain/healthGate';
import type { HealthGatePolicy } from '../../domain/model';
import type { FailedVersionHold } from '../../domain/versionHolds';
import { sameVersion } from '../../domain/versions';
import { services } from '../../host/services';
import { typedActivity } from '../../host/typedActivity';

/** Input of checkHealthGate: one extension of one cluster, touched by the rollout at `since`. */
export interface HealthGateInput {
  clusterId: string;
  extensionName: string;
  since: string;
  gate: HealthGatePolicy;
}

/** Input of checkRingHealth: a ring's clusters, touched by the rollout at `since`. */
export interface RingHealthInput {
  /** The ring's clusters as the rollout plan stores them, shard by shard (read here, never carried in the input). */
  plan: { parts: PlanPart[]; clusters: number };
  since: string;
  gate: HealthGatePolicy;
}

/** The signals that failed the gate, one sentence each (empty: the gate passed). */
export interface GateSignals {
  signals: string[];
}

/** Activity checkHealthGate: matching alerts fired on the cluster since `since`, plus the extension's own statuses. */
export const checkHealthGateActivity = typedActivity<HealthGateInput, GateSignals>('checkHealthGate', async (input) => {
  const { inventory, writer } = services();
  const alerts = input.gate.alertSeverities.length > 0 ? await inventory.alertsSince([input.clusterId], input.since) : [];
  const extension = input.gate.extensionStatusLevels.length > 0 ? await writer.readExtension(input.clusterId, input.extensionName) : null;
  return { signals: [...matchingAlerts(input.gate, alerts, input.since).map(describeAlert), ...extensionHealthSignals(input.gate, input.extensionName, extension?.health)] };
});

/** Activity checkRingHealth: matching alerts fired on any of the ring's clusters since `since`. */
export const checkRingHealthActivity = typedActivity<RingHealthInput, GateSignals>('checkRingHealth', async (input) => {
  if (input.plan.clusters === 0 || input.gate.alertSeverities.length === 0) return { signals: [] };
  const { plans, inventory } = services();
  const slices = await Promise.all(partReads(input.plan.parts, 0, input.plan.clusters).map((r) => plans.read(r.planId, r.ringIndex, r.offset, r.count)));
  const clusterIds = slices.flat().map((c) => c.clusterId);
  const alerts = await inventory.alertsSince(clusterIds, input.since);
  return { signals: matchingAlerts(input.gate, alerts, input.since).map(describeAlert) };
});

/** Input of rollbackHop: re-pin `target` on an extension whose hop to `failedVersion` failed. */
export interface RollbackInput {
  clusterId: string;
  extensionName: string;
  failedVersion: string;
  target: string;
}

/** How a rollback ended: re-pinned and read back Succeeded at the target, or not (with what was read or reported). */
export type RollbackResult = { kind: 'rolled-back'; installedVersion: string } | { kind: 'rollback-failed'; installedVersion: string | null; message: string };

/**
 * Activity rollbackHop: already at the target and Succeeded → rolled back without a write (a re-run after a crash);
 * else one PATCH to the target, then the extension read back.
 */
export const rollbackHopActivity = typedActivity<RollbackInput, RollbackResult>('rollbackHop', async (input) => {
  const { writer, scope, inventory } = services();
  if (!(await clusterInScope(input.clusterId, scope, inventory))) return { kind: 'rollback-failed', installedVersion: null, message: 'the cluster is outside the configured scope: nothing touched' };
  const before = await writer.readExtension(input.clusterId, input.extensionName);
  if (!before) return { kind: 'rollback-failed', installedVersion: null, message: 'the extension is gone' };
  if (!(sameVersion(before.version, input.target) && before.provisioningState === 'Succeeded')) {
    const outcome = await writer.applyHop({ clusterId: input.clusterId, extensionName: input.extensionName, version: input.target });
    if (outcome.kind !== 'succeeded') return { kind: 'rollback-failed', installedVersion: before.version, message: outcome.kind === 'failed' ? `${outcome.errorCode}: ${outcome.message}` : `${outcome.kind}: ${outcome.message}` };
  }
  const after = await writer.readExtension(input.clusterId, input.extensionName);
  if (after && sameVersion(after.version, input.target) && after.provisioningState === 'Succeeded') {
    await recordOurWrite(input.clusterId, input.extensionName, after.version); // issue 24: our move, no drift
    return { kind: 'rolled-back', installedVersion: after.version };
  }
  return { kind: 'rollback-failed', installedVersion: after?.version ?? null, message: `read back provisioningState ${after?.provisioningState ?? 'absent'}, installed version ${after?.version ?? 'absent'}` };
});

/** Activity holdFailedVersion: holds the version fleet-wide (the first failure is kept). */
export const holdFailedVersionActivity = typedActivity<FailedVersionHold, void>('holdFailedVersion', async (hold) => {
  await services().holds.add(hold);
});
