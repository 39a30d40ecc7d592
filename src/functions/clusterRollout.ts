/**
 * Orchestration clusterRollout: re-plans one cluster live, waits for its maintenance window, applies each move hop by
 * hop with a health check after each, stops the cluster on the first failure and, when every move succeeded, records
 * the reconciled Kubernetes version. Replay-safe: time from currentUtcDateTime, I/O only in activities.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { nextWindowStart } from '../domain/maintenanceWindow';
import type { Decision, MaintenanceWindow } from '../domain/model';
import type { ApplyOutcome, AuditRecord, ClusterState, Notification } from '../domain/ports';
import type { ReasonCode } from '../domain/reasonCodes';
import { levelRow, moveRow, notification, type RowContext } from '../domain/auditRows';
import { triggerLabel } from '../domain/rolloutTrigger';
import { applyHopActivity, checkHealthActivity, notifyActivity, planClusterActivity, recordAuditActivity, recordClusterStateActivity } from './activities';
import { sameVersion, type HealthResult, type HopResult } from './activities/applyActivities';
import type { PlanClusterResult } from './activities/planActivities';
import { transientRetry } from '../host/retryOptions';
import { ORCHESTRATIONS, type ClusterRolloutInput } from '../host/rolloutContracts';
import { orchestrationTelemetry } from '../telemetry/orchestrationTelemetry';

/** Output of clusterRollout. */
export interface ClusterRolloutResult {
  clusterId: string;
  result: 'succeeded' | 'failed' | 'skipped';
  /** Hops applied and read back healthy. */
  applied: number;
  /** Hops that failed (0 or 1: the cluster stops at the first). */
  failed: number;
  code: ReasonCode;
}

type Step<T> = Generator<Task, T, unknown>;

const FAILURE_CODES: Record<Exclude<ApplyOutcome['kind'], 'succeeded'>, ReasonCode> = {
  failed: 'apply-failed',
  conflict: 'operation-conflict',
  throttled: 'throttled',
  'timed-out': 'apply-timed-out',
};

/** The failure code and ARM error text of a failed hop outcome. */
function failureOf(outcome: Exclude<ApplyOutcome, { kind: 'succeeded' }>): { code: ReasonCode; armError: string } {
  const armError = outcome.kind === 'failed' ? `${outcome.errorCode}: ${outcome.message}` : outcome.message;
  return { code: FAILURE_CODES[outcome.kind], armError };
}

