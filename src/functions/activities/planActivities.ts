/**
 * Planning activities: discover (fleet) or read (one cluster) live, merge the remembered state, read the catalog and run
 * the pure policy. Results are compact so orchestration histories stay small for large fleets.
 */
import type { ClusterSnapshot, Decision, FleetSnapshot, RolloutPolicy } from '../../domain/model';
import type { AuditRecord, ClusterState, Trigger } from '../../domain/ports';
import { planFleet as planDecisions } from '../../domain/plan';
import { otherRolloutInFlight, stateAfterPlan, windowStillNeeded } from '../../domain/reconcile';
import { levelRow } from '../../domain/auditRows';
import { triggerLabel } from '../../domain/rolloutTrigger';
import { clusterInScope } from '../../app/scopeGuard';
import { services } from '../../host/services';
import { typedActivity } from '../../host/typedActivity';
import { decisionsMade } from '../../telemetry/metrics';

/** Input of the planFleet activity; `now` is the orchestration's replay-safe time (ISO-8601). */
export interface PlanFleetInput {
  rolloutId: string;
  trigger: Trigger;
  now: string;
}

/** A cluster with at least one move, as the fleet rollout needs it. */
export interface PlannedCluster {
  clusterId: string;
  tags: Record<string, string>;
  kubernetesVersion: string;
}

/** Compact result of planFleet: the clusters to roll out and the rollout policy in force (deterministic for replay). */
export interface PlanFleetResult {
  clusters: PlannedCluster[];
  rollout: RolloutPolicy;
  /** Number of decisions made (one 'planned' audit row each). */
  decisions: number;
  moves: number;
}

/** Input of the planCluster activity. `recordPlan` writes one 'planned' row per decision (runs not started by the fleet). */
export interface PlanClusterInput {
  clusterId: string;
  rolloutId: string;
  trigger: Trigger;
  now: string;
  recordPlan?: boolean;
  /** The calling cluster rollout's instance id: when set (not a dry run) and there are moves, the cluster is marked in flight for it. */
  instanceId?: string;
}

/** Result of planCluster: the live plan (upgrade decisions only), or why there is nothing to do. */
export type PlanClusterResult =
  | { outsideScope: true; rollout: RolloutPolicy }
  | { missing: true; rollout: RolloutPolicy }
  | { busy: string; rollout: RolloutPolicy }
  | { kubernetesVersion: string; reconciledKubernetesVersion?: string; decisions: Decision[]; windowStillNeeded: boolean; rollout: RolloutPolicy };

/** Copies the remembered reconciled version onto each cluster of a snapshot. */
export function mergeClusterState(snapshot: FleetSnapshot, states: Map<string, ClusterState>): FleetSnapshot {
  const byLower = new Map<string, ClusterState>();
  for (const [id, state] of states) byLower.set(id.toLowerCase(), state);
  const clusters = snapshot.clusters.map((cluster): ClusterSnapshot => {
    const reconciled = (states.get(cluster.id) ?? byLower.get(cluster.id.toLowerCase()))?.reconciledKubernetesVersion;
    return reconciled === undefined ? cluster : { ...cluster, reconciledKubernetesVersion: reconciled };
  });
  return { clusters };
}

/** One 'planned' audit row per decision. */
export function plannedRows(decisions: readonly Decision[], rolloutId: string, trigger: string, at: string): AuditRecord[] {
  return decisions.map((d) => ({
    rolloutId,
    clusterId: d.clusterId,
    extensionName: d.extensionName,
    extensionType: d.extensionType,
    kind: 'planned',
    from: d.from,
    to: d.to,
    moveKind: d.moveKind,
    code: d.code,
    reason: d.reason,
    trigger,
    at,
  }));
}

