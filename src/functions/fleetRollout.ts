/**
 * Orchestration fleetRollout: plans the fleet, orders the clusters with moves into rings and rolls them out ring by
 * ring — approval before rings that need one, at most maxParallel clusterRollout sub-orchestrations at a time, a halt
 * when a ring's failures exceed its budget, a bake timer between rings. Replay-safe: the rollout policy comes from the
 * planFleet activity's result, time from currentUtcDateTime, I/O only in activities.
 * Bounded history: the plan stays in the plan store (planFleet returns its id and ring sizes); each execution reads one
 * window of a ring (a few batches), then continues as new carrying only the cursor, the tallies and kept approvals.
 * Sharded planning: the first execution plans the scope shard by shard (one planFleet activity per 300 subscriptions,
 * one after the other: they share the principal's Resource Graph quota) and merges the shards' ring sizes.
 * Bookkeeping: audit rows are queued and written with the next notification in one `record` call (as clusterRollout
 * does), or before the next activity; the last call also deletes the rollout's plan rows.
 */
import type { OrchestrationContext, Task, TimerTask } from 'durable-functions';
import { approvedRow, levelRow, notification, type RowContext } from '../domain/auditRows';
import type { HealthGatePolicy, RingPolicy } from '../domain/model';
import type { AuditRecord, Notification, PlannedClusterRef } from '../domain/ports';
import type { ReasonCode } from '../domain/reasonCodes';
import { countClusterResult, ringGate, rolloutFinalState, type RolloutFinalState } from '../domain/ringGate';
import { inBatches, ringFailureBudgetExceeded } from '../domain/rollout';
import { batchSize, executionWindow } from '../domain/rolloutWindow';
import { triggerLabel } from '../domain/rolloutTrigger';
import { transientRetry } from '../host/retryOptions';
import { APPROVAL_EVENT, FLEET_BATCHES_PER_EXECUTION, ORCHESTRATIONS, clusterRolloutInstanceId, type ApprovalEvent, type FleetRolloutInput } from '../host/rolloutContracts';
import { typedOrchestration, type Step } from '../host/typedActivity';
import { orchestrationTelemetry, type OrchestrationTelemetry } from '../telemetry/orchestrationTelemetry';
import { checkRingHealthActivity, planFleetActivity, readPlannedClustersActivity, recordActivity } from './activities';
import { MAX_PLANNED_CLUSTERS_PER_READ, type PlanFleetResult } from './activities/planActivities';
import { recordBatches, type RecordInput } from './activities/recordActivities';
import { mergeShardRings, partReads, SUBSCRIPTIONS_PER_SHARD, type PlannedRingRef } from '../app/shardedPlan';
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

/** Where the next execution of a fleet rollout picks up after continueAsNew: only what it needs, never the clusters. */
export interface FleetRolloutCarry {
  /** The rings of the stored plan: policy, size and the parts (shard plans) holding the clusters. */
  rings: PlannedRingRef[];
  approvalTimeoutMinutes: number;
  /** The rollout's health gate (checked after each ring's bake), when the policy sets one. */
  healthGate?: HealthGatePolicy;
  ringIndex: number;
  /** Clusters of the current ring already rolled out (the cursor); above 0, the ring's approval was given. */
  offset: number;
  /** When the rollout started and when the current ring started (ISO-8601): durations and the ring's alert window. */
  startedAt: string;
  ringStartedAt: string;
  summary: FleetRolloutSummary;
  /** Approvals received ahead of their ring's turn: [ring name lower-case, or `*` for any ring; approver]. */
  approvedAhead: [string, string][];
}

/** Input of one execution: the rollout's input, plus what the previous execution carried (absent at the start). */
export type FleetRolloutExecutionInput = FleetRolloutInput & { carry?: FleetRolloutCarry };

/** What every step of one fleet rollout shares: the carried state (plan, cursor, summary), the context and its input. */
interface Run extends Omit<FleetRolloutCarry, 'approvedAhead'> {
  context: OrchestrationContext;
  input: FleetRolloutInput;
  trigger: string;
  otel: OrchestrationTelemetry;
  /** Batches per execution before continuing as new; 0 = never. */
  batchesPerExecution: number;
  /** Names this execution among the instance's executions (its starting cursor): notification ids never repeat across them. */
  execution: string;
  /** Approvals for a ring other than the one waiting (raised ahead of its turn), by ring name lower-case (`*`: any). */
  approvedAhead: Map<string, string>;
  /** Audit rows and notifications waiting for the next record call. */
  queued: { audit: AuditRecord[]; notifications: Notification[] };
}

