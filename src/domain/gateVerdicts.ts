/**
 * The verdicts at a Fleet Manager gate: is every member ready for the run's target (Before), did the stage's extension
 * rollout meet the policy (After), and which ring policy a stage follows. Pure.
 */
import type { Decision, RingPolicy, RolloutPolicy } from './model';
import type { ReasonCode } from './reasonCodes';
import { ringGate, type RingTally } from './ringGate';

/** A member's extension that would stop the run: a `blocked` or `error` decision on the target version. */
export interface GateBlocker {
  clusterId: string;
  extensionName: string;
  action: Decision['action'];
  /** The decision's code, or why the member could not be planned (`outside-scope`, `cluster-not-found`). */
  code: ReasonCode;
  reason: string;
}

/** Approve the gate, or leave it Pending with a code and a sentence. */
export type GateVerdict = { approve: true; reason: string } | { approve: false; code: ReasonCode; reason: string };

/** The actions that make a member not ready: nothing allowed to move to, or a decision that could not be made. */
const NOT_READY: ReadonlySet<Decision['action']> = new Set<Decision['action']>(['blocked', 'error']);

/** The blockers among decisions planned as if on the run's target version. */
export function readinessBlockers(decisions: readonly Decision[]): GateBlocker[] {
  return decisions.filter((d) => NOT_READY.has(d.action)).map((d) => ({ clusterId: d.clusterId, extensionName: d.extensionName, action: d.action, code: d.code, reason: d.reason }));
}

/**
 * Before-gate verdict: approve when no member would be `blocked` or `error` on the target (members that could not be
 * read count as blockers too); else `gate-held-not-ready` naming the first blockers. A dry run approves nothing.
 */
export function readinessVerdict(blockers: readonly GateBlocker[], members: number, dryRun: boolean): GateVerdict {
  if (blockers.length > 0) {
    const named = blockers.slice(0, 3).map((b) => `${b.clusterId.split('/').pop() ?? b.clusterId}/${b.extensionName} (${b.code})`).join(', ');
    const more = blockers.length > 3 ? ` and ${blockers.length - 3} more` : '';
    return { approve: false, code: 'gate-held-not-ready', reason: `${blockers.length} extension(s) of ${members} member(s) would have no allowed version on the target: ${named}${more}. Fix them (or skip the stage), then the next check approves.` };
  }
  if (dryRun) return { approve: false, code: 'dry-run', reason: `Dry run: all ${members} member(s) ready; the gate would be approved.` };
  return { approve: true, reason: `All ${members} member(s) have an allowed path on the target version.` };
}

/**
 * After-gate verdict: the stage's tally against its ring's failure budget and success floor (src/domain/ringGate.ts);
 * `gate-held-by-outcome` when either is missed. A dry run approves nothing.
 */
export function outcomeVerdict(tally: RingTally, ring: Pick<RingPolicy, 'name' | 'maxFailureRatio' | 'minSuccessRatio'>, dryRun: boolean): GateVerdict {
  const gate = ringGate(tally, ring, dryRun);
  if (!gate.ok) return { approve: false, code: 'gate-held-by-outcome', reason: `${gate.reason} Look at the failed clusters, fix or roll back, then approve the gate yourself or let the next check retry.` };
  if (dryRun) return { approve: false, code: 'dry-run', reason: `Dry run: ${tally.clusters} member(s) planned; the gate would be approved.` };
  return { approve: true, reason: `${tally.succeeded} of ${tally.clusters} member(s) moved their extensions (${tally.failed} failed, ${tally.skipped} with nothing to move), within ring ${ring.name}'s policy.` };
}

/** The ring policy a stage follows: the ring of the same name (any case), else the default ring. */
export function ringForStage(rollout: Pick<RolloutPolicy, 'rings' | 'defaultRing'>, stage: string | undefined): RingPolicy {
  const wanted = stage?.toLowerCase();
  return rollout.rings.find((r) => r.name.toLowerCase() === wanted) ?? rollout.defaultRing;
}
