/**
 * Throttling is weather, not failure. A hop whose 429s outlived the writer's own retries waits out ARM's Retry-After
 * (bounded) and tries again, a few times; then its cluster is deferred to the next pass (`throttled`), never failed:
 * it does not count toward a ring's failure budget, starts no rollback and holds no version. Pure.
 */

/** Waits one hop may take for throttling before its cluster is deferred. */
export const THROTTLE_WAITS = 4;
/** The longest single wait, whatever Retry-After asks for. */
export const THROTTLE_MAX_WAIT_MS = 5 * 60_000;
/** The wait when ARM gave no Retry-After: doubled per wait, within the bound. */
export const THROTTLE_DEFAULT_WAIT_MS = 30_000;

/** What to do after a throttled attempt: wait `delayMs` and try the hop again, or defer the cluster to the next pass. */
export type ThrottleStep = { kind: 'wait'; delayMs: number } | { kind: 'defer' };

/**
 * The step after the throttled attempt that followed `waitsSoFar` waits: ARM's Retry-After (or 30 s doubling when it
 * gave none), at most 5 minutes, while fewer than THROTTLE_WAITS waits were taken; then defer.
 */
export function afterThrottle(waitsSoFar: number, retryAfterMs: number | undefined): ThrottleStep {
  if (waitsSoFar >= THROTTLE_WAITS) return { kind: 'defer' };
  const asked = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? retryAfterMs : THROTTLE_DEFAULT_WAIT_MS * 2 ** waitsSoFar;
  return { kind: 'wait', delayMs: Math.min(THROTTLE_MAX_WAIT_MS, Math.max(0, Math.ceil(asked))) };
}