const now = (run: Run): Date => run.context.df.currentUtcDateTime;

function rowCtx(run: Run, ring?: string): RowContext {
  const ctx: RowContext = { rolloutId: run.input.rolloutId, trigger: run.trigger, at: now(run).toISOString() };
  return ring === undefined ? ctx : { ...ctx, ring };
}

function log(run: Run, message: string, meta: Record<string, unknown>): void {
  if (!run.context.df.isReplaying) run.context.info(message, { rolloutId: run.input.rolloutId, ...meta });
}

/** Queues audit rows for the next record call (written with the notification that follows, or before the next activity). */
// eslint-disable-next-line require-yield
function* audit(run: Run, rows: AuditRecord[]): Step<void> {
  run.queued.audit.push(...rows);
}

/** Writes what is queued in record calls (rows, then notifications; `extra`, e.g. plans to delete, on the last), with retries. */
function* flush(run: Run, extra: Pick<RecordInput, 'deletePlans'> = {}): Step<void> {
  const queued = run.queued;
  run.queued = { audit: [], notifications: [] };
  const batches = recordBatches(queued);
  if (extra.deletePlans?.length) {
    if (batches.length === 0) batches.push({});
    Object.assign(batches[batches.length - 1]!, extra);
  }
  for (const batch of batches) yield* recordActivity.run(batch, transientRetry());
}

/** Queues a notification and writes it with the rows queued before it: one record call. */
function* notify(run: Run, type: Notification['type'], data: Record<string, unknown> & { code: ReasonCode }): Step<void> {
  const { rolloutId } = run.input;
  run.queued.notifications.push(notification(run.context.df.newGuid(run.context.df.instanceId + run.execution), type, rolloutId, now(run).toISOString(), { ...data, rolloutId }));
  yield* flush(run);
}

/** The plan ids holding the rollout's clusters (deleted when it ends). */
function planIds(run: Run): string[] {
  return [...new Set(run.rings.flatMap((r) => r.parts.map((p) => p.planId)))];
}

/** Publishes where the rollout stands (ring, progress, state, halt) as the orchestration's custom status. */
function status(run: Run, state: FleetRolloutState, halt?: FleetRolloutSummary['halt'], until?: Date): void {
  const rings = run.summary.rings;
  const clustersTotal = rings.reduce((n, r) => n + r.clusters, 0);
  const clustersDone = rings.reduce((n, r) => n + r.succeeded + r.failed + r.skipped, 0);
  const failed = rings.reduce((n, r) => n + r.failed, 0);
  const { rolloutId } = run.input;
  // ringNames and approvalRings: what the approve route checks an approval against (no approvals in a dry run)
  const names = state === 'planning' ? {} : { ringNames: rings.map((r) => r.name), approvalRings: run.input.dryRun ? [] : run.rings.filter((r) => r.ring.requireApproval).map((r) => r.ring.name) };
  run.context.df.setCustomStatus({ rolloutId, ring: rings[run.ringIndex]?.name ?? null, ringIndex: run.ringIndex, rings: rings.length, clustersDone, clustersTotal, failed, state, tallies: rings, ...names, ...(until ? { until: until.toISOString() } : {}), ...(halt ? { halt } : {}) });
}

/** Stops the rollout: audit, notification, custom status; later rings stay untouched. `ringOpen`: the ring itself ends halted. */
function* halt(run: Run, ring: string, code: ReasonCode, reason: string, ringOpen = true): Step<FleetRolloutSummary> {
  const { summary } = run;
  summary.state = 'halted';
  summary.halt = { ring, code, reason };
  log(run, 'Rollout halted', { ring, code });
  if (ringOpen) run.otel.ringEnded(ring, new Date(run.ringStartedAt), 'halted');
  run.otel.rolloutEnded('halted', run.input.dryRun, { 'reconciler.code': code, 'reconciler.ring': ring, 'reconciler.hops_applied': summary.moves.applied, 'reconciler.hops_failed': summary.moves.failed });
  status(run, 'halted', summary.halt);
  yield* audit(run, [levelRow(rowCtx(run, ring), 'halted', '', code, reason)]);
  yield* notify(run, 'K8sExtensionReconciler.RolloutHalted', { code, ring, reason, rings: summary.rings, moves: summary.moves, dryRun: run.input.dryRun });
  yield* flush(run, { deletePlans: planIds(run) });
  return summary;
}

