/**
 * Orchestration clusterRollout: re-plans one cluster live, waits for its maintenance window, applies each move hop by
 * hop with a health check after each, stops the cluster on the first failure and, when every move succeeded, records
 * the reconciled Kubernetes version. It only sequences activities; what an outcome means is src/domain/clusterOutcome.ts.
 * Audit rows, notifications and the final state are queued and written together by one `record` call before the next
 * activity or timer and when the cluster ends (each episode replays the history before it, so fewer sequential steps
 * keep the replay cost down). Replay-safe: time from currentUtcDateTime, I/O only in activities, logs only when not replaying.
 */
import type { OrchestrationContext } from 'durable-functions';
import { levelRow, moveRow, notification, type RowContext } from '../domain/auditRows';
import { clusterVerdict, dryRunRows, externalMoveLeavesWork, failureOf, healthFailure, hopsOf, stoppedRows, type ClusterStop, type HopFailure } from '../domain/clusterOutcome';
import { activeFreeze } from '../domain/freeze';
import { nextWindowStart } from '../domain/maintenanceWindow';
import type { Decision, Freeze, HealthGatePolicy, MaintenanceWindow } from '../domain/model';
import { rollbackTarget } from '../domain/versionHolds';
import { afterThrottle } from '../domain/throttle';
import type { AuditRecord, ClusterState, Notification } from '../domain/ports';
import type { ReasonCode } from '../domain/reasonCodes';
import { triggerLabel } from '../domain/rolloutTrigger';
import { errorMessage } from '../domain/inputError';
import { transientRetry } from '../host/retryOptions';
import { ORCHESTRATIONS, type ClusterRolloutInput } from '../host/rolloutContracts';
import { typedOrchestration, type Step } from '../host/typedActivity';
import { orchestrationTelemetry, type OrchestrationTelemetry } from '../telemetry/orchestrationTelemetry';
import { applyHopActivity, checkHealthActivity, checkHealthGateActivity, holdFailedVersionActivity, planClusterActivity, recordActivity, rollbackHopActivity } from './activities';
import type { HealthResult, HopResult } from './activities/applyActivities';
import type { PlanClusterResult } from './activities/planActivities';
import { recordBatches } from './activities/recordActivities';

/** Output of clusterRollout. */
export interface ClusterRolloutResult {
  clusterId: string;
  result: 'succeeded' | 'failed' | 'skipped';
  /** Hops applied and read back healthy. */
  applied: number;
  /** Hops that failed (0 or 1: the cluster stops at the first). */
  failed: number;
  code: ReasonCode;
  /** How the rollback of the failed hop ended (rollbackOnFailure), when one was tried. */
  rollback?: 'rolled-back' | 'rollback-failed';
}

/** What waits for the next record call, in the order it was queued. */
interface Queued {
  audit: AuditRecord[];
  notifications: Notification[];
  state?: ClusterState;
}

/** What every step of one cluster's rollout shares. */
interface Run {
  context: OrchestrationContext;
  input: ClusterRolloutInput;
  trigger: string;
  otel: OrchestrationTelemetry;
  queued: Queued;
}

/** The plan of a cluster that has something to do. */
type LivePlan = Extract<PlanClusterResult, { decisions: Decision[] }>;

/** How the cluster's health is checked after each hop: read-back polling, then the alert gate; and what a failure undoes. */
interface HealthTiming {
  intervalMs: number;
  timeoutMs: number;
  gate?: HealthGatePolicy;
  rollbackOnFailure?: boolean;
}

const now = (run: Run): Date => run.context.df.currentUtcDateTime;
const rowCtx = (run: Run): RowContext => ({ rolloutId: run.input.rolloutId, trigger: run.trigger, at: now(run).toISOString(), ring: run.input.ring });

function status(run: Run, state: string, extra: Record<string, unknown> = {}): void {
  const { rolloutId, clusterId, ring } = run.input;
  run.context.df.setCustomStatus({ rolloutId, clusterId, ring, state, ...extra });
}

