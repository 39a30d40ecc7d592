/**
 * Orchestration fleetRollout: plans the fleet, orders the clusters with moves into rings and rolls them out ring by
 * ring — approval before rings that need one, at most maxParallel clusterRollout sub-orchestrations at a time, a halt
 * when a ring's failures exceed its budget, a bake timer between rings. Replay-safe: the rollout policy comes from the
 * planFleet activity's result, time from currentUtcDateTime, I/O only in activities.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task, TimerTask } from 'durable-functions';
import type { AuditRecord, Notification } from '../domain/ports';
import type { ReasonCode } from '../domain/reasonCodes';
import { assignRings, inBatches, ringFailureBudgetExceeded } from '../domain/rollout';
import { levelRow, notification, type RowContext } from '../domain/auditRows';
import { triggerLabel } from '../domain/rolloutTrigger';
import { notifyActivity, planFleetActivity, recordAuditActivity } from './activities';
import type { PlanFleetResult } from './activities/planActivities';
import { transientRetry } from '../host/retryOptions';
import type { ClusterRolloutResult } from './clusterRollout';
import { orchestrationTelemetry } from '../telemetry/orchestrationTelemetry';
import { APPROVAL_EVENT, ORCHESTRATIONS, clusterRolloutInstanceId, type ApprovalEvent, type ClusterRolloutInput, type FleetRolloutInput } from '../host/rolloutContracts';

/** The states a fleet rollout reports in its custom status. */
export type FleetRolloutState = 'planning' | 'waiting-approval' | 'rolling' | 'baking' | 'halted' | 'completed';

/** Per-ring tally in the summary. */
export interface RingSummary {
  name: string;
  clusters: number;
  succeeded: number;
  failed: number;
  /** Clusters left alone: dry run, busy with another rollout, gone, or outside the scope. */
  skipped: number;
}

/** Output of fleetRollout. */
export interface FleetRolloutSummary {
  rolloutId: string;
  state: 'halted' | 'completed';
  dryRun: boolean;
  rings: RingSummary[];
  moves: { applied: number; failed: number };
  halt?: { ring: string; code: ReasonCode; reason: string };
}

/** Instance id of a cluster's sub-orchestration in a fleet rollout: the cluster's id toward its version, per rollout. */
export function subRolloutInstanceId(clusterId: string, kubernetesVersion: string, rolloutId: string): string {
  return `${clusterRolloutInstanceId(clusterId, kubernetesVersion)}-${rolloutId.replace(/[^0-9A-Za-z.-]/g, '_')}`;
}

