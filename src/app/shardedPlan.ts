/**
 * The fleet plan in shards: the scope split into parts planned one activity each (a shard's fleet fits one instance's
 * memory), and the shards' stored rings put back together in the order one pass over the whole scope gives.
 *
 * A shard is a run of subscriptions in ascending order (the management groups last). Resource Graph answers the fleet
 * query in cluster id order, and a cluster id starts with its subscription's, so the shards' clusters, concatenated
 * shard by shard, come in the order of one query over the whole scope; assignRings keeps that order within a ring, so
 * the merged rings are those of one pass. With whole pages per shard (1,000 rows), the shards send ⌈rows/1000⌉ queries.
 */
import type { ClusterSnapshot, RingPolicy, RolloutPolicy } from '../domain/model';
import type { FleetScope } from '../domain/ports';

/** Subscriptions per shard by default: one Resource Graph query scope (its advice: at most 300 per query). */
export const SUBSCRIPTIONS_PER_SHARD = 300;

/** The part of the scope one shard discovers, and which of its clusters it keeps. */
export interface FleetShard {
  scope: FleetScope;
  /** Drops clusters another shard owns (a management group's clusters in a listed subscription); undefined keeps all. */
  keep?: (cluster: ClusterSnapshot) => boolean;
}

/** The subscription of an ARM id, lower-case. */
function subscriptionOf(id: string): string {
  return (id.split('/')[2] ?? '').toLowerCase();
}

/**
 * Splits the scope into shards: the subscriptions (lower-case, once each, ascending) in runs of `subscriptionsPerShard`,
 * then one shard for the management groups that keeps only clusters of subscriptions not listed. An empty scope has one
 * empty shard.
 */
export function fleetShards(scope: FleetScope, subscriptionsPerShard = SUBSCRIPTIONS_PER_SHARD): FleetShard[] {
  const size = Math.max(1, Math.floor(subscriptionsPerShard));
  const subscriptions = [...new Set(scope.subscriptions.map((s) => s.toLowerCase()))].sort();
  const shards: FleetShard[] = [];
  for (let i = 0; i < subscriptions.length; i += size) shards.push({ scope: { subscriptions: subscriptions.slice(i, i + size), managementGroups: [] } });
  if (scope.managementGroups.length > 0) {
    const listed = new Set(subscriptions);
    shards.push({ scope: { subscriptions: [], managementGroups: [...scope.managementGroups] }, ...(listed.size > 0 ? { keep: (c: ClusterSnapshot) => !listed.has(subscriptionOf(c.id)) } : {}) });
  }
  return shards.length > 0 ? shards : [{ scope: { subscriptions: [], managementGroups: [] } }];
}

/** Where part of a ring is stored: a shard's plan id, the ring's index in that plan, and how many clusters it holds. */
export interface PlanPart {
  planId: string;
  ringIndex: number;
  clusters: number;
}

/**
 * A ring of the fleet plan: its policy, its place among the policy's rings (`slot`: index in `rollout.rings`, or
 * `rollout.rings.length` for the default ring) and its clusters, stored in parts (one per shard that has some).
 */
export interface PlannedRingRef {
  ring: RingPolicy;
  slot: number;
  clusters: number;
  parts: PlanPart[];
}

/** Puts the shards' rings together, shard after shard within each ring, rings in slot order. */
export function mergeShardRings(shards: readonly (readonly PlannedRingRef[])[]): PlannedRingRef[] {
  const bySlot = new Map<number, PlannedRingRef>();
  for (const rings of shards) {
    for (const r of rings) {
      const merged = bySlot.get(r.slot);
      if (merged) {
        merged.clusters += r.clusters;
        merged.parts.push(...r.parts);
      } else {
        bySlot.set(r.slot, { ring: r.ring, slot: r.slot, clusters: r.clusters, parts: [...r.parts] });
      }
    }
  }
  return [...bySlot.values()].sort((a, b) => a.slot - b.slot);
}

/** The slot of a ring policy object among `rollout`'s rings (the default ring after them). */
export function ringSlot(ring: RingPolicy, rollout: RolloutPolicy): number {
  const i = rollout.rings.indexOf(ring);
  return i >= 0 ? i : rollout.rings.length;
}

/** One read of a stored plan: `count` clusters of ring `ringIndex` of plan `planId` from `offset`. */
export interface PartRead {
  planId: string;
  ringIndex: number;
  offset: number;
  count: number;
}

/** The reads covering clusters [offset, offset + count) of a ring stored in `parts` (in order; none past the ring's end). */
export function partReads(parts: readonly PlanPart[], offset: number, count: number): PartRead[] {
  const reads: PartRead[] = [];
  let start = 0;
  let from = Math.max(0, offset);
  const end = from + Math.max(0, count);
  for (const part of parts) {
    const partEnd = start + part.clusters;
    if (from < partEnd && from < end) {
      const n = Math.min(end, partEnd) - from;
      reads.push({ planId: part.planId, ringIndex: part.ringIndex, offset: from - start, count: n });
      from += n;
    }
    start = partEnd;
  }
  return reads;
}