/** Waits for an approval of `ring` until its deadline; returns who approved, or the deadline that passed. */
function* awaitApproval(run: Run, ring: RingPolicy, clusters: number, approvalTimeoutMinutes: number): Step<{ approvedBy: string } | { deadline: Date }> {
  const { context } = run;
  const key = run.approvedAhead.has(ring.name.toLowerCase()) ? ring.name.toLowerCase() : '*';
  const ahead = run.approvedAhead.get(key);
  run.approvedAhead.delete(key);
  if (ahead !== undefined) {
    yield* audit(run, [approvedRow(rowCtx(run, ring.name), ring.name, ahead)]);
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
      yield* audit(run, [approvedRow(rowCtx(run, ring.name), ring.name, approvedBy)]);
      run.otel.approvalWaited(ring.name, waitStart, 'approved');
      return { approvedBy };
    }
    log(run, 'Approval for another ring kept for its turn', { ring: ring.name, approvedRing: event.ring });
    keepApproval(run, event);
  }
}

/** Reads the next `count` clusters of the current ring from the plan store, a bounded slice per activity, side by side. */
function* readWindow(run: Run, count: number): Step<PlannedClusterRef[]> {
  yield* flush(run);
  const { parts } = run.rings[run.ringIndex] as PlannedRingRef;
  const slices = [];
  for (let at = 0; at < count; at += MAX_PLANNED_CLUSTERS_PER_READ) {
    for (const input of partReads(parts, run.offset + at, Math.min(MAX_PLANNED_CLUSTERS_PER_READ, count - at))) slices.push(readPlannedClustersActivity.call(input).withRetry(transientRetry()));
  }
  const results = (yield run.context.df.Task.all(slices)) as PlannedClusterRef[][];
  return results.flat();
}

/** Rolls the ring's next window out in batches of maxParallel sub-orchestrations from the cursor; stops starting batches once over budget. */
function* rollOutRing(run: Run, ring: RingPolicy, remaining: number): Step<void> {
  const { rolloutId, dryRun } = run.input;
  const tally = run.summary.rings[run.ringIndex] as RingSummary;
  status(run, 'rolling');
  const clusters = yield* readWindow(run, Math.min(remaining, executionWindow(ring, run.batchesPerExecution)));
  for (const batch of inBatches(clusters, batchSize(ring))) {
    const children = batch.map(({ clusterId, kubernetesVersion }) =>
      clusterRollout.callSub(run.context, { rolloutId, clusterId, ring: ring.name, trigger: run.input.trigger, dryRun }, subRolloutInstanceId(clusterId, kubernetesVersion, rolloutId)),
    );
    try {
      yield run.context.df.Task.all(children.map((c) => c.task));
    } catch {
      // A sub-orchestration failed outright; the results below tell which.
    }
    for (const child of children) {
      const result = child.result();
      countClusterResult(tally, result);
      run.summary.moves.applied += result?.applied ?? 0;
      run.summary.moves.failed += result ? result.failed : 1;
    }
    run.offset += batch.length;
    status(run, 'rolling');
    // failures only grow: once the ring is over budget, its remaining batches are not started
    if (ringFailureBudgetExceeded(tally.failed, tally.clusters, ring)) break;
  }
  // a plan shorter than its count (never expected) must not loop forever
  if (clusters.length === 0) run.offset = tally.clusters;
}

/**
 * One ring: approval when it needs one (before its first window), its batches, the failure budget, the ring's record,
 * then its bake. With continueAsNew, one execution runs one window of batches and returns 'continue'; the ring's end
 * (gates, record, bake) runs at the start of the execution after its last window. Returns the halt summary,
 * 'continue', or undefined when the ring is done.
 */