/** The fleet rollout (registered handler; exported for tests). */
export const fleetRolloutHandler: OrchestrationHandler = function* (context: OrchestrationContext): Generator<Task, FleetRolloutSummary, unknown> {
  const input = context.df.getInput<FleetRolloutInput>();
  const { rolloutId, dryRun } = input;
  const otel = orchestrationTelemetry(context, rolloutId);
  let ringStart = context.df.currentUtcDateTime;
  const trigger = triggerLabel(input.trigger);
  const now = (): Date => context.df.currentUtcDateTime;
  const rowCtx = (ring?: string): RowContext => (ring === undefined ? { rolloutId, trigger, at: now().toISOString() } : { rolloutId, trigger, at: now().toISOString(), ring });
  const log = (message: string, meta: Record<string, unknown>): void => {
    if (!context.df.isReplaying) context.info(message, { rolloutId, ...meta });
  };
  const audit = (rows: AuditRecord[]): Task => recordAuditActivity.call(rows).withRetry(transientRetry());
  const notify = (type: Notification['type'], data: Record<string, unknown> & { code: ReasonCode }): Task =>
    notifyActivity.call([notification(context.df.newGuid(context.df.instanceId), type, rolloutId, now().toISOString(), { ...data, rolloutId })]);

  const summary: FleetRolloutSummary = { rolloutId, state: 'completed', dryRun, rings: [], moves: { applied: 0, failed: 0 } };
  let ringIndex = 0;
  const status = (state: FleetRolloutState, halt?: FleetRolloutSummary['halt']): void => {
    const clustersTotal = summary.rings.reduce((n, r) => n + r.clusters, 0);
    const clustersDone = summary.rings.reduce((n, r) => n + r.succeeded + r.failed + r.skipped, 0);
    const failed = summary.rings.reduce((n, r) => n + r.failed, 0);
    context.df.setCustomStatus({ rolloutId, ring: summary.rings[ringIndex]?.name ?? null, ringIndex, rings: summary.rings.length, clustersDone, clustersTotal, failed, state, ...(halt ? { halt } : {}) });
  };

  status('planning');
  const plan = (yield planFleetActivity.call({ rolloutId, trigger: input.trigger, now: now().toISOString() }).withRetry(transientRetry())) as PlanFleetResult;
  const rings = assignRings(plan.clusters, plan.rollout);
  const versions = new Map(plan.clusters.map((c) => [c.clusterId, c.kubernetesVersion]));
  summary.rings = rings.map((r) => ({ name: r.ring.name, clusters: r.clusterIds.length, succeeded: 0, failed: 0, skipped: 0 }));
  log('Fleet planned', { decisions: plan.decisions, moves: plan.moves, rings: rings.length });

  /** Stops the rollout: audit, notification, custom status; later rings stay untouched. */
  function* halt(ring: string, code: ReasonCode, reason: string): Generator<Task, FleetRolloutSummary, unknown> {
    summary.state = 'halted';
    summary.halt = { ring, code, reason };
    log('Rollout halted', { ring, code });
    otel.ringEnded(ring, ringStart, 'halted');
    otel.rolloutEnded('halted', dryRun, { 'reconciler.code': code, 'reconciler.ring': ring, 'reconciler.hops_applied': summary.moves.applied, 'reconciler.hops_failed': summary.moves.failed });
    status('halted', summary.halt);
    yield audit([levelRow(rowCtx(ring), 'halted', '', code, reason)]);
    yield notify('K8sExtensionReconciler.RolloutHalted', { code, ring, reason, rings: summary.rings, moves: summary.moves, dryRun });
    return summary;
  }

  // Approvals for a ring other than the one waiting (raised ahead of its turn): remembered by ring name, lower-case.
  const approvedAhead = new Map<string, string>();
  for (; ringIndex < rings.length; ringIndex++) {
    const { ring, clusterIds } = rings[ringIndex] as (typeof rings)[number];
    const tally = summary.rings[ringIndex] as RingSummary;
    ringStart = now();

    const ahead = approvedAhead.get(ring.name.toLowerCase());
    if (ring.requireApproval && !dryRun && ahead !== undefined) {
      yield audit([levelRow(rowCtx(ring.name), 'approved', '', 'approved', `Ring ${ring.name} approved by ${ahead} ahead of its turn.`, { actor: ahead })]);
    } else if (ring.requireApproval && !dryRun) {
      const deadline = new Date(now().getTime() + plan.rollout.approvalTimeoutMinutes * 60_000);
      const waitStart = now();
      status('waiting-approval');
      yield audit([levelRow(rowCtx(ring.name), 'ring', '', 'approval-required', `Ring ${ring.name} (${clusterIds.length} clusters) waits for approval until ${deadline.toISOString()}.`)]);
      yield notify('K8sExtensionReconciler.ApprovalRequired', {
        code: 'approval-required', ring: ring.name, ringIndex, clusters: clusterIds.length, instanceId: context.df.instanceId, event: APPROVAL_EVENT, deadline: deadline.toISOString(),
      });
      let approvedBy: string | undefined;
      let timedOut = false;
      while (approvedBy === undefined && !timedOut) {
        // A fresh timer per wait: a task must not be yielded twice (replay would schedule it again).
        const timeout: TimerTask = context.df.createTimer(deadline);
        const approval = context.df.waitForExternalEvent(APPROVAL_EVENT);
        const winner = (yield context.df.Task.any([approval, timeout])) as Task;
        if (winner === timeout) {
          timedOut = true;
          break;
        }
        timeout.cancel();
        const event = approval.result as Partial<ApprovalEvent> | undefined;
        if (!event?.ring || event.ring.toLowerCase() === ring.name.toLowerCase()) approvedBy = event?.approvedBy || 'unknown';
        else {
          log('Approval for another ring kept for its turn', { ring: ring.name, approvedRing: event.ring });
          approvedAhead.set(event.ring.toLowerCase(), event.approvedBy || 'unknown');
        }
      }
      otel.approvalWaited(ring.name, waitStart, approvedBy === undefined ? 'timed-out' : 'approved');
      if (approvedBy === undefined) {
        return yield* halt(ring.name, 'approval-timed-out', `No approval for ring ${ring.name} before ${deadline.toISOString()}.`);
      }
      yield audit([levelRow(rowCtx(ring.name), 'approved', '', 'approved', `Ring ${ring.name} approved by ${approvedBy}.`, { actor: approvedBy })]);
    }

    status('rolling');
    for (const batch of inBatches(clusterIds, ring.maxParallel)) {
      const tasks = batch.map((clusterId) => {
        const childInput: ClusterRolloutInput = { rolloutId, clusterId, ring: ring.name, trigger: input.trigger, dryRun };
        return context.df.callSubOrchestrator(ORCHESTRATIONS.cluster, childInput, subRolloutInstanceId(clusterId, versions.get(clusterId) ?? 'unknown', rolloutId));
      });
      try {
        yield context.df.Task.all(tasks);
      } catch {
        // A sub-orchestration failed outright; the tasks below tell which.
      }
      for (const task of tasks) {
        const result = task.isCompleted && !task.isFaulted ? (task.result as ClusterRolloutResult) : undefined;
        if (!result || result.result === 'failed') tally.failed++;
        else if (result.result === 'skipped') tally.skipped++;
        else tally.succeeded++;
        summary.moves.applied += result?.applied ?? 0;
        summary.moves.failed += result ? result.failed : 1;
      }
      status('rolling');
      // failures only grow: once the ring is over budget, its remaining batches are not started
      if (ringFailureBudgetExceeded(tally.failed, tally.clusters, ring)) break;
    }

    if (ringFailureBudgetExceeded(tally.failed, tally.clusters, ring)) {
      return yield* halt(ring.name, 'ring-failure-budget-exceeded', `${tally.failed} of ${tally.clusters} clusters failed in ring ${ring.name}, above its budget of ${ring.maxFailureRatio}.`);
    }
    otel.ringEnded(ring.name, ringStart, 'completed');
    yield audit([levelRow(rowCtx(ring.name), 'ring', '', 'ring-completed', `Ring ${ring.name}: ${tally.succeeded} succeeded, ${tally.failed} failed, ${tally.skipped} skipped.`)]);
    yield notify('K8sExtensionReconciler.RingCompleted', { code: 'ring-completed', ring: ring.name, ringIndex, clusters: tally.clusters, succeeded: tally.succeeded, failed: tally.failed, skipped: tally.skipped, dryRun });

    if (ringIndex < rings.length - 1 && ring.bakeMinutes > 0 && !dryRun) {
      status('baking');
      yield context.df.createTimer(new Date(now().getTime() + ring.bakeMinutes * 60_000));
    }
  }

  summary.state = 'completed';
  ringIndex = Math.max(0, rings.length - 1);
  status('completed');
  otel.rolloutEnded('completed', dryRun, { 'reconciler.hops_applied': summary.moves.applied, 'reconciler.hops_failed': summary.moves.failed });
  yield audit([levelRow(rowCtx(), 'rollout', '', 'rollout-completed', `Rollout completed: ${summary.moves.applied} hops applied, ${summary.moves.failed} failed.`)]);
  yield notify('K8sExtensionReconciler.RolloutCompleted', { code: 'rollout-completed', rings: summary.rings, moves: summary.moves, dryRun });
  return summary;
};

/** Registered handle of the fleetRollout orchestration. */
export const fleetRollout = df.app.orchestration(ORCHESTRATIONS.fleet, fleetRolloutHandler);