function log(run: Run, message: string, meta: Record<string, unknown>): void {
  if (!run.context.df.isReplaying) run.context.info(message, { rolloutId: run.input.rolloutId, clusterId: run.input.clusterId, ...meta });
}

/** Queues audit rows for the next record call (each row keeps the time it was made at, which keys it). */
function audit(run: Run, rows: AuditRecord[]): void {
  run.queued.audit.push(...rows);
}

/** Queues a notification for the next record call. */
function notify(run: Run, type: Notification['type'], data: Record<string, unknown> & { code: ReasonCode }): void {
  const { rolloutId, ring, clusterId } = run.input;
  const id = run.context.df.newGuid(run.context.df.instanceId);
  run.queued.notifications.push(notification(id, type, clusterId, now(run).toISOString(), { ...data, rolloutId, ring, clusterId }));
}

/**
 * Writes what is queued (rows, then state, then notifications; one record call unless it outgrows a payload), with
 * retries. Called before every other activity or timer and when the cluster ends: nothing is recorded later than the
 * step that follows it, and nothing is lost when the cluster ends.
 */
function* flush(run: Run): Step<void> {
  const queued = run.queued;
  run.queued = { audit: [], notifications: [] };
  for (const batch of recordBatches(queued)) yield* recordActivity.run(batch, transientRetry());
}

/** Ends the cluster: writes what is queued, sets the final status and returns the output. */
function* finished(run: Run, result: ClusterRolloutResult['result'], code: ReasonCode, applied = 0, failed = 0, rollback?: ClusterRolloutResult['rollback']): Step<ClusterRolloutResult> {
  yield* flush(run);
  status(run, result === 'failed' ? 'failed' : 'completed', { code, applied, failed, ...(rollback ? { rollback } : {}) });
  run.otel.clusterEnded(result, { 'reconciler.code': code, 'reconciler.hops_applied': applied, 'reconciler.hops_failed': failed });
  return { clusterId: run.input.clusterId, result, applied, failed, code, ...(rollback ? { rollback } : {}) };
}

/** A plan with nothing to roll out (outside the scope, busy, gone): records why and ends the cluster. */
function* skipped(run: Run, plan: Exclude<PlanClusterResult, LivePlan>): Step<ClusterRolloutResult> {
  const clusterId = run.input.clusterId;
  const [code, reason]: [ReasonCode, string] =
    'outsideScope' in plan
      ? ['outside-scope', 'The cluster is outside the configured scope; nothing touched.']
      : 'busy' in plan
        ? ['rollout-in-flight', `Rollout ${plan.busy} is working on this cluster; nothing touched (the next pass picks up what is left).`]
        : ['cluster-not-found', 'The cluster no longer exists; nothing touched.'];
  audit(run, [levelRow(rowCtx(run), 'skipped', clusterId, code, reason)]);
  return yield* finished(run, 'skipped', code);
}

/** Waits with a durable timer until a maintenance window is open. */
function* waitForWindow(run: Run, windows: MaintenanceWindow[]): Step<void> {
  const opens = nextWindowStart(now(run), windows);
  if (opens === null) return;
  log(run, 'Waiting for maintenance window', { opensAt: opens.toISOString() });
  status(run, 'waiting-window', { opensAt: opens.toISOString() });
  audit(run, [levelRow(rowCtx(run), 'rollout', run.input.clusterId, 'maintenance-window-wait', `Waiting for the maintenance window opening at ${opens.toISOString()}.`)]);
  yield* flush(run);
  yield run.context.df.createTimer(opens);
}

/**
 * Waits with durable timers while a freeze covers the cluster, then for its maintenance window, until both allow a
 * write. Both are checked again after every wait: a timer that fired late (the window already closed) waits for the
 * next window.
 */