function* ringStep(run: Run, last: boolean): Step<FleetRolloutSummary | 'continue' | undefined> {
  const { ring, clusters } = run.rings[run.ringIndex] as PlannedRingRef;
  const { dryRun } = run.input;
  const tally = run.summary.rings[run.ringIndex] as RingSummary;
  if (run.offset === 0) run.ringStartedAt = now(run).toISOString();
  if (run.offset === 0 && ring.requireApproval && !dryRun) {
    const approval = yield* awaitApproval(run, ring, clusters, run.approvalTimeoutMinutes);
    if ('deadline' in approval) return yield* halt(run, ring.name, 'approval-timed-out', `No approval for ring ${ring.name} before ${approval.deadline.toISOString()}.`);
  }
  if (run.offset < clusters) {
    do yield* rollOutRing(run, ring, clusters - run.offset);
    while (run.batchesPerExecution === 0 && run.offset < clusters && !ringFailureBudgetExceeded(tally.failed, tally.clusters, ring));
    // after a window the next execution goes on (its next window, or the ring's end on a short history)
    if (run.batchesPerExecution > 0 && !ringFailureBudgetExceeded(tally.failed, tally.clusters, ring)) return 'continue';
  }
  const gate = ringGate(tally, ring, dryRun);
  if (!gate.ok) return yield* halt(run, ring.name, gate.code, gate.reason);
  run.otel.ringEnded(ring.name, new Date(run.ringStartedAt), 'completed');
  yield* audit(run, [levelRow(rowCtx(run, ring.name), 'ring', '', 'ring-completed', `Ring ${ring.name}: ${tally.succeeded} succeeded, ${tally.failed} failed, ${tally.skipped} skipped.`)]);
  yield* notify(run, 'K8sExtensionReconciler.RingCompleted', { code: 'ring-completed', ring: ring.name, ringIndex: run.ringIndex, clusters: tally.clusters, succeeded: tally.succeeded, failed: tally.failed, skipped: tally.skipped, dryRun });
  if (!last && ring.bakeMinutes > 0 && !dryRun) {
    const bakeUntil = new Date(now(run).getTime() + ring.bakeMinutes * 60_000);
    status(run, 'baking', undefined, bakeUntil);
    yield run.context.df.createTimer(bakeUntil);
  }
  if (!last && !dryRun && run.healthGate) {
    const plan = { parts: (run.rings[run.ringIndex] as PlannedRingRef).parts, clusters };
    const { signals } = yield* checkRingHealthActivity.run({ plan, since: run.ringStartedAt, gate: run.healthGate }, transientRetry());
    if (signals.length > 0) return yield* halt(run, ring.name, 'health-gate-alert', `Ring ${ring.name}: ${signals.join('; ')}`.slice(0, 2000), false);
  }
  return undefined;
}

/** Keeps an approval for a later ring (or, without a ring, for whichever ring asks next). */
function keepApproval(run: Run, event: Partial<ApprovalEvent> | undefined): void {
  run.approvedAhead.set(event?.ring ? event.ring.toLowerCase() : '*', event?.approvedBy || 'unknown');
}

/**
 * Takes in every approval already delivered but not yet awaited (a timer due now ends the wait): the history is about
 * to be reset, and Durable Functions drops received events no one waited for when an execution continues as new.
 */
function* takeInApprovals(run: Run): Step<void> {
  for (;;) {
    const due: TimerTask = run.context.df.createTimer(now(run));
    const approval = run.context.df.waitForExternalEvent(APPROVAL_EVENT);
    const winner = (yield run.context.df.Task.any([approval, due])) as Task;
    if (winner === due) return;
    due.cancel();
    keepApproval(run, approval.result as Partial<ApprovalEvent> | undefined);
  }
}

/** Ends this execution and starts the next one with the carry (the same instance, a fresh history). */
function* continueAsNew(run: Run): Step<FleetRolloutSummary> {
  yield* flush(run);
  yield* takeInApprovals(run);
  const carry: FleetRolloutCarry = {
    rings: run.rings, approvalTimeoutMinutes: run.approvalTimeoutMinutes, ringIndex: run.ringIndex, offset: run.offset, summary: run.summary, approvedAhead: [...run.approvedAhead],
    startedAt: run.startedAt, ringStartedAt: run.ringStartedAt, ...(run.healthGate ? { healthGate: run.healthGate } : {}),
  };
  const input: FleetRolloutExecutionInput = { ...run.input, carry };
  run.context.df.continueAsNew(input);
  return run.summary;
}

/**
 * Plans the scope shard by shard (shard 0 says how many there are), one after the other: every shard's discovery spends
 * the same principal's Resource Graph quota, so running them side by side would only trade waits for 429s.
 */
function* planShards(run: Run): Step<PlanFleetResult[]> {
  const { input } = run;
  const ask = (shard: number) => ({ rolloutId: input.rolloutId, trigger: input.trigger, now: now(run).toISOString(), shard, subscriptionsPerShard: input.subscriptionsPerShard ?? SUBSCRIPTIONS_PER_SHARD });
  const shards = [yield* planFleetActivity.run(ask(0), transientRetry())];
  for (let shard = 1; shard < (shards[0]?.shards ?? 0); shard++) shards.push(yield* planFleetActivity.run(ask(shard), transientRetry()));
  return shards;
}

