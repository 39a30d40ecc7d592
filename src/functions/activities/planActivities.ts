/**
 * Planning activities: discover (fleet) or read (one cluster) live, merge the remembered state, read the catalog and run
 * the pure policy. Results are compact so orchestration histories stay small for large fleets.
 */
import { randomUUID } from 'node:crypto';
import { planScope, planSnapshot, readStates } from '../../app/snapshot';
import { levelRow, plannedRows, type RowContext } from '../../domain/auditRows';
import type { Decision, RolloutPolicy } from '../../domain/model';
import type { PlannedClusterRef, Trigger } from '../../domain/ports';
import { assignRings } from '../../domain/rollout';
import { otherRolloutInFlight, stateAfterPlan, windowStillNeeded } from '../../domain/reconcile';
import { triggerLabel } from '../../domain/rolloutTrigger';
import { clusterInScope } from '../../app/scopeGuard';
import { checkDrift } from '../../app/driftCheck';
import { fleetShards, ringSlot, type PartRead, type PlannedRingRef } from '../../app/shardedPlan';

export type { PlannedRingRef } from '../../app/shardedPlan';
import { services } from '../../host/services';
import { typedActivity } from '../../host/typedActivity';
import { decisionsMade } from '../../telemetry/metrics';

/** Input of the planFleet activity; `now` is the orchestration's replay-safe time (ISO-8601). */
export interface PlanFleetInput {
  rolloutId: string;
  trigger: Trigger;
  now: string;
  /** Which shard of the scope to plan (default 0) and how many subscriptions a shard holds (default SUBSCRIPTIONS_PER_SHARD). */
  shard?: number;
  subscriptionsPerShard?: number;
}

/**
 * Compact result of planFleet for one shard, whatever the fleet's size: where it stored its part of the plan (the
 * clusters with moves, ring by ring) with each ring's policy, slot and size, how many shards the scope has, and the
 * rollout policy in force (deterministic for replay).
 */
