/**
 * Orchestration fleetRollout: plans the fleet, orders the clusters with moves into rings and rolls them out ring by
 * ring — approval before rings that need one, at most maxParallel clusterRollout sub-orchestrations at a time, a halt
 * when a ring's failures exceed its budget, a bake timer between rings. Replay-safe: the rollout policy comes from the
 * planFleet activity's result, time from currentUtcDateTime, I/O only in activities.
 */
import type { OrchestrationContext, Task, TimerTask } from 'durable-functions';
import { approvedRow, levelRow, notification, type RowContext } from '../domain/auditRows';
import type { RingPolicy } from '../domain/model';
import type { AuditRecord, Notification } from '../domain/ports';
import type { ReasonCode } from '../domain/reasonCodes';
import { assignRings, inBatches, ringFailureBudgetExceeded } from '../domain/rollout';
import { ringGate, rolloutFinalState, type RolloutFinalState } from '../domain/ringGate';
import { triggerLabel } from '../domain/rolloutTrigger';
import { transientRetry } from '../host/retryOptions';
import { APPROVAL_EVENT, ORCHESTRATIONS, clusterRolloutInstanceId, type ApprovalEvent, type FleetRolloutInput } from '../host/rolloutContracts';
import { typedOrchestration, type Step } from '../host/typedActivity';
import { orchestrationTelemetry, type OrchestrationTelemetry } from '../telemetry/orchestrationTelemetry';
import { checkRingHealthActivity, notifyActivity, planFleetActivity, recordAuditActivity } from './activities';
import type { PlanFleetResult } from './activities/planActivities';
import { clusterRollout } from './clusterRollout';

/** The states a fleet rollout reports in its custom status. */
export type FleetRolloutState = 'planning' | 'waiting-approval' | 'rolling' | 'baking' | RolloutFinalState;

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
  /** `completed`, `completed-with-failures` (some cluster failed, no gate halted) or `halted`. */
  state: RolloutFinalState;
  dryRun: boolean;
  rings: RingSummary[];
  moves: { applied: number; failed: number };
  halt?: { ring: string; code: ReasonCode; reason: string };
}

/** Instance id of a cluster's sub-orchestration in a fleet rollout: the cluster's id toward its version, per rollout. */
export function subRolloutInstanceId(clusterId: string, kubernetesVersion: string, rolloutId: string): string {
  return `${clusterRolloutInstanceId(clusterId, kubernetesVersion)}-${rolloutId.replace(/[^0-9A-Za-z.-]/g, '_')}`;
}

/** What every step of one fleet rollout shares: the context, its input, the summary it builds. */
interface Run {
  context: OrchestrationContext;
  input: FleetRolloutInput;
  trigger: string;
  summary: FleetRolloutSummary;
  ringIndex: number;
  /** Approvals for a ring other than the one waiting (raised ahead of its turn), by ring name lower-case. */
  approvedAhead: Map<string, string>;
  /** Rings that wait for an approval in this run (none in a dry run): the approve route checks against them. */
  approvalRings: string[];
  otel: OrchestrationTelemetry;
  /** When the current ring started (its duration metric). */
  ringStart: Date;
}

/** A ring of the plan with its clusters. */
type PlannedRing = ReturnType<typeof assignRings>[number];

const now = (run: Run): Date => run.context.df.currentUtcDateTime;

function rowCtx(run: Run, ring?: string): RowContext {
  const ctx: RowContext = { rolloutId: run.input.rolloutId, trigger: run.trigger, at: now(run).toISOString() };
  return ring === undefined ? ctx : { ...ctx, ring };
}

function log(run: Run, message: string, meta: Record<string, unknown>): void {
  if (!run.context.df.isReplaying) run.context.info(message, { rolloutId: run.input.rolloutId, ...meta });
}

function* audit(run: Run, rows: AuditRecord[]): Step<void> {
  yield* recordAuditActivity.run(rows, transientRetry());
}

