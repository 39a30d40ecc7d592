/**
 * The outcome rules of one cluster's rollout, pure: which code a failed hop gets, what a dry run records, what the
 * rest of a stopped cluster records, and when a cluster counts as reconciled. The clusterRollout orchestration only
 * sequences activities around these.
 */
import { moveRow, type RowContext } from './auditRows';
import type { Decision, ProvisioningState } from './model';
import type { ApplyOutcome, AuditRecord } from './ports';
import type { ReasonCode } from './reasonCodes';
import { sameVersion } from './versions';

/** A hop that did not end healthy: its code and the ARM (or read-back) error text. */
export interface HopFailure {
  code: ReasonCode;
  armError: string;
}

const FAILURE_CODES: Record<Exclude<ApplyOutcome['kind'], 'succeeded'>, ReasonCode> = {
  failed: 'apply-failed',
  conflict: 'operation-conflict',
  throttled: 'throttled',
  'timed-out': 'apply-timed-out',
};

/** The failure code and ARM error text of a writer outcome that did not succeed. */
export function failureOf(outcome: Exclude<ApplyOutcome, { kind: 'succeeded' }>): HopFailure {
  const armError = outcome.kind === 'failed' ? `${outcome.errorCode}: ${outcome.message}` : outcome.message;
  return { code: FAILURE_CODES[outcome.kind], armError };
}

/** The failure of a hop whose extension did not read back healthy. */
export function healthFailure(provisioningState: ProvisioningState | null, installedVersion: string | null): HopFailure {
  return { code: 'health-check-failed', armError: `provisioningState ${provisioningState ?? 'absent'}, installed version ${installedVersion ?? 'absent'}` };
}

/** The target of a move and the hops that reach it (the path, or the target alone). */
export function hopsOf(decision: Decision): { target: string; hops: string[] } {
  const target = decision.to ?? decision.path[decision.path.length - 1] ?? decision.from;
  return { target, hops: decision.path.length > 0 ? [...decision.path] : [target] };
}

/**
 * True when an extension moved by someone else still leaves the upgrade window needed: it vanished, or it did not
 * reach this decision's target (an extension moved to the target by someone else counts as done).
 */
export function externalMoveLeavesWork(installedVersion: string | null, target: string): boolean {
  return installedVersion === null || !sameVersion(installedVersion, target);
}

/** The rows a dry run records for a move: one `dry-run` row per hop it would apply. */
export function dryRunRows(ctx: RowContext, decision: Decision): AuditRecord[] {
  let from = decision.from;
  return hopsOf(decision).hops.map((hop) => {
    const row = moveRow(ctx, 'skipped', decision, from, hop, 'dry-run', `Dry run: would move ${decision.extensionName} ${from} → ${hop}.`);
    from = hop;
    return row;
  });
}

/** Where a cluster stopped: the decision whose hop failed and the version it was at. */
export interface ClusterStop {
  code: ReasonCode;
  decisionIndex: number;
  from: string;
}

/** The `cluster-stopped` rows for what a failed hop left undone: the rest of its move, then every later move. */
export function stoppedRows(ctx: RowContext, decisions: readonly Decision[], stop: ClusterStop): AuditRecord[] {
  const rows: AuditRecord[] = [];
  const current = decisions[stop.decisionIndex];
  if (current && current.to !== null && current.to !== stop.from) {
    rows.push(moveRow(ctx, 'skipped', current, stop.from, current.to, 'cluster-stopped', 'A hop failed; the rest of this move was skipped.'));
  }
  for (const d of decisions.slice(stop.decisionIndex + 1)) {
    rows.push(moveRow(ctx, 'skipped', d, d.from, d.to ?? d.from, 'cluster-stopped', 'An earlier hop failed; this move was skipped.'));
  }
  return rows;
}

/** What happened to a cluster's moves, as the outcome rules need it. */
export interface ClusterRun {
  stop?: ClusterStop;
  /** A hop stayed throttled beyond its waits: the cluster waits for the next pass (never a failure). */
  deferred?: boolean;
  dryRun: boolean;
  /** Moves that someone else changed and that did not reach their target. */
  externally: number;
  /** A decision without a move (hold, wait, busy, blocked, error) still needs the upgrade window. */
  windowStillNeeded: boolean;
  kubernetesVersion: string;
  reconciledKubernetesVersion?: string;
}

/** The verdict on a cluster's run: its result, code, whether it is now reconciled, and the reconciled version to keep. */
export interface ClusterVerdict {
  result: 'succeeded' | 'failed' | 'skipped';
  code: ReasonCode;
  reconciled: boolean;
  reconciledKubernetesVersion: string;
}

/**
 * Reconciled only when every move was applied and nothing else still needs the window; every move applied but a
 * hold, wait or blocked extension keeps the window open (`applied`). At first sight the window was closed anyway, so
 * the running version becomes the reconciled one (else it would never open). A cluster deferred by throttling is
 * skipped (`throttled`): not failed, not reconciled.
 */
export function clusterVerdict(run: ClusterRun): ClusterVerdict {
  const deferred = run.deferred === true && !run.stop;
  const reconciled = !run.stop && !deferred && run.externally === 0 && !run.dryRun && !run.windowStillNeeded;
  const code: ReasonCode = run.stop ? run.stop.code : deferred ? 'throttled' : run.dryRun ? 'dry-run' : run.externally > 0 ? 'changed-externally' : reconciled ? 'cluster-reconciled' : 'applied';
  const keep = reconciled || run.reconciledKubernetesVersion === undefined ? run.kubernetesVersion : run.reconciledKubernetesVersion;
  return { result: run.stop ? 'failed' : run.dryRun || deferred ? 'skipped' : 'succeeded', code, reconciled, reconciledKubernetesVersion: keep };
}
