/**
 * The one closed vocabulary of reason codes. Decisions, audit rows, notifications and logs use only these.
 * Nothing outside this file invents a code.
 */

/** Codes a plan decision can carry (one per extension). */
export const DECISION_CODES = [
  'system-extension',
  'not-managed',
  'not-in-catalog',
  'invalid-kubernetes-version',
  'invalid-version',
  'operation-in-progress',
  'platform-auto-upgrade',
  'held-by-policy',
  'patch-available',
  'kubernetes-minor-upgraded',
  'restore-compatibility',
  'incompatible-no-allowed-version',
  'minor-waits-for-kubernetes-upgrade',
  'up-to-date',
  // plan contract v2
  'managed-extension', // another Azure resource owns the extension (managedBy, or managementDetails deny users Write): read, never written
  'cluster-offline', // a connected cluster that is not Connected (or a stopped managed cluster): the move waits, nothing written
  'release-too-young', // the move exists but its version is younger than minReleaseAgeDays
  'step-path-gap', // stepMinors: a minor line in between offers no allowed version
  'major-not-allowed', // the only newer candidates are on a higher major and allowMajor is false
  'excluded-by-constraint', // the policy's constraints removed every newer candidate
  'installed-version-not-in-catalog', // the installed version is not listed by the catalog
  // issue 15
  'held-after-failure', // the move's version failed on a cluster (rollbackOnFailure): held fleet-wide until cleared through the API
] as const;

/** A decision's reason code. */
export type DecisionCode = (typeof DECISION_CODES)[number];

/** Codes for what happened while a rollout ran (actions, ring and rollout outcomes, event handling). */
export const ROLLOUT_CODES = [
  'applied', // a hop was applied and read back healthy
  'apply-failed', // ARM reported the operation failed (errorInfo / LRO failure)
  'operation-conflict', // 409: another operation is in progress on the extension
  'throttled', // 429 beyond the writer's retries and the rollout's Retry-After waits: the cluster is deferred to the next pass, never failed
  'apply-timed-out', // the LRO did not finish in time
  'health-check-failed', // read back not Succeeded or not at the target version within the timeout
  'changed-externally', // re-read before apply: someone else moved the extension; nothing applied
  'dry-run', // dry-run setting: planned and recorded, nothing applied
  'cluster-stopped', // an earlier hop failed, the cluster's remaining moves were skipped
  'outside-scope', // the cluster is outside the configured scope: nothing touched
  'maintenance-window-wait', // waiting for the cluster's maintenance window
  'ring-completed',
  'ring-failure-budget-exceeded', // the ring's failures exceeded maxFailureRatio: rollout halted
  'approval-required',
  'approved',
  'approval-timed-out', // no approval before the timeout: rollout halted
  'rollout-completed',
  'cluster-reconciled', // all moves of a cluster succeeded; reconciled version recorded
  'event-accepted', // an event started a rollout or was recorded
  'event-ignored', // an informational or out-of-scope event, recorded and dropped
  'event-malformed', // an event that does not parse, logged and dropped
  'notification-undelivered', // the notification topic refused; recorded, the rollout goes on
  'rollout-in-flight', // another rollout is working on the cluster: this pass leaves it alone (one rollout per cluster)
  'cluster-not-found', // the cluster vanished between planning and its rollout: nothing touched
  'node-pool-rolling-failed', // AKS reported a failed node pool upgrade: recorded and notified, nothing moved
  // issue 15
  'health-gate-alert', // a matching Azure Monitor alert fired on a ring's clusters during its bake: rollout halted
  'rolled-back', // a failed hop was undone: the version the extension ran before it was re-pinned and read back healthy
  'rollback-failed', // re-pinning the version before a failed hop did not read back healthy
  'version-held', // a version that failed on a cluster was held fleet-wide (rollbackOnFailure)
  'hold-cleared', // a person cleared a held version through the API
  'ring-success-floor-not-met', // a ring ended with succeeded / clusters below minSuccessRatio: rollout halted
  'freeze-wait', // a freeze calendar entry covers the cluster: no write starts until it ends
  // issue 25: Fleet Manager update-run approval gates
  'gate-approved', // the app completed one of its gates: the stage's outcome met the policy, or every member was ready
  'gate-held-by-outcome', // after-gate: the stage's extension rollout missed its failure budget or success floor; the gate stays Pending
  'gate-held-not-ready', // before-gate: a member would be blocked or in error on the run's target Kubernetes version; the gate stays Pending
  'gate-approved-elsewhere', // the gate was Completed by someone else before the app approved it: left alone
  'gate-skipped', // the gate was Skipped (its stage or group skipped): left alone
  'gate-deleted', // the gate or its update run no longer exists: nothing to approve
  'update-run-stopped', // the gate's update run is stopped, failed or not running: the gate is left Pending
] as const;

/** A rollout outcome's reason code. */
export type RolloutCode = (typeof ROLLOUT_CODES)[number];

/** Any reason code of the system. */
export type ReasonCode = DecisionCode | RolloutCode;

const ALL_CODES: ReadonlySet<string> = new Set<string>([...DECISION_CODES, ...ROLLOUT_CODES]);

/** True when `value` is one of the system's reason codes. */
export function isReasonCode(value: string): value is ReasonCode {
  return ALL_CODES.has(value);
}