function* notify(run: Run, type: Notification['type'], data: Record<string, unknown> & { code: ReasonCode }): Step<void> {
  const { rolloutId } = run.input;
  yield* notifyActivity.run([notification(run.context.df.newGuid(run.context.df.instanceId), type, rolloutId, now(run).toISOString(), { ...data, rolloutId })]);
}

/** Publishes where the rollout stands (ring, progress, state, halt) as the orchestration's custom status. */
function status(run: Run, state: FleetRolloutState, halt?: FleetRolloutSummary['halt'], until?: Date): void {
  const rings = run.summary.rings;
  const clustersTotal = rings.reduce((n, r) => n + r.clusters, 0);
  const clustersDone = rings.reduce((n, r) => n + r.succeeded + r.failed + r.skipped, 0);
  const failed = rings.reduce((n, r) => n + r.failed, 0);
  const { rolloutId } = run.input;
  run.context.df.setCustomStatus({ rolloutId, ring: rings[run.ringIndex]?.name ?? null, ringIndex: run.ringIndex, rings: rings.length, clustersDone, clustersTotal, failed, state, tallies: rings, ...(state === 'planning' ? {} : { ringNames: rings.map((r) => r.name), approvalRings: run.approvalRings }), ...(until ? { until: until.toISOString() } : {}), ...(halt ? { halt } : {}) });
}

/** Stops the rollout: audit, notification, custom status; later rings stay untouched. `ringOpen`: the ring itself ends halted. */
function* halt(run: Run, ring: string, code: ReasonCode, reason: string, ringOpen = true): Step<FleetRolloutSummary> {
  const { summary } = run;
  summary.state = 'halted';
  summary.halt = { ring, code, reason };
  log(run, 'Rollout halted', { ring, code });
  if (ringOpen) run.otel.ringEnded(ring, run.ringStart, 'halted');
  run.otel.rolloutEnded('halted', run.input.dryRun, { 'reconciler.code': code, 'reconciler.ring': ring, 'reconciler.hops_applied': summary.moves.applied, 'reconciler.hops_failed': summary.moves.failed });
  status(run, 'halted', summary.halt);
  yield* audit(run, [levelRow(rowCtx(run, ring), 'halted', '', code, reason)]);
  yield* notify(run, 'K8sExtensionReconciler.RolloutHalted', { code, ring, reason, rings: summary.rings, moves: summary.moves, dryRun: run.input.dryRun });
  return summary;
}

/** Waits for an approval of `ring` until its deadline; returns who approved, or the deadline that passed. */
function* awaitApproval(run: Run, ring: RingPolicy, clusters: number, approvalTimeoutMinutes: number): Step<{ approvedBy: string } | { deadline: Date }> {
  const { context } = run;
  const ahead = run.approvedAhead.get(ring.name.toLowerCase());
  if (ahead !== undefined) {
    yield* audit(run, [approvedRow(rowCtx(run, ring.name), ring.name, ahead, `Ring ${ring.name} approved by ${ahead} ahead of its turn.`)]);
    return { approvedBy: ahead };
  }
  const deadline = new Date(now(run).getTime() + approvalTimeoutMinutes * 60_000);
  const waitStart = now(run);
  status(run, 'waiting-approval', undefined, deadline);
  yield* audit(run, [levelRow(rowCtx(run, ring.name), 'ring', '', 'approval-required', `Ring ${ring.name} (${clusters} clusters) waits for approval until ${deadline.toISOString()}.`)]);
  yield* notify(run, 'K8sExtensionReconciler.ApprovalRequired', {
    code: 'approval-required', ring: ring.name, ringIndex: run.ringIndex, clusters, instanceId: context.df.instanceId, event: APPROVAL_EVENT, deadline: deadline.toISOString(),
  });
  for (;;) {
    // A fresh timer per wait: a task must not be yielded twice (replay would schedule it again).
    const timeout: TimerTask = context.df.createTimer(deadline);
    const approval = context.df.waitForExternalEvent(APPROVAL_EVENT);
    const winner = (yield context.df.Task.any([approval, timeout])) as Task;
    if (winner === timeout) {
      run.otel.approvalWaited(ring.name, waitStart, 'timed-out');
      return { deadline };
    }
    timeout.cancel();
    const event = approval.result as Partial<ApprovalEvent> | undefined;
    if (!event?.ring || event.ring.toLowerCase() === ring.name.toLowerCase()) {
      const approvedBy = event?.approvedBy || 'unknown';
      yield* audit(run, [approvedRow(rowCtx(run, ring.name), ring.name, approvedBy, `Ring ${ring.name} approved by ${approvedBy}.`)]);
      run.otel.approvalWaited(ring.name, waitStart, 'approved');
      return { approvedBy };
    }
    log(run, 'Approval for another ring kept for its turn', { ring: ring.name, approvedRing: event.ring });
    run.approvedAhead.set(event.ring.toLowerCase(), event.approvedBy || 'unknown');
  }
}

