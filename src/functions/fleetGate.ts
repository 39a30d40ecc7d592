/**
 * Orchestration fleetGate: the app's work at one Fleet Manager approval gate. It reads the gate and its update run live
 * (inspectGate), then either leaves it (not ours, gone, approved by someone else, skipped, run stopped: recorded), checks
 * readiness (Before: every AKS member planned as if on the run's target Kubernetes version; approve when none would be
 * blocked or in error), or rolls the members' extension moves out (After: one clusterRollout sub-orchestration per member,
 * the stage's ring policy for parallelism, failure budget and success floor; maintenance windows, freezes, health gate
 * and rollback are clusterRollout's own). It approves the gate when the verdict says so (approveGate re-reads it first);
 * otherwise the gate stays Pending with an audit row, a CloudEvent and the status page saying why. Replay-safe.
 */
import type { OrchestrationContext } from 'durable-functions';
import { levelRow, notification, type RowContext } from '../domain/auditRows';
import { outcomeVerdict, readinessVerdict, type GateVerdict } from '../domain/gateVerdicts';
import type { AuditRecord, Notification } from '../domain/ports';
import type { ReasonCode } from '../domain/reasonCodes';
import { countClusterResult, type RingTally } from '../domain/ringGate';
import { inBatches } from '../domain/rollout';
import { triggerLabel } from '../domain/rolloutTrigger';
import { transientRetry } from '../host/retryOptions';
import { clusterKey, ORCHESTRATIONS, type FleetGateInput } from '../host/rolloutContracts';
import { typedOrchestration, type Step } from '../host/typedActivity';
import { notifyActivity, recordAuditActivity } from './activities';
import { approveGateActivity, checkGateReadinessActivity, inspectGateActivity, type GateInspection } from './activities/gateActivities';
import { clusterRollout } from './clusterRollout';

/** Output of fleetGate. `final`: nothing left to do at this gate; false = a later event or catch-up tick may look again. */
export interface FleetGateResult {
  gateId: string;
  code: ReasonCode;
  reason: string;
  final: boolean;
  tally?: RingTally;
}

/** Codes after which a later look at the gate may end differently (held, dry run, run stopped, approval failed). */
const RETRYABLE: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['gate-held-by-outcome', 'gate-held-not-ready', 'dry-run', 'update-run-stopped', 'apply-failed']);

interface Run {
  context: OrchestrationContext;
  input: FleetGateInput;
  rolloutId: string;
}

type Acting = Extract<GateInspection, { ignore: false }>;

const now = (run: Run): string => run.context.df.currentUtcDateTime.toISOString();
const rowCtx = (run: Run, ring?: string): RowContext => ({ rolloutId: run.rolloutId, trigger: triggerLabel(run.input.trigger), at: now(run), ...(ring !== undefined ? { ring } : {}) });

function status(run: Run, state: string, extra: Record<string, unknown> = {}): void {
  run.context.df.setCustomStatus({ gateId: run.input.gateId, rolloutId: run.rolloutId, state, ...extra });
}

/** Records the gate-level row (and a notification when the app approved or held the gate), then ends. */
function* finish(run: Run, found: Acting | undefined, code: ReasonCode, reason: string, tally?: RingTally): Step<FleetGateResult> {
  const place = found?.place ?? run.input.gateId;
  const named = found?.displayName ? `"${found.displayName}" ` : '';
  const rows: AuditRecord[] = [levelRow(rowCtx(run, found?.stage), 'gate', run.input.gateId, code, `${named}${place}: ${reason}`.slice(0, 4000))];
  yield* recordAuditActivity.run(rows, transientRetry());
  const type: Notification['type'] | undefined = code === 'gate-approved' ? 'K8sExtensionReconciler.FleetGateApproved' : code === 'gate-held-by-outcome' || code === 'gate-held-not-ready' ? 'K8sExtensionReconciler.FleetGateHeld' : undefined;
  if (type) {
    const id = run.context.df.newGuid(`${run.context.df.instanceId}/${run.rolloutId}/${code}`);
    yield* notifyActivity.run([notification(id, type, run.input.gateId, now(run), { rolloutId: run.rolloutId, code, gateId: run.input.gateId, place, displayName: found?.displayName ?? '', reason, ...(tally ? { tally } : {}) })]);
  }
  const final = !RETRYABLE.has(code);
  status(run, code === 'gate-approved' ? 'approved' : final ? 'left' : 'held', { code, reason, place, ...(found ? { displayName: found.displayName } : {}), ...(tally ? { tally } : {}) });
  if (!run.context.df.isReplaying) run.context.info('Fleet gate handled', { gateId: run.input.gateId, code });
  return { gateId: run.input.gateId, code, reason, final, ...(tally ? { tally } : {}) };
}

