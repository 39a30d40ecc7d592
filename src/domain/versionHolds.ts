/** Last-known-good rollback and versions held fleet-wide after they failed on a cluster. Pure. */
import type { Decision } from './model';
import { parseVersion, sameVersion } from './versions';

/** A version held fleet-wide because it failed on a cluster; stays until a person clears it through the API. */
export interface FailedVersionHold {
  /** Lower-cased extension type. */
  extensionType: string;
  version: string;
  /** Where it failed first. */
  clusterId: string;
  rolloutId: string;
  /** ISO-8601. */
  heldAt: string;
  /** What failed (the hop's failure sentence). */
  reason: string;
}

/** The version a failed hop rolls back to: the one before the hop, never below what the cluster ran when the rollout started. */
export function rollbackTarget(beforeHop: string, atRolloutStart: string): string {
  const before = parseVersion(beforeHop);
  const start = parseVersion(atRolloutStart);
  return before && start && before.compare(start) < 0 ? atRolloutStart : beforeHop;
}

/** The hold covering a version of a type, if any. */
export function heldVersion(holds: readonly FailedVersionHold[], extensionType: string, version: string): FailedVersionHold | undefined {
  const type = extensionType.toLowerCase();
  return holds.find((h) => h.extensionType === type && sameVersion(h.version, version));
}

/**
 * Applies the failed-version holds to a plan: a move whose path (or target) passes a held version is not made; it
 * becomes a `hold` with `held-after-failure`, naming the version and where it failed. Other decisions pass unchanged.
 */
export function applyFailedVersionHolds(decisions: readonly Decision[], holds: readonly FailedVersionHold[]): Decision[] {
  return decisions.map((d) => {
    if (d.action !== 'upgrade') return d;
    const hops = d.path.length > 0 ? d.path : d.to !== null ? [d.to] : [];
    const hold = hops.map((v) => heldVersion(holds, d.extensionType, v)).find((h) => h !== undefined);
    if (!hold) return d;
    return {
      ...d,
      action: 'hold',
      code: 'held-after-failure',
      reason: `Version ${hold.version} failed on ${hold.clusterId} in rollout ${hold.rolloutId} and is held fleet-wide until cleared (DELETE /api/holds/${hold.extensionType}/${hold.version}).`,
    };
  });
}