function* waitBeforeWrite(run: Run, windows: MaintenanceWindow[], freezes: Freeze[], tags: Record<string, string>): Step<void> {
  for (;;) {
    const freeze = activeFreeze(now(run), freezes, { id: run.input.clusterId, tags });
    if (!freeze) {
      if (nextWindowStart(now(run), windows) === null) return;
      yield* waitForWindow(run, windows);
      continue;
    }
    log(run, 'Waiting for a freeze to end', { until: freeze.to, code: 'freeze-wait' });
    status(run, 'waiting-freeze', { freeze: { from: freeze.from, to: freeze.to, reason: freeze.reason } });
    audit(run, [levelRow(rowCtx(run), 'rollout', run.input.clusterId, 'freeze-wait', `Frozen until ${freeze.to}: ${freeze.reason}. No write starts before.`)]);
    yield* flush(run);
    yield run.context.df.createTimer(new Date(freeze.to));
  }
}

/** The alert and extension-status gate after a healthy read-back: the failure naming what fired, or none. */
function* gateHop(run: Run, decision: Decision, gate: HealthGatePolicy, since: string): Step<HopFailure | undefined> {
  yield* flush(run);
  const { signals } = yield* checkHealthGateActivity.run({ clusterId: run.input.clusterId, extensionName: decision.extensionName, since, gate }, transientRetry());
  return signals.length > 0 ? { code: 'health-check-failed', armError: signals.join('; ').slice(0, 1000) } : undefined;
}

/**
 * Last-known-good rollback of a failed hop: re-pins the version before it (never below the rollout's start version),
 * reads it back, records and notifies `rolled-back` or `rollback-failed`, then holds the failed version fleet-wide.
 */
function* rollBack(run: Run, d: Decision, from: string, hop: string, failure: HopFailure): Step<'rolled-back' | 'rollback-failed'> {
  const { clusterId, rolloutId } = run.input;
  const target = rollbackTarget(from, d.from);
  status(run, 'rolling-back', { extension: d.extensionName, from: hop, to: target });
  let result;
  yield* flush(run);
  try {
    result = yield* rollbackHopActivity.run({ clusterId, extensionName: d.extensionName, failedVersion: hop, target }, transientRetry());
  } catch (error) {
    result = { kind: 'rollback-failed' as const, installedVersion: null, message: errorMessage(error).slice(0, 500) };
  }
  const code = result.kind;
  const reason = code === 'rolled-back' ? `Rolled ${d.extensionName} back from ${hop} to ${target} (last known good); healthy.` : `Rolling ${d.extensionName} back from ${hop} to ${target} failed.`;
  log(run, 'Rollback', { extension: d.extensionName, version: target, code });
  audit(run, [moveRow(rowCtx(run), 'rollback', d, hop, target, code, reason, result.kind === 'rollback-failed' ? result.message : undefined)]);
  notify(run, 'K8sExtensionReconciler.ExtensionRolledBack', { code, extensionName: d.extensionName, extensionType: d.extensionType, from: hop, to: target, failure: failure.code, armError: failure.armError });
  yield* flush(run);
  yield* holdFailedVersionActivity.run({ extensionType: d.extensionType.toLowerCase(), version: hop, clusterId, rolloutId, heldAt: now(run).toISOString(), reason: `${failure.code}: ${failure.armError}`.slice(0, 1000) }, transientRetry());
  audit(run, [moveRow(rowCtx(run), 'hold', d, from, hop, 'version-held', `Version ${hop} of ${d.extensionType} is held fleet-wide until cleared (DELETE /api/holds/${d.extensionType.toLowerCase()}/${hop}).`)]);
  return code;
}

/** Waits out ARM throttling with a durable timer (the wait afterThrottle chose). */
function* throttleWait(run: Run, extension: string, delayMs: number): Step<void> {
  const until = new Date(now(run).getTime() + delayMs);
  log(run, 'Throttled by ARM: waiting', { extension, until: until.toISOString(), code: 'throttled' });
  status(run, 'waiting-throttle', { extension, until: until.toISOString() });
  yield run.context.df.createTimer(until);
}