/** The first execution: plan the fleet (stored by planFleet, shard by shard) and set up the run. */
function* planRun(context: OrchestrationContext, input: FleetRolloutInput, base: Omit<Run, 'summary' | 'rings' | 'approvalTimeoutMinutes' | 'startedAt' | 'ringStartedAt'>): Step<Run> {
  const summary: FleetRolloutSummary = { rolloutId: input.rolloutId, state: 'completed', dryRun: input.dryRun, rings: [], moves: { applied: 0, failed: 0 } };
  const startedAt = context.df.currentUtcDateTime.toISOString();
  const run: Run = { ...base, summary, rings: [], approvalTimeoutMinutes: 0, startedAt, ringStartedAt: startedAt };
  status(run, 'planning');
  const shards = yield* planShards(run);
  const { rollout } = shards[0] as PlanFleetResult;
  Object.assign(run, { rings: mergeShardRings(shards.map((s) => s.rings)), approvalTimeoutMinutes: rollout.approvalTimeoutMinutes, ...(rollout.healthGate ? { healthGate: rollout.healthGate } : {}) });
  summary.rings = run.rings.map((r) => ({ name: r.ring.name, clusters: r.clusters, succeeded: 0, failed: 0, skipped: 0 }));
  const count = (key: 'decisions' | 'moves') => shards.reduce((n, s) => n + s[key], 0);
  log(run, 'Fleet planned', { decisions: count('decisions'), moves: count('moves'), rings: run.rings.length, shards: shards.length });
  return run;
}

/** The fleet rollout: plan (first execution) or pick up the carry, then ring by ring; halts on the first ring that fails its gate. */
function* fleetRolloutBody(context: OrchestrationContext, execution: FleetRolloutExecutionInput): Step<FleetRolloutSummary> {
  const { carry, ...input } = execution;
  const base = { context, input, trigger: triggerLabel(input.trigger), ringIndex: 0, offset: 0, otel: orchestrationTelemetry(context, input.rolloutId), batchesPerExecution: input.batchesPerExecution ?? FLEET_BATCHES_PER_EXECUTION, approvedAhead: new Map<string, string>(), execution: carry ? `#${carry.ringIndex}.${carry.offset}` : '', queued: { audit: [], notifications: [] } };
  // the carry is the input: copied, never mutated (a replay must see it as it was)
  const run: Run = carry
    ? { ...base, ...structuredClone(carry), approvedAhead: new Map(carry.approvedAhead), otel: orchestrationTelemetry(context, input.rolloutId, new Date(carry.startedAt)) }
    : yield* planRun(context, input, base);
  const { summary, rings } = run;
  while (run.ringIndex < rings.length) {
    const outcome = yield* ringStep(run, run.ringIndex === rings.length - 1);
    if (typeof outcome === 'object') return outcome;
    if (outcome === undefined) Object.assign(run, { ringIndex: run.ringIndex + 1, offset: 0 });
    if (run.ringIndex < rings.length && run.batchesPerExecution > 0) return yield* continueAsNew(run);
  }
  summary.state = rolloutFinalState(false, summary.rings);
  run.ringIndex = Math.max(0, rings.length - 1);
  status(run, summary.state);
  run.otel.rolloutEnded(summary.state, input.dryRun, { 'reconciler.hops_applied': summary.moves.applied, 'reconciler.hops_failed': summary.moves.failed });
  yield* audit(run, [levelRow(rowCtx(run), 'rollout', '', 'rollout-completed', `Rollout completed: ${summary.moves.applied} hops applied, ${summary.moves.failed} failed.`)]);
  yield* notify(run, 'K8sExtensionReconciler.RolloutCompleted', { code: 'rollout-completed', state: summary.state, rings: summary.rings, moves: summary.moves, dryRun: input.dryRun });
  yield* flush(run, { deletePlans: planIds(run) });
  return summary;
}

/** Registered handle of the fleetRollout orchestration. */
export const fleetRollout = typedOrchestration<FleetRolloutExecutionInput, FleetRolloutSummary>(ORCHESTRATIONS.fleet, fleetRolloutBody);

/** The registered handler (for tests). */
export const fleetRolloutHandler = fleetRollout.handler;
