/** Rollout ordering: clusters into rings, and the failure budget of a ring. Pure. */
import type { RingPolicy, RolloutPolicy } from './model';

/** A cluster as the rollout needs it: its id and tags. */
export interface RingMember {
  clusterId: string;
  tags: Record<string, string>;
}

/** One ring with its clusters, in rollout order. */
export interface RingAssignment {
  ring: RingPolicy;
  clusterIds: string[];
}

/** The value of `tag` on a cluster, the tag name compared case-insensitively (Azure tag names are). */
function tagValue(tags: Record<string, string>, tag: string): string | undefined {
  const wanted = tag.toLowerCase();
  for (const [key, value] of Object.entries(tags)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Groups clusters into the policy's rings by the ring tag (values compared case-insensitively), in policy order;
 * clusters matching no ring go into `defaultRing`, last. Empty rings are dropped; clusters keep their input order
 * and appear once (the first occurrence of an id wins).
 */
export function assignRings(clusters: readonly RingMember[], rollout: RolloutPolicy): RingAssignment[] {
  const rings: RingAssignment[] = rollout.rings.map((ring) => ({ ring, clusterIds: [] }));
  const byName = new Map<string, RingAssignment>();
  for (const assignment of rings) {
    const key = assignment.ring.name.toLowerCase();
    if (!byName.has(key)) byName.set(key, assignment);
  }
  const fallback: RingAssignment = { ring: rollout.defaultRing, clusterIds: [] };
  const seen = new Set<string>();
  for (const cluster of clusters) {
    const id = cluster.clusterId.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    const value = tagValue(cluster.tags, rollout.ringTag);
    const assignment = value === undefined ? undefined : byName.get(value.trim().toLowerCase());
    (assignment ?? fallback).clusterIds.push(cluster.clusterId);
  }
  return [...rings, fallback].filter((r) => r.clusterIds.length > 0);
}

/** True when a ring's failures exceed its budget: failed / total > maxFailureRatio (never for an empty ring). */
export function ringFailureBudgetExceeded(failed: number, total: number, ring: Pick<RingPolicy, 'maxFailureRatio'>): boolean {
  if (total <= 0) return false;
  return failed / total > ring.maxFailureRatio;
}

/** Splits `items` into consecutive batches of at most `size` (size below 1 counts as 1). */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  return out;
}