export interface PlanFleetResult {
  planId: string;
  rings: PlannedRingRef[];
  rollout: RolloutPolicy;
  shard: number;
  shards: number;
  /** Clusters discovered in the shard, and those planned (with moves, not busy). */
  clusters: number;
  planned: number;
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
  | { kubernetesVersion: string; reconciledKubernetesVersion?: string; decisions: Decision[]; windowStillNeeded: boolean; rollout: RolloutPolicy; tags?: Record<string, string>; heldAfterFailure?: Decision[] };

/** Planned audit rows built and appended at a time by planFleet (100 transactions of 100 rows). */
const PLANNED_ROWS_PER_APPEND = 10_000;

/**
 * Activity planFleet: discover one shard of the scope, merge state, plan, audit every decision, remember quiet clusters
 * and store the shard's part of the plan; returns where it stored it. Shard 0 first deletes plans ended rollouts left.
 */
export const planFleetActivity = typedActivity<PlanFleetInput, PlanFleetResult>('planFleet', async (input) => {
  const s = services();
  const now = new Date(input.now);
  const ctx: RowContext = { rolloutId: input.rolloutId, trigger: triggerLabel(input.trigger), at: input.now };
  const shards = fleetShards(s.scope, input.subscriptionsPerShard);
  const index = input.shard ?? 0;
  const shard = shards[index];
  if (index === 0) await s.plans.deleteAllBut(`${input.rolloutId}~`);
  const { snapshot, decisions, stateOf } = shard ? await planScope({ ...s, scope: shard.scope }, now, shard.keep) : { snapshot: { clusters: [] }, decisions: [], stateOf: () => undefined };
  // the planned rows a slice at a time: a shard's rows and their table entities are never all in memory at once
  for (let i = 0; i < decisions.length; i += PLANNED_ROWS_PER_APPEND) await s.audit.append(plannedRows(decisions.slice(i, i + PLANNED_ROWS_PER_APPEND), ctx));
  decisionsMade(decisions);
  // one rollout per cluster: a cluster another rollout is working on is left to it this pass
  const busy = snapshot.clusters.filter((c) => otherRolloutInFlight(stateOf(c.id), now) !== undefined);
  const busyIds = new Set(busy.map((c) => c.id));
  // issue 24: versions moved outside any rollout since the last pass (clusters another rollout is working on are left out)
  await checkDrift(snapshot.clusters.filter((c) => !busyIds.has(c.id)), stateOf, s, ctx);
  if (busy.length > 0) {
    await s.audit.append(busy.map((c) => levelRow(ctx, 'skipped', c.id, 'rollout-in-flight', `Rollout ${stateOf(c.id)?.inFlightRolloutId ?? '?'} is working on this cluster; left to it this pass.`)));
  }
  const withMoves = new Set(decisions.filter((d) => d.action === 'upgrade' && !busyIds.has(d.clusterId)).map((d) => d.clusterId));
  // Remember every cluster without a move: last seen, and reconciled at first sight or when nothing needs the window.
  const byCluster = new Map<string, Decision[]>();
  for (const d of decisions) {
    const list = byCluster.get(d.clusterId);
    if (list) list.push(d);
    else byCluster.set(d.clusterId, [d]);
  }
  const quiet = snapshot.clusters.filter((c) => !withMoves.has(c.id) && !busyIds.has(c.id));
  await s.state.putMany(quiet.map((c) => stateAfterPlan(c, byCluster.get(c.id) ?? [], stateOf(c.id), input.now)));
  const planned = snapshot.clusters.filter((c) => withMoves.has(c.id));
  const rings = assignRings(planned.map((c) => ({ clusterId: c.id, tags: c.tags })), s.policy.rollout);
  const versions = new Map(planned.map((c) => [c.id, c.kubernetesVersion]));
  // each run stores its own plan: a result recorded from one run never points at rows another run rewrote
  const planId = `${input.rolloutId}~${randomUUID()}`;
  await s.plans.write(planId, rings.map((r) => r.clusterIds.map((clusterId): PlannedClusterRef => ({ clusterId, kubernetesVersion: versions.get(clusterId) ?? 'unknown' }))));
  const moves = decisions.filter((d) => d.action === 'upgrade').length;
  return {
    planId,
    rings: rings.map((r, ringIndex) => ({ ring: r.ring, slot: ringSlot(r.ring, s.policy.rollout), clusters: r.clusterIds.length, parts: [{ planId, ringIndex, clusters: r.clusterIds.length }] })),
    rollout: s.policy.rollout,
    shard: index,
    shards: shards.length,
    clusters: snapshot.clusters.length,
    planned: planned.length,
    decisions: decisions.length,
    moves,
  };
}, { trace: (input) => ({ rolloutId: input.rolloutId }) });

/** Most clusters one readPlannedClusters call returns: ~200 B each keeps its output far below 45 KB. */
export const MAX_PLANNED_CLUSTERS_PER_READ = 100;

/** Input of readPlannedClusters: a slice of one ring of a stored plan (a part of a sharded plan). */
export type ReadPlannedClustersInput = PartRead;

/** Activity readPlannedClusters: a slice (at most MAX_PLANNED_CLUSTERS_PER_READ) of one ring of a stored plan. */
export const readPlannedClustersActivity = typedActivity<ReadPlannedClustersInput, PlannedClusterRef[]>('readPlannedClusters', async (input) =>
  services().plans.read(input.planId, input.ringIndex, input.offset, Math.min(input.count, MAX_PLANNED_CLUSTERS_PER_READ)),
);

/** Activity planCluster: re-read one cluster live and plan it (level-triggered); touches nothing outside the scope. */
export const planClusterActivity = typedActivity<PlanClusterInput, PlanClusterResult>('planCluster', async (input) => {
  const s = services();
  const rollout = s.policy.rollout;
  if (!(await clusterInScope(input.clusterId, s.scope, s.inventory))) return { outsideScope: true, rollout };
  const cluster = await s.clusters.readCluster(input.clusterId);
  if (!cluster) return { missing: true, rollout };
  const stateOf = await readStates(s.state, { clusters: [cluster] });
  const previous = stateOf(cluster.id);
  const busy = otherRolloutInFlight(previous, new Date(input.now), input.instanceId);
  if (busy !== undefined) return { busy, rollout };
  const { snapshot, decisions } = await planSnapshot({ clusters: [cluster] }, s, new Date(input.now), stateOf);
  const merged = snapshot.clusters[0] ?? cluster;
  if (input.recordPlan) await s.audit.append(plannedRows(decisions, { rolloutId: input.rolloutId, trigger: triggerLabel(input.trigger), at: input.now }));
  if (input.recordPlan) decisionsMade(decisions);
  const result: PlanClusterResult = {
    kubernetesVersion: cluster.kubernetesVersion,
    decisions: decisions.filter((d) => d.action === 'upgrade'),
    windowStillNeeded: windowStillNeeded(decisions),
    rollout,
    tags: cluster.tags,
  };
  const held = decisions.filter((d) => d.code === 'held-after-failure');
  if (held.length > 0) result.heldAfterFailure = held;
  if (merged.reconciledKubernetesVersion !== undefined) result.reconciledKubernetesVersion = merged.reconciledKubernetesVersion;
  if (input.instanceId !== undefined && result.decisions.length > 0) {
    // mark the cluster in flight for this rollout; its final state record (a replace) clears the mark
    await s.state.put({ ...(previous ?? {}), clusterId: cluster.id, lastSeenKubernetesVersion: cluster.kubernetesVersion, inFlightRolloutId: input.instanceId, inFlightSince: input.now, updatedAt: input.now });
  }
  return result;
}, { trace: (input) => ({ rolloutId: input.rolloutId, clusterId: input.clusterId }) });