/** Rolls a ring's clusters out in batches of maxParallel sub-orchestrations; stops starting batches once over budget. */
function* rollOutRing(run: Run, { ring, clusterIds }: PlannedRing, versions: Map<string, string>): Step<void> {
  const { rolloutId, dryRun } = run.input;
  const tally = run.summary.rings[run.ringIndex] as RingSummary;
  status(run, 'rolling');
  for (const batch of inBatches(clusterIds, ring.maxParallel)) {
    const children = batch.map((clusterId) =>
      clusterRollout.callSub(run.context, { rolloutId, clusterId, ring: ring.name, trigger: run.input.trigger, dryRun }, subRolloutInstanceId(clusterId, versions.get(clusterId) ?? 'unknown', rolloutId)),
    );
    try {
      yield run.context.df.Task.all(children.map((c) => c.task));
    } catch {
      // A sub-orchestration failed outright; the results below tell which.
    }
    for (const child of children) {
      const result = child.result();
      if (!result || result.result === 'failed') tally.failed++;
      else if (result.result === 'skipped') tally.skipped++;
      else tally.succeeded++;
      run.summary.moves.applied += result?.applied ?? 0;
      run.summary.moves.failed += result ? result.failed : 1;
    }
    status(run, 'rolling');
    // failures only grow: once the ring is over budget, its remaining batches are not started
    if (ringFailureBudgetExceeded(tally.failed, tally.clusters, ring)) break;
  }
}

/** One ring: approval when it needs one, its batches, the failure budget, the ring's record, then its bake. */
function* ringStep(run: Run, planned: PlannedRing, plan: PlanFleetResult, versions: Map<string, string>, last: boolean): Step<FleetRolloutSummary | undefined> {
  const { ring, clusterIds } = planned;
  const { dryRun } = run.input;
  const touchedAt = now(run).toISOString();
  run.ringStart = now(run);
  const tally = run.summary.rings[run.ringIndex] as RingSummary;
  if (ring.requireApproval && !dryRun) {
    const approval = yield* awaitApproval(run, ring, clusterIds.length, plan.rollout.approvalTimeoutMinutes);
    if ('deadline' in approval) return yield* halt(run, ring.name, 'approval-timed-out', `No approval for ring ${ring.name} before ${approval.deadline.toISOString()}.`);
  }
  yield* rollOutRing(run, planned, versions);
  const gate = ringGate(tally, ring, dryRun);
  if (!gate.ok) return yield* halt(run, ring.name, gate.code, gate.reason);
  run.otel.ringEnded(ring.name, run.ringStart, 'completed');
  yield* audit(run, [levelRow(rowCtx(run, ring.name), 'ring', '', 'ring-completed', `Ring ${ring.name}: ${tally.succeeded} succeeded, ${tally.failed} failed, ${tally.skipped} skipped.`)]);
  yield* notify(run, 'K8sExtensionReconciler.RingCompleted', { code: 'ring-completed', ring: ring.name, ringIndex: run.ringIndex, clusters: tally.clusters, succeeded: tally.succeeded, failed: tally.failed, skipped: tally.skipped, dryRun });
  if (!last && ring.bakeMinutes > 0 && !dryRun) {
    const bakeUntil = new Date(now(run).getTime() + ring.bakeMinutes * 60_000);
    status(run, 'baking', undefined, bakeUntil);
    yield run.context.df.createTimer(bakeUntil);
  }
  if (!last && !dryRun && plan.rollout.healthGate) {
    const { signals } = yield* checkRingHealthActivity.run({ clusterIds, since: touchedAt, gate: plan.rollout.healthGate }, transientRetry());
    if (signals.length > 0) return yield* halt(run, ring.name, 'health-gate-alert', `Ring ${ring.name}: ${signals.join('; ')}`.slice(0, 2000), false);
  }
  return undefined;
}