/**
 * Polls the extension with durable timers until healthy, terminally unhealthy or out of time. A throttled read waits
 * out Retry-After (bounded, not counted against the timeout) and reads again; past its waits it returns throttled.
 */
function* pollHealth(run: Run, decision: Decision, version: string, timing: HealthTiming): Step<HealthResult> {
  let deadline = now(run).getTime() + timing.timeoutMs;
  for (let waits = 0; ; ) {
    yield* flush(run);
    const health = yield* checkHealthActivity.run({ clusterId: run.input.clusterId, extensionName: decision.extensionName, version, rolloutId: run.input.rolloutId }, transientRetry());
    if (health.throttled) {
      const step = afterThrottle(waits++, health.throttled.retryAfterMs);
      if (step.kind === 'defer') return health;
      deadline += step.delayMs;
      yield* throttleWait(run, decision.extensionName, step.delayMs);
      continue;
    }
    if (health.healthy || health.terminal) return health;
    const next = now(run).getTime() + timing.intervalMs;
    if (next > deadline) return health;
    yield run.context.df.createTimer(new Date(next));
  }
}

/**
 * Applies one hop; a transient error that outlived its retries counts as a failed apply. A throttled hop (nothing
 * written) waits out Retry-After with durable timers and tries again; past its waits it returns throttled.
 */
function* applyHop(run: Run, decision: Decision, from: string, version: string): Step<HopResult> {
  const { clusterId, dryRun } = run.input;
  for (let waits = 0; ; ) {
    yield* flush(run);
    let result: HopResult;
    try {
      result = yield* applyHopActivity.run({ clusterId, extensionName: decision.extensionName, from, version, dryRun, rolloutId: run.input.rolloutId }, transientRetry());
    } catch (error) {
      return { kind: 'failed', errorCode: 'RetriesExhausted', message: errorMessage(error).slice(0, 500) };
    }
    if (result.kind !== 'throttled') return result;
    const step = afterThrottle(waits++, result.retryAfterMs);
    if (step.kind === 'defer') return result;
    yield* throttleWait(run, decision.extensionName, step.delayMs);
  }
}

/** Records a hop that stayed throttled (before its write, or while its health was read) and defers the cluster. */
function deferThrottled(run: Run, d: Decision, from: string, hop: string, written: boolean, message: string): MoveEnd {
  log(run, 'Throttled beyond the waits: deferred to the next pass', { extension: d.extensionName, version: hop, code: 'throttled' });
  const what = written ? `Moved ${d.extensionName} ${from} → ${hop}, but reading its health back stayed throttled` : `Writing ${d.extensionName} ${from} → ${hop} stayed throttled; nothing written`;
  audit(run, [moveRow(rowCtx(run), 'skipped', d, from, hop, 'throttled', `${what}. Deferred to the next pass (throttling is not a failure).`, message.slice(0, 1000))]);
  return { kind: 'deferred' };
}

/** How one move ended: every hop applied, changed by someone else, or a hop failed at `from` (and maybe rolled back). */
type MoveEnd = { kind: 'done' } | { kind: 'deferred' } | { kind: 'external'; leavesWork: boolean } | { kind: 'failed'; failure: HopFailure; from: string; rollback?: 'rolled-back' | 'rollback-failed' };

/** Dry run of one move: the level-triggered re-read, then one `dry-run` row per hop. */
function* dryRunMove(run: Run, d: Decision): Step<MoveEnd> {
  const { target, hops } = hopsOf(d);
  const result = yield* applyHop(run, d, d.from, hops[0] ?? target);
  if (result.kind === 'changed-externally') {
    audit(run, [moveRow(rowCtx(run), 'skipped', d, d.from, target, 'changed-externally', `Installed version is now ${result.installedVersion ?? 'absent'}; nothing applied.`)]);
    return { kind: 'external', leavesWork: true };
  }
  audit(run, dryRunRows(rowCtx(run), d));
  return { kind: 'done' };
}