/** Before: plan the members as if on the target version; the blockers, one audit row each, then the verdict. */
function* readiness(run: Run, found: Acting, action: Extract<Acting['action'], { kind: 'readiness' }>): Step<GateVerdict> {
  status(run, 'checking-readiness', { place: found.place, members: action.clusterIds.length });
  const { blockers } = yield* checkGateReadinessActivity.run({ gateId: run.input.gateId, clusterIds: action.clusterIds, kubernetes: action.kubernetes, now: now(run) }, transientRetry());
  if (blockers.length > 0) {
    const rows = blockers.map((b) => ({ ...levelRow(rowCtx(run, found.stage), 'gate', b.clusterId, b.code, `Not ready for ${found.place}: ${b.reason}`.slice(0, 2000)), extensionName: b.extensionName }));
    yield* recordAuditActivity.run(rows, transientRetry());
  }
  return readinessVerdict(blockers, action.clusterIds.length, run.input.dryRun);
}

/** After: one clusterRollout per member, at most the ring's maxParallel at a time; the stage's tally, then the verdict. */
function* rollout(run: Run, found: Acting, action: Extract<Acting['action'], { kind: 'rollout' }>): Step<{ verdict: GateVerdict; tally: RingTally }> {
  const ring = found.ring;
  const tally: RingTally = { clusters: action.clusterIds.length, succeeded: 0, failed: 0, skipped: 0 };
  const attempt = run.input.attempt.replace(/[^0-9A-Za-z]/g, '');
  for (const batch of inBatches(action.clusterIds, ring.maxParallel)) {
    status(run, 'rolling-out', { place: found.place, tally });
    const children = batch.map((clusterId) =>
      clusterRollout.callSub(run.context, { rolloutId: run.rolloutId, clusterId, ring: ring.name, trigger: run.input.trigger, dryRun: run.input.dryRun }, `${run.context.df.instanceId}-${clusterKey(clusterId)}-${attempt}`),
    );
    try {
      yield run.context.df.Task.all(children.map((c) => c.task));
    } catch {
      // a member's rollout failed outright: its result below counts it as failed
    }
    for (const child of children) {
      const result = child.result();
      countClusterResult(tally, result);
    }
  }
  return { verdict: outcomeVerdict(tally, ring, run.input.dryRun), tally };
}

function* fleetGateBody(context: OrchestrationContext, input: FleetGateInput): Step<FleetGateResult> {
  const run: Run = { context, input, rolloutId: `${context.df.instanceId}@${input.attempt}` };
  status(run, 'inspecting');
  const found = yield* inspectGateActivity.run({ gateId: input.gateId }, transientRetry());
  if (found.ignore) return yield* finish(run, undefined, found.code, found.reason);
  const action = found.action;
  if (action.kind === 'leave') return yield* finish(run, found, action.code, action.reason);
  const outcome = action.kind === 'readiness' ? { verdict: yield* readiness(run, found, action) } : yield* rollout(run, found, action);
  const { verdict } = outcome;
  const tally = 'tally' in outcome ? outcome.tally : undefined;
  const others = action.otherMembers.length > 0 ? ` ${action.otherMembers.length} non-AKS member(s) keep the ring rollout.` : '';
  if (!verdict.approve) return yield* finish(run, found, verdict.code, verdict.reason + others, tally);
  status(run, 'approving', { place: found.place });
  const approval = yield* approveGateActivity.run({ gateId: input.gateId }, transientRetry());
  if (!approval.approved) return yield* finish(run, found, approval.code, approval.reason, tally);
  return yield* finish(run, found, 'gate-approved', `Approved by the app: ${verdict.reason}${others}`, tally);
}

/** Registered handle of the fleetGate orchestration (started by a gate event or the catch-up timer; instance id from the gate id). */
export const fleetGate = typedOrchestration<FleetGateInput, FleetGateResult>(ORCHESTRATIONS.fleetGate, fleetGateBody);
