/**
 * How much of a ring one execution of the fleet orchestration rolls out before it continues as new. Each cluster costs
 * the execution's history about two events (sub-orchestration created, completed); these bounds keep one execution's
 * history far below 5,000 events and its replays short. Pure.
 */
import type { RingPolicy } from './model';

/** Most clusters one batch starts at once, whatever maxParallel says (a batch cannot be split across executions). */
export const MAX_BATCH_CLUSTERS = 2_000;

/** About how many clusters one execution starts before it continues as new (at least one whole batch). */
export const MAX_CLUSTERS_PER_EXECUTION = 1_000;

/** The batch size of a ring: its maxParallel (at least 1), at most MAX_BATCH_CLUSTERS. */
export function batchSize(ring: Pick<RingPolicy, 'maxParallel'>): number {
  return Math.min(MAX_BATCH_CLUSTERS, Math.max(1, Math.floor(ring.maxParallel)));
}

/**
 * Clusters one execution rolls out from a ring: whole batches, at most `batchesPerExecution` of them and at most
 * MAX_CLUSTERS_PER_EXECUTION clusters, but always one batch. `batchesPerExecution` 0 (never continue) also yields
 * that window: the single execution then reads the ring window after window.
 */
export function executionWindow(ring: Pick<RingPolicy, 'maxParallel'>, batchesPerExecution: number): number {
  const size = batchSize(ring);
  const byClusters = Math.floor(MAX_CLUSTERS_PER_EXECUTION / size);
  const batches = batchesPerExecution > 0 ? Math.min(batchesPerExecution, byClusters) : byClusters;
  return Math.max(1, batches) * size;
}