/** The rollout of one cluster (registered handler; exported for tests). */
export const clusterRolloutHandler: OrchestrationHandler = function* (context: OrchestrationContext): Step<ClusterRolloutResult> {
  const input = context.df.getInput<ClusterRolloutInput>();
  const { clusterId, rolloutId, dryRun } = input;
  const otel = orchestrationTelemetry(context, rolloutId);
  const trigger = triggerLabel(input.trigger);
  const now = (): Date => context.df.currentUtcDateTime;
  const rowCtx = (): RowContext => ({ rolloutId, trigger, at: now().toISOString(), ring: input.ring });
  const status = (state: string, extra: Record<string, unknown> = {}): void => context.df.setCustomStatus({ rolloutId, clusterId, ring: input.ring, state, ...extra });
  const log = (message: string, meta: Record<string, unknown>): void => {
    if (!context.df.isReplaying) context.info(message, { rolloutId, clusterId, ...meta });
  };
  const audit = (rows: AuditRecord[]): Task => recordAuditActivity.call(rows).withRetry(transientRetry());
  const notify = (type: Notification['type'], data: Record<string, unknown> & { code: ReasonCode }): Task =>
    notifyActivity.call([notification(context.df.newGuid(context.df.instanceId), type, clusterId, now().toISOString(), { ...data, rolloutId, ring: input.ring, clusterId })]);
  const done = (result: ClusterRolloutResult['result'], code: ReasonCode, applied = 0, failed = 0): ClusterRolloutResult => {
    status(result === 'failed' ? 'failed' : 'completed', { code, applied, failed });
    otel.clusterEnded(result, { 'reconciler.code': code, 'reconciler.hops_applied': applied, 'reconciler.hops_failed': failed });
    return { clusterId, result, applied, failed, code };
  };

  status('planning');
  const plan = (yield planClusterActivity
    .call({ clusterId, rolloutId, trigger: input.trigger, now: now().toISOString(), recordPlan: !context.df.parentInstanceId, ...(dryRun ? {} : { instanceId: context.df.instanceId }) })
    .withRetry(transientRetry())) as PlanClusterResult;
  if ('outsideScope' in plan) {
    yield audit([levelRow(rowCtx(), 'skipped', clusterId, 'outside-scope', 'The cluster is outside the configured scope; nothing touched.')]);
    return done('skipped', 'outside-scope');
  }
  if ('busy' in plan) {
    yield audit([levelRow(rowCtx(), 'skipped', clusterId, 'rollout-in-flight', `Rollout ${plan.busy} is working on this cluster; nothing touched (the next pass picks up what is left).`)]);
    return done('skipped', 'rollout-in-flight');
  }
  if ('missing' in plan) {
    yield audit([levelRow(rowCtx(), 'skipped', clusterId, 'cluster-not-found', 'The cluster no longer exists; nothing touched.')]);
    return done('skipped', 'cluster-not-found');
  }
  const ring = plan.rollout.rings.find((r) => r.name.toLowerCase() === input.ring.toLowerCase()) ?? plan.rollout.defaultRing;
  const windows = ring.maintenanceWindows ?? plan.rollout.maintenanceWindows;
  const intervalMs = Math.max(1, plan.rollout.healthCheckIntervalSeconds) * 1000;
  const timeoutMs = Math.max(0, plan.rollout.healthCheckTimeoutMinutes) * 60_000;

  /** Waits with a durable timer until a maintenance window is open. */
  function* waitForWindow(list: MaintenanceWindow[]): Step<void> {
    const opens = nextWindowStart(now(), list);
    if (opens === null) return;
    log('Waiting for maintenance window', { opensAt: opens.toISOString() });
    status('waiting-window', { opensAt: opens.toISOString() });
    yield audit([levelRow(rowCtx(), 'rollout', clusterId, 'maintenance-window-wait', `Waiting for the maintenance window opening at ${opens.toISOString()}.`)]);
    yield context.df.createTimer(opens);
  }

  /** Polls the extension with durable timers until healthy, terminally unhealthy or out of time. */
  function* pollHealth(decision: Decision, version: string): Step<HealthResult> {
    const deadline = now().getTime() + timeoutMs;
    for (;;) {
      const health = (yield checkHealthActivity.call({ clusterId, extensionName: decision.extensionName, version, rolloutId }).withRetry(transientRetry())) as HealthResult;
      if (health.healthy || health.terminal) return health;
      const next = now().getTime() + intervalMs;
      if (next > deadline) return health;
      yield context.df.createTimer(new Date(next));
    }
  }

  /** Applies one hop; a transient error that outlived its retries counts as a failed apply. */
  function* applyHop(decision: Decision, from: string, version: string): Step<HopResult> {
    try {
      return (yield applyHopActivity
        .call({ clusterId, extensionName: decision.extensionName, from, version, dryRun, rolloutId })
        .withRetry(transientRetry())) as HopResult;
    } catch (error) {
      return { kind: 'failed', errorCode: 'RetriesExhausted', message: error instanceof Error ? error.message.slice(0, 500) : String(error) };
    }
  }

  const decisions = plan.decisions;
  let applied = 0;
  let externally = 0;
  let stop: { code: ReasonCode; decisionIndex: number; from: string } | undefined;
  for (let i = 0; i < decisions.length && !stop; i++) {
    const d = decisions[i] as Decision;
    const target = d.to ?? d.path[d.path.length - 1] ?? d.from;
    const hops = d.path.length > 0 ? d.path : [target];
    if (dryRun) {
      const result = yield* applyHop(d, d.from, hops[0] ?? target);
      if (result.kind === 'changed-externally') {
        externally++;
        yield audit([moveRow(rowCtx(), 'skipped', d, d.from, target, 'changed-externally', `Installed version is now ${result.installedVersion ?? 'absent'}; nothing applied.`)]);
        continue;
      }
      let from = d.from;
      const rows = hops.map((hop) => {
        const row = moveRow(rowCtx(), 'skipped', d, from, hop, 'dry-run', `Dry run: would move ${d.extensionName} ${from} → ${hop}.`);
        from = hop;
        return row;
      });
      yield audit(rows);
      continue;
    }
    yield* waitForWindow(windows);
    let from = d.from;
    for (const hop of hops) {
      status('applying', { extension: d.extensionName, from, to: hop });
      const result = yield* applyHop(d, from, hop);
      if (result.kind === 'changed-externally') {
        // someone else moved it: only a move that did not reach this decision's target keeps the window open
        if (result.installedVersion === null || !sameVersion(result.installedVersion, target)) externally++;
        log('Extension changed externally', { extension: d.extensionName, code: 'changed-externally' });
        yield audit([moveRow(rowCtx(), 'skipped', d, from, hop, 'changed-externally', `Installed version is now ${result.installedVersion ?? 'absent'}, not ${from}; nothing applied.`)]);
        break;
      }
      let failure: { code: ReasonCode; armError: string } | undefined;
      if (result.kind === 'succeeded') {
        status('checking-health', { extension: d.extensionName, version: hop });
        const health = yield* pollHealth(d, hop);
        if (!health.healthy) {
          failure = { code: 'health-check-failed', armError: `provisioningState ${health.provisioningState ?? 'absent'}, installed version ${health.installedVersion ?? 'absent'}` };
        }
      } else if (result.kind !== 'dry-run') {
        failure = failureOf(result);
      }
      if (failure) {
        log('Hop failed', { extension: d.extensionName, version: hop, code: failure.code });
        yield audit([moveRow(rowCtx(), 'failed', d, from, hop, failure.code, `Moving ${d.extensionName} ${from} → ${hop} failed.`, failure.armError)]);
        yield notify('K8sExtensionReconciler.ExtensionUpgradeFailed', {
          code: failure.code, extensionName: d.extensionName, extensionType: d.extensionType, from, to: hop, target, moveKind: d.moveKind, armError: failure.armError,
        });
        stop = { code: failure.code, decisionIndex: i, from };
        break;
      }
      applied++;
      yield audit([moveRow(rowCtx(), 'applied', d, from, hop, 'applied', `Moved ${d.extensionName} ${from} → ${hop}; healthy.`)]);
      yield notify('K8sExtensionReconciler.ExtensionUpgradeSucceeded', {
        code: 'applied', extensionName: d.extensionName, extensionType: d.extensionType, from, to: hop, target, moveKind: d.moveKind, finalHop: hop === target,
      });
      from = hop;
    }
  }

  if (stop) {
    const rest: AuditRecord[] = [];
    const current = decisions[stop.decisionIndex];
    const currentTarget = current?.to ?? null;
    if (current && currentTarget !== null && currentTarget !== stop.from) {
      rest.push(moveRow(rowCtx(), 'skipped', current, stop.from, currentTarget, 'cluster-stopped', 'A hop failed; the rest of this move was skipped.'));
    }
    for (const d of decisions.slice(stop.decisionIndex + 1)) {
      rest.push(moveRow(rowCtx(), 'skipped', d, d.from, d.to ?? d.from, 'cluster-stopped', 'An earlier hop failed; this move was skipped.'));
    }
    if (rest.length > 0) yield audit(rest);
  }

  // Reconciled only when every move was applied and no other decision (a hold, a busy or blocked extension) still needs the window.
  const reconciled = !stop && externally === 0 && !dryRun && !plan.windowStillNeeded;
  // every move applied but a hold, busy or blocked extension keeps the window open: 'applied', not reconciled
  const code: ReasonCode = stop ? stop.code : dryRun ? 'dry-run' : externally > 0 ? 'changed-externally' : reconciled ? 'cluster-reconciled' : 'applied';
  const state: ClusterState = { clusterId, lastSeenKubernetesVersion: plan.kubernetesVersion, lastRolloutId: rolloutId, lastResult: code, updatedAt: now().toISOString() };
  // First sight: the window was closed anyway, so the running version becomes the reconciled one (else it never opens).
  const reconciledVersion = reconciled || plan.reconciledKubernetesVersion === undefined ? plan.kubernetesVersion : plan.reconciledKubernetesVersion;
  if (reconciledVersion !== undefined) state.reconciledKubernetesVersion = reconciledVersion;
  yield recordClusterStateActivity.call(state).withRetry(transientRetry());
  if (reconciled) {
    yield audit([levelRow(rowCtx(), 'rollout', clusterId, 'cluster-reconciled', `All moves applied; reconciled at Kubernetes ${plan.kubernetesVersion}.`, { to: plan.kubernetesVersion })]);
  }
  return done(stop ? 'failed' : dryRun ? 'skipped' : 'succeeded', code, applied, stop ? 1 : 0);
};

/** Registered handle of the clusterRollout orchestration. */
export const clusterRollout = df.app.orchestration(ORCHESTRATIONS.cluster, clusterRolloutHandler);