/** Applies one move hop by hop, each hop read back healthy before the next; counts applied hops into `tally`. */
function* applyMove(run: Run, d: Decision, timing: HealthTiming, tally: { applied: number }): Step<MoveEnd> {
  const { target, hops } = hopsOf(d);
  let from = d.from;
  for (const hop of hops) {
    status(run, 'applying', { extension: d.extensionName, from, to: hop });
    const touchedAt = now(run).toISOString();
    const result = yield* applyHop(run, d, from, hop);
    if (result.kind === 'changed-externally') {
      log(run, 'Extension changed externally', { extension: d.extensionName, code: 'changed-externally' });
      audit(run, [moveRow(rowCtx(run), 'skipped', d, from, hop, 'changed-externally', `Installed version is now ${result.installedVersion ?? 'absent'}, not ${from}; nothing applied.`)]);
      return { kind: 'external', leavesWork: externalMoveLeavesWork(result.installedVersion, target) };
    }
    if (result.kind === 'throttled') return deferThrottled(run, d, from, hop, false, result.message);
    let failure: HopFailure | undefined;
    if (result.kind === 'succeeded') {
      status(run, 'checking-health', { extension: d.extensionName, version: hop });
      const health = yield* pollHealth(run, d, hop, timing);
      if (health.throttled) return deferThrottled(run, d, from, hop, true, 'ARM answered 429 to every read of the extension');
      if (!health.healthy) failure = healthFailure(health.provisioningState, health.installedVersion);
      else if (timing.gate) failure = yield* gateHop(run, d, timing.gate, touchedAt);
    } else if (result.kind !== 'dry-run') {
      failure = failureOf(result);
    }
    if (failure) {
      log(run, 'Hop failed', { extension: d.extensionName, version: hop, code: failure.code });
      audit(run, [moveRow(rowCtx(run), 'failed', d, from, hop, failure.code, `Moving ${d.extensionName} ${from} → ${hop} failed.`, failure.armError)]);
      notify(run, 'K8sExtensionReconciler.ExtensionUpgradeFailed', { code: failure.code, extensionName: d.extensionName, extensionType: d.extensionType, from, to: hop, target, moveKind: d.moveKind, armError: failure.armError });
      const undo = timing.rollbackOnFailure && (failure.code === 'health-check-failed' || failure.code === 'apply-failed');
      return { kind: 'failed', failure, from, ...(undo ? { rollback: yield* rollBack(run, d, from, hop, failure) } : {}) };
    }
    tally.applied++;
    audit(run, [moveRow(rowCtx(run), 'applied', d, from, hop, 'applied', `Moved ${d.extensionName} ${from} → ${hop}; healthy.`)]);
    notify(run, 'K8sExtensionReconciler.ExtensionUpgradeSucceeded', { code: 'applied', extensionName: d.extensionName, extensionType: d.extensionType, from, to: hop, target, moveKind: d.moveKind, finalHop: hop === target });
    from = hop;
  }
  return { kind: 'done' };
}