/** Activity planFleet: discover the scope, merge state, plan, audit every decision; returns the clusters with moves. */
export const planFleetActivity = typedActivity<PlanFleetInput, PlanFleetResult>('planFleet', async (input) => {
  const s = services();
  const discovered = await s.inventory.discover(s.scope);
  const states = await s.state.get(discovered.clusters.map((c) => c.id));
  const snapshot = mergeClusterState(discovered, states);
  const catalog = await s.catalog.catalogFor(snapshot);
  const decisions = planDecisions(snapshot, catalog, s.policy, new Date(input.now));
  await s.audit.append(plannedRows(decisions, input.rolloutId, triggerLabel(input.trigger), input.now));
  decisionsMade(decisions);
  const now = new Date(input.now);
  const lower = new Map([...states].map(([id, st]) => [id.toLowerCase(), st]));
  const stateOf = (id: string): ClusterState | undefined => states.get(id) ?? lower.get(id.toLowerCase());
  // one rollout per cluster: a cluster another rollout is working on is left to it this pass
  const busy = snapshot.clusters.filter((c) => otherRolloutInFlight(stateOf(c.id), now) !== undefined);
  const busyIds = new Set(busy.map((c) => c.id));
  if (busy.length > 0) {
    const ctx = { rolloutId: input.rolloutId, trigger: triggerLabel(input.trigger), at: input.now };
    await s.audit.append(busy.map((c) => levelRow(ctx, 'skipped', c.id, 'rollout-in-flight', `Rollout ${stateOf(c.id)?.inFlightRolloutId ?? '?'} is working on this cluster; left to it this pass.`)));
  }
  const withMoves = new Set(decisions.filter((d) => d.action === 'upgrade' && !busyIds.has(d.clusterId)).map((d) => d.clusterId));
  // Remember every cluster without a move: last seen, and reconciled at first sight or when nothing needs the window.
  const byCluster = new Map<string, Decision[]>();
  for (const d of decisions) byCluster.set(d.clusterId, [...(byCluster.get(d.clusterId) ?? []), d]);
  const quiet = snapshot.clusters.filter((c) => !withMoves.has(c.id) && !busyIds.has(c.id));
  await s.state.putMany(quiet.map((c) => stateAfterPlan(c, byCluster.get(c.id) ?? [], stateOf(c.id), input.now)));
  const clusters = snapshot.clusters
    .filter((c) => withMoves.has(c.id))
    .map((c) => ({ clusterId: c.id, tags: c.tags, kubernetesVersion: c.kubernetesVersion }));
  const moves = decisions.filter((d) => d.action === 'upgrade').length;
  return { clusters, rollout: s.policy.rollout, decisions: decisions.length, moves };
}, { trace: (input) => ({ rolloutId: input.rolloutId }) });

/** Activity planCluster: re-read one cluster live and plan it (level-triggered); touches nothing outside the scope. */
export const planClusterActivity = typedActivity<PlanClusterInput, PlanClusterResult>('planCluster', async (input) => {
  const s = services();
  const rollout = s.policy.rollout;
  if (!(await clusterInScope(input.clusterId, s.scope, s.inventory))) return { outsideScope: true, rollout };
  const cluster = await s.clusters.readCluster(input.clusterId);
  if (!cluster) return { missing: true, rollout };
  const states = await s.state.get([cluster.id]);
  const previous = states.get(cluster.id) ?? [...states.values()][0];
  const busy = otherRolloutInFlight(previous, new Date(input.now), input.instanceId);
  if (busy !== undefined) return { busy, rollout };
  const snapshot = mergeClusterState({ clusters: [cluster] }, states);
  const merged = snapshot.clusters[0] ?? cluster;
  const catalog = await s.catalog.catalogFor(snapshot);
  const decisions = planDecisions(snapshot, catalog, s.policy, new Date(input.now));
  if (input.recordPlan) await s.audit.append(plannedRows(decisions, input.rolloutId, triggerLabel(input.trigger), input.now));
  if (input.recordPlan) decisionsMade(decisions);
  const result: PlanClusterResult = {
    kubernetesVersion: cluster.kubernetesVersion,
    decisions: decisions.filter((d) => d.action === 'upgrade'),
    windowStillNeeded: windowStillNeeded(decisions),
    rollout,
  };
  if (merged.reconciledKubernetesVersion !== undefined) result.reconciledKubernetesVersion = merged.reconciledKubernetesVersion;
  if (input.instanceId !== undefined && result.decisions.length > 0) {
    // mark the cluster in flight for this rollout; its final state record (a replace) clears the mark
    await s.state.put({ ...(previous ?? {}), clusterId: cluster.id, lastSeenKubernetesVersion: cluster.kubernetesVersion, inFlightRolloutId: input.instanceId, inFlightSince: input.now, updatedAt: input.now });
  }
  return result;
}, { trace: (input) => ({ rolloutId: input.rolloutId, clusterId: input.clusterId }) });
