/** The gate at the end of a ring (failure budget, success floor) and the final state of a rollout. Pure. */
import type { RingPolicy } from './model';
import type { ReasonCode } from './reasonCodes';
import { ringFailureBudgetExceeded } from './rollout';

/** A ring's tally: clusters in the ring and how each ended (skipped = dry run, busy, gone, outside the scope, offline). */
export interface RingTally {
  clusters: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/**
 * Counts one cluster rollout's end into a ring's tally: no result (the sub-orchestration failed outright) or `failed` is
 * a failure, `skipped` a skip, anything else a success.
 */
export function countClusterResult(tally: Pick<RingTally, 'succeeded' | 'failed' | 'skipped'>, result: { result: string } | undefined | null): void {
  if (!result || result.result === 'failed') tally.failed++;
  else if (result.result === 'skipped') tally.skipped++;
  else tally.succeeded++;
}

/** Whether the rollout goes on after a ring, or halts with a code and a sentence. */
export type RingGateResult = { ok: true } | { ok: false; code: ReasonCode; reason: string };

/**
 * The gate of a ring that ended: over its failure budget (failed / clusters > maxFailureRatio) halts with
 * `ring-failure-budget-exceeded`; below its success floor (succeeded / clusters < minSuccessRatio; skipped clusters are
 * no successes) halts with `ring-success-floor-not-met`. A dry run succeeds nowhere, so the floor does not apply to it.
 */
export function ringGate(tally: RingTally, ring: Pick<RingPolicy, 'name' | 'maxFailureRatio' | 'minSuccessRatio'>, dryRun: boolean): RingGateResult {
  if (ringFailureBudgetExceeded(tally.failed, tally.clusters, ring)) {
    return { ok: false, code: 'ring-failure-budget-exceeded', reason: `${tally.failed} of ${tally.clusters} clusters failed in ring ${ring.name}, above its budget of ${ring.maxFailureRatio}.` };
  }
  const floor = ring.minSuccessRatio ?? 0;
  if (!dryRun && tally.clusters > 0 && tally.succeeded / tally.clusters < floor) {
    return {
      ok: false,
      code: 'ring-success-floor-not-met',
      reason: `${tally.succeeded} of ${tally.clusters} clusters succeeded in ring ${ring.name} (${tally.failed} failed, ${tally.skipped} skipped), below its floor of ${floor}.`,
    };
  }
  return { ok: true };
}

/** How a rollout ended. */
export type RolloutFinalState = 'completed' | 'completed-with-failures' | 'halted';

/** `halted` when a gate stopped it; else `completed-with-failures` when any cluster failed; else `completed`. */
export function rolloutFinalState(halted: boolean, rings: readonly Pick<RingTally, 'failed'>[]): RolloutFinalState {
  if (halted) return 'halted';
  return rings.some((r) => r.failed > 0) ? 'completed-with-failures' : 'completed';
}