/** Rolls out the plan's moves in order; stops at the first failed hop. */
function* rollOut(run: Run, plan: LivePlan): Step<{ applied: number; externally: number; stop?: ClusterStop; deferred?: boolean; rollback?: ClusterRolloutResult['rollback'] }> {
  const ring = plan.rollout.rings.find((r) => r.name.toLowerCase() === run.input.ring.toLowerCase()) ?? plan.rollout.defaultRing;
  const windows = ring.maintenanceWindows ?? plan.rollout.maintenanceWindows;
  const timing: HealthTiming = {
    intervalMs: Math.max(1, plan.rollout.healthCheckIntervalSeconds) * 1000,
    timeoutMs: Math.max(0, plan.rollout.healthCheckTimeoutMinutes) * 60_000,
    ...(plan.rollout.healthGate ? { gate: plan.rollout.healthGate } : {}),
    rollbackOnFailure: plan.rollout.rollbackOnFailure === true,
  };
  const tally = { applied: 0, externally: 0 };
  for (const [i, d] of plan.decisions.entries()) {
    if (!run.input.dryRun) yield* waitBeforeWrite(run, windows, plan.rollout.freezes ?? [], plan.tags ?? {});
    const end = run.input.dryRun ? yield* dryRunMove(run, d) : yield* applyMove(run, d, timing, tally);
    if (end.kind === 'external' && end.leavesWork) tally.externally++;
    if (end.kind === 'deferred') return { ...tally, deferred: true };
    if (end.kind === 'failed') return { ...tally, stop: { code: end.failure.code, decisionIndex: i, from: end.from }, ...(end.rollback ? { rollback: end.rollback } : {}) };
  }
  return tally;
}

/** The rollout of one cluster. */
function* clusterRolloutBody(context: OrchestrationContext, input: ClusterRolloutInput): Step<ClusterRolloutResult> {
  const run: Run = { context, input, trigger: triggerLabel(input.trigger), otel: orchestrationTelemetry(context, input.rolloutId), queued: { audit: [], notifications: [] } };
  const { clusterId, rolloutId, dryRun } = input;
  status(run, 'planning');
  const plan = yield* planClusterActivity.run(
    { clusterId, rolloutId, trigger: input.trigger, now: now(run).toISOString(), recordPlan: !context.df.parentInstanceId, ...(dryRun ? {} : { instanceId: context.df.instanceId }) },
    transientRetry(),
  );
  if (!('decisions' in plan)) return yield* skipped(run, plan);
  if (plan.heldAfterFailure?.length) {
    // moves whose version failed on a cluster since the fleet was planned (rollbackOnFailure): recorded, never written
    audit(run, plan.heldAfterFailure.map((d) => moveRow(rowCtx(run), 'skipped', d, d.from, d.to ?? d.from, 'held-after-failure', d.reason)));
    if (plan.decisions.length === 0) return yield* finished(run, 'skipped', 'held-after-failure');
  }

  const { applied, externally, stop, deferred, rollback } = yield* rollOut(run, plan);
  if (stop) {
    const rest = stoppedRows(rowCtx(run), plan.decisions, stop);
    if (rest.length > 0) audit(run, rest);
  }
  const verdict = clusterVerdict({ dryRun, externally, deferred, windowStillNeeded: plan.windowStillNeeded, kubernetesVersion: plan.kubernetesVersion, ...(stop ? { stop } : {}), ...(plan.reconciledKubernetesVersion !== undefined ? { reconciledKubernetesVersion: plan.reconciledKubernetesVersion } : {}) });
  // a replace: it also clears the in-flight mark planCluster set
  run.queued.state = { clusterId, lastSeenKubernetesVersion: plan.kubernetesVersion, lastRolloutId: rolloutId, lastResult: verdict.code, updatedAt: now(run).toISOString(), reconciledKubernetesVersion: verdict.reconciledKubernetesVersion };
  if (verdict.reconciled) {
    audit(run, [levelRow(rowCtx(run), 'rollout', clusterId, 'cluster-reconciled', `All moves applied; reconciled at Kubernetes ${plan.kubernetesVersion}.`, { to: plan.kubernetesVersion })]);
  }
  return yield* finished(run, verdict.result, verdict.code, applied, stop ? 1 : 0, rollback);
}

/** Registered handle of the clusterRollout orchestration (a sub-orchestration of the fleet, or started by an event). */
export const clusterRollout = typedOrchestration<ClusterRolloutInput, ClusterRolloutResult>(ORCHESTRATIONS.cluster, clusterRolloutBody);

/** The registered handler (for tests). */
export const clusterRolloutHandler = clusterRollout.handler;