/** The fleet rollout: plan, then ring by ring; halts on the first ring that fails its gate. */
function* fleetRolloutBody(context: OrchestrationContext, input: FleetRolloutInput): Step<FleetRolloutSummary> {
  const summary: FleetRolloutSummary = { rolloutId: input.rolloutId, state: 'completed', dryRun: input.dryRun, rings: [], moves: { applied: 0, failed: 0 } };
  const run: Run = { context, input, trigger: triggerLabel(input.trigger), summary, ringIndex: 0, approvedAhead: new Map(), approvalRings: [], otel: orchestrationTelemetry(context, input.rolloutId), ringStart: context.df.currentUtcDateTime };
  status(run, 'planning');
  const plan = yield* planFleetActivity.run({ rolloutId: input.rolloutId, trigger: input.trigger, now: now(run).toISOString() }, transientRetry());
  const rings = assignRings(plan.clusters, plan.rollout);
  const versions = new Map(plan.clusters.map((c) => [c.clusterId, c.kubernetesVersion]));
  summary.rings = rings.map((r) => ({ name: r.ring.name, clusters: r.clusterIds.length, succeeded: 0, failed: 0, skipped: 0 }));
  run.approvalRings = input.dryRun ? [] : rings.filter((r) => r.ring.requireApproval).map((r) => r.ring.name);
  log(run, 'Fleet planned', { decisions: plan.decisions, moves: plan.moves, rings: rings.length });

  for (; run.ringIndex < rings.length; run.ringIndex++) {
    const halted = yield* ringStep(run, rings[run.ringIndex] as PlannedRing, plan, versions, run.ringIndex === rings.length - 1);
    if (halted) return halted;
  }
  summary.state = rolloutFinalState(false, summary.rings);
  run.ringIndex = Math.max(0, rings.length - 1);
  status(run, summary.state);
  run.otel.rolloutEnded(summary.state, input.dryRun, { 'reconciler.hops_applied': summary.moves.applied, 'reconciler.hops_failed': summary.moves.failed });
  yield* audit(run, [levelRow(rowCtx(run), 'rollout', '', 'rollout-completed', `Rollout completed: ${summary.moves.applied} hops applied, ${summary.moves.failed} failed.`)]);
  yield* notify(run, 'K8sExtensionReconciler.RolloutCompleted', { code: 'rollout-completed', state: summary.state, rings: summary.rings, moves: summary.moves, dryRun: input.dryRun });
  return summary;
}

/** Registered handle of the fleetRollout orchestration. */
export const fleetRollout = typedOrchestration<FleetRolloutInput, FleetRolloutSummary>(ORCHESTRATIONS.fleet, fleetRolloutBody);

/** The registered handler (for tests). */
export const fleetRolloutHandler = fleetRollout.handler;
