/**
 * A history-driven host for the rollout orchestrations: it runs durable-functions' REAL replay engine (the callbacks
 * captured by the @azure/functions-core double), executes scheduled activities through their captured callbacks, fires
 * timers on a virtual clock, runs sub-orchestrations with their own histories and delivers external events. One `step()`
 * is one orchestrator episode (one new history event; sub-orchestrations that ended are delivered together, as a
 * backend delivers the messages waiting for an instance in one batch), so a test can stop anywhere, `snapshot()`, and
 * resume with `DurableHarness.restore()` (crash/resume). ContinueAsNew ends an execution and starts the next one with a
 * fresh history, as the Durable Task Framework does: results of its unfinished tasks are dropped, events received but
 * never awaited are discarded (counted in `discardedEvents`), events raised after it reach the next execution.
 * `metrics()` counts history events written and replayed, history per execution and activity payloads. No jest: the
 * demo and benchmark use it too.
 */
import * as path from 'node:path';
import type * as CoreDouble from './functionsCore';
import type * as Functions from '@azure/functions';
import type * as Durable from 'durable-functions';
import { isLive, type ApprovalEvent, type ClusterRolloutInput, type FleetGateInput, type FleetRolloutInput, type RolloutStarter, type RolloutStatus } from '../../src/host/rolloutContracts';
import { HarnessMetrics, type MetricsReport } from './harnessMetrics';

type Json = unknown;
type Callback = (...args: unknown[]) => unknown;

/** A history event as the replay engine reads it (times kept as ISO strings here, turned into Dates for the engine). */
export interface HistoryEvent {
  EventType: number;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  [field: string]: Json;
}

type Pending =
  | { kind: 'activity'; seq: number; name: string; input: Json; retry?: { max: number; firstMs: number; backoff: number; maxMs: number }; attempt: number }
  | { kind: 'timer'; seq: number; fireAt: string; retryOf?: Extract<Pending, { kind: 'activity' }> }
  | { kind: 'sub'; seq: number; name: string; instanceId: string; input: Json };

/** One orchestrator episode: the history length it saw and the actions it returned (JSON). */
export interface Episode {
  historyLength: number;
  actions: string;
}

/** A finished execution of an instance that continued as new (kept unless `keepHistory` is false). */
export interface PastExecution {
  input: Json;
  history: HistoryEvent[];
  episodes: Episode[];
}

interface Instance {
  instanceId: string;
  name: string;
  input: Json;
  parent?: { instanceId: string; seq: number };
  history: HistoryEvent[];
  nextSeq: number;
  actionCount: number;
  /** Sequence number of each action returned so far (null: no number, e.g. waiting for an event). */
  actionSeqs: (number | null)[];
  pending: Pending[];
  events: { name: string; input: Json }[];
  waits: Record<string, number>;
  /** Events delivered to this execution that no wait has taken yet, by name. */
  buffered: Record<string, number>;
  /** Executions started so far (1 + times it continued as new). */
  executions: number;
  past: PastExecution[];
  /** Events received by an execution that continued as new without awaiting them (dropped, as Durable Functions does). */
  discardedEvents: number;
  runtimeStatus: RolloutStatus['runtimeStatus'];
  customStatus?: Json;
  output?: Json;
  error?: string;
  episodes: Episode[];
  started: boolean;
}

/** Everything needed to resume a harness: plain JSON. */
export interface HarnessSnapshot {
  now: string;
  order: string[];
  instances: Instance[];
}

/** Options of the harness. */
export interface HarnessOptions {
  /** Start of the virtual clock (default 2024-06-05T10:00:00Z). */
  now?: Date;
  /** Raise an approval (approvedBy "harness") whenever an instance waits for one and nothing else can run. */
  autoApprove?: boolean;
  /** Logs of orchestrations and activities (default: dropped). */
  log?: (level: string, ...args: unknown[]) => void;
  /**
   * Keep every history (default true: tests inspect them). False (benchmarks at scale): finished sub-orchestrations are
   * forgotten once their parent has their result, and executions that continued as new are not kept.
   */
  keepHistory?: boolean;
}

const ET = { ExecutionStarted: 0, TaskScheduled: 4, TaskCompleted: 5, TaskFailed: 6, SubCreated: 7, SubCompleted: 8, SubFailed: 9, TimerCreated: 10, TimerFired: 11, OrchestratorStarted: 12, EventRaised: 15 } as const;
const AT = { CallActivity: 0, CallActivityWithRetry: 1, CallSubOrchestrator: 2, ContinueAsNew: 4, CreateTimer: 5, WaitForExternalEvent: 6 } as const;

let doubleInstalled = false;

/**
 * Makes `@azure/functions-core` resolve to the registration-capturing double (simulator/world/functionsCore) for plain
 * Node (demo, bench). Call before anything requires @azure/functions. Under jest, moduleNameMapper already does this.
 */
export function installFunctionsCoreDouble(): void {
  if (doubleInstalled) return;
  doubleInstalled = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = Module._resolveFilename;
  const target = path.join(__dirname, 'functionsCore');
  Module._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    if (request === '@azure/functions-core') return original.call(this, target, ...rest);
    return original.call(this, request, ...rest);
  };
}

/** Loads the orchestrations and activities (registering them) and returns the captured callbacks by function name. */
function loadCallbacks(): Map<string, Callback> {
  installFunctionsCoreDouble();
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('../../src/functions/fleetRollout');
  require('../../src/functions/clusterRollout');
  require('../../src/functions/fleetGate');
  const core = require('./functionsCore') as typeof CoreDouble;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const out = new Map<string, Callback>();
  for (const r of core.capturedRegistrations()) out.set(r.metadata.name, r.callback);
  return out;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Drives rollouts under the real replay engine on a virtual clock; implements RolloutStarter for tests and the demo. */
export class DurableHarness implements RolloutStarter {
  private clock: Date;
  /** Every instance, in creation order (a re-created id moves to the end). */
  private readonly instances = new Map<string, Instance>();
  /** Ids of the instances that can still run, in creation order (a step looks only at these). */
  private readonly live = new Set<string>();
  private readonly callbacks: Map<string, Callback>;
  private readonly autoApprove: boolean;
  private readonly keepHistory: boolean;
  private readonly log: (level: string, ...args: unknown[]) => void;
  private readonly counters = new HarnessMetrics();
  /** The engine's view of each current history (Dates restored), extended as events are appended. */
  private readonly engineHistories = new WeakMap<Instance, Record<string, Json>[]>();
  /** History length at the end of each instance's previous episode (what the next episode replays). */
  private readonly episodeEnd = new WeakMap<Instance, number>();

  constructor(opts: HarnessOptions = {}) {
    this.clock = new Date(opts.now ?? new Date('2024-06-05T10:00:00Z'));
    this.autoApprove = opts.autoApprove ?? false;
    this.keepHistory = opts.keepHistory ?? true;
    this.log = opts.log ?? ((): void => undefined);
    this.callbacks = loadCallbacks();
  }

  /** A harness resuming from a snapshot (the "host" restarted after a crash). */
  static restore(snapshot: HarnessSnapshot, opts: Omit<HarnessOptions, 'now'> = {}): DurableHarness {
    const copy = JSON.parse(JSON.stringify(snapshot)) as HarnessSnapshot;
    const harness = new DurableHarness({ ...opts, now: new Date(copy.now) });
    for (const instance of copy.instances) {
      harness.instances.set(instance.instanceId, instance);
      if (isLive(instance.runtimeStatus)) harness.live.add(instance.instanceId);
    }
    return harness;
  }

  /** The virtual clock. */
  get now(): Date {
    return new Date(this.clock);
  }

  /** Moves the virtual clock forward to `to` (never back), e.g. to follow the wall clock while serving the demo. */
  advanceClock(to: Date): void {
    if (to > this.clock) this.clock = new Date(to);
  }

  /** A JSON copy of the whole state (histories, pending work, clock). */
  snapshot(): HarnessSnapshot {
    const order = [...this.instances.keys()];
    return JSON.parse(JSON.stringify({ now: this.clock.toISOString(), order, instances: [...this.instances.values()] })) as HarnessSnapshot;
  }

  start(orchestration: 'fleetRollout', instanceId: string, input: FleetRolloutInput): Promise<'started' | 'already-running'>;
  start(orchestration: 'clusterRollout', instanceId: string, input: ClusterRolloutInput): Promise<'started' | 'already-running'>;
  start(orchestration: 'fleetGate', instanceId: string, input: FleetGateInput): Promise<'started' | 'already-running'>;
  /** Schedules an orchestration; it runs on step()/run…(). */
  start(orchestration: string, instanceId: string, input: unknown): Promise<'started' | 'already-running'> {
    const existing = this.instances.get(instanceId);
    if (existing && isLive(existing.runtimeStatus)) return Promise.resolve('already-running');
    this.create(orchestration, instanceId, input);
    return Promise.resolve('started');
  }

  /** Status of an instance, as the durable client reports it. */
  status(instanceId: string): Promise<RolloutStatus> {
    const i = this.instances.get(instanceId);
    if (!i) return Promise.resolve({ instanceId, runtimeStatus: 'NotFound' });
    return Promise.resolve({ instanceId, runtimeStatus: i.runtimeStatus, input: i.input, customStatus: i.customStatus, output: i.output });
  }

  /** Queues the approval event for a running instance; false when there is none. */
  raiseApproval(instanceId: string, event: ApprovalEvent): Promise<boolean> {
    return Promise.resolve(this.raiseEvent(instanceId, 'RingApproval', event));
  }

  /** Queues any external event for a running instance; false when there is none. */
  raiseEvent(instanceId: string, name: string, input: Json): boolean {
    const i = this.instances.get(instanceId);
    if (!i || !isLive(i.runtimeStatus)) return false;
    i.events.push({ name, input });
    return true;
  }

  /** The recorded history of an instance (times as ISO strings). */
  history(instanceId: string): readonly HistoryEvent[] {
    return this.get(instanceId).history;
  }

  /** Every orchestrator episode of an instance's current execution: history length seen and actions returned. */
  episodes(instanceId: string): readonly Episode[] {
    return this.get(instanceId).episodes;
  }

  /** The executions of an instance that continued as new, oldest first (empty unless keepHistory). */
  pastExecutions(instanceId: string): readonly PastExecution[] {
    return this.get(instanceId).past;
  }

  /** How many executions an instance has started, and how many received events its ended executions dropped unawaited. */
  executions(instanceId: string): { executions: number; discardedEvents: number } {
    const i = this.get(instanceId);
    return { executions: i.executions, discardedEvents: i.discardedEvents };
  }

  /** Counts so far: history events written and replayed, history per execution, activity payloads (per orchestration). */
  metrics(): MetricsReport {
    return this.counters.report();
  }

  /** Ids of every instance, in creation order (sub-orchestrations included). */
  instanceIds(): string[] {
    return [...this.instances.keys()];
  }

  /** True when `instanceId` waits for external event `name`, has not received it, and has no timer due. */
  isWaitingFor(instanceId: string, name: string): boolean {
    const i = this.instances.get(instanceId);
    // a wait raced by a timer already due (a drain before continue-as-new) is not waiting for anyone
    const due = (p: Pending): boolean => p.kind === 'timer' && new Date(p.fireAt) <= this.clock;
    return !!i && isLive(i.runtimeStatus) && (i.waits[name] ?? 0) > 0 && !i.pending.some(due);
  }

  /** Runs one orchestrator episode somewhere (work first, then due timers, then later timers; with `timersDueBy`, only timers due by then). Returns false when nothing can run. */
  async step(opts: { fireTimers?: boolean; timersDueBy?: Date } = {}): Promise<boolean> {
    const live = [...this.live].map((id) => this.get(id));
    const notStarted = live.find((i) => !i.started);
    if (notStarted) return this.startEpisode(notStarted);
    for (const i of live) {
      const activity = i.pending.find((p) => p.kind === 'activity');
      if (activity && activity.kind === 'activity') return this.runActivity(i, activity);
    }
    for (const i of live) {
      const ended = i.pending.filter((p): p is Extract<Pending, { kind: 'sub' }> => p.kind === 'sub' && this.isFinished(p.instanceId));
      if (ended.length > 0) return this.completeSubs(i, ended);
    }
    for (const i of live) {
      const event = i.events.shift();
      if (event) return this.deliverEvent(i, event);
    }
    let next: { i: Instance; timer: Extract<Pending, { kind: 'timer' }> } | undefined;
    for (const i of live) {
      for (const p of i.pending) if (p.kind === 'timer' && (!next || p.fireAt < next.timer.fireAt)) next = { i, timer: p };
    }
    // a timer already due fires without moving the clock (also with fireTimers false), before anyone approves
    if (next && new Date(next.timer.fireAt) <= this.clock) return this.fireTimer(next.i, next.timer);
    if (this.autoApprove) {
      const waiting = live.find((i) => i.started && (i.waits.RingApproval ?? 0) > 0);
      if (waiting) {
        waiting.events.push({ name: 'RingApproval', input: { ring: '', approvedBy: 'harness' } });
        return this.step(opts);
      }
    }
    if (opts.fireTimers === false || !next) return false;
    if (opts.timersDueBy && new Date(next.timer.fireAt) > opts.timersDueBy) return false;
    this.clock = new Date(next.timer.fireAt);
    return this.fireTimer(next.i, next.timer);
  }

  /** Steps until nothing can run (timers in the future included unless fireTimers is false); returns the number of steps. */
  async runUntilIdle(opts: { fireTimers?: boolean; timersDueBy?: Date; maxSteps?: number } = {}): Promise<number> {
    let steps = 0;
    const max = opts.maxSteps ?? 100_000;
    while (steps < max && (await this.step(opts))) steps++;
    return steps;
  }

  /** Steps until `instanceId` has finished (or nothing can run); returns its status. */
  async runToCompletion(instanceId: string, opts: { maxSteps?: number } = {}): Promise<RolloutStatus> {
    const max = opts.maxSteps ?? 100_000;
    for (let n = 0; n < max && !this.isFinished(instanceId); n++) if (!(await this.step())) break;
    return this.status(instanceId);
  }

  /** Replays every recorded episode of an instance from its history prefix; returns mismatches (empty = deterministic). */
  async checkDeterminism(instanceId: string): Promise<string[]> {
    const i = this.get(instanceId);
    const problems: string[] = [];
    // A timer canceled later is the same action: compare without the cancel flag for the prefix check.
    const uncanceled = (json: string): string[] => (JSON.parse(json) as Record<string, Json>[]).map(({ isCanceled: _c, ...rest }) => JSON.stringify(rest));
    const executions: PastExecution[] = [...i.past, { input: i.input, history: i.history, episodes: i.episodes }];
    for (const [x, execution] of executions.entries()) {
      const label = executions.length > 1 ? `execution ${x} ` : '';
      const final = uncanceled(execution.episodes[execution.episodes.length - 1]?.actions ?? '[]');
      for (const [n, episode] of execution.episodes.entries()) {
        const replayed = await this.execute(i, execution.history.slice(0, episode.historyLength), execution.input, false);
        const actions = JSON.stringify(replayed.actions);
        if (actions !== episode.actions) problems.push(`${label}episode ${n}: replay returned different actions`);
        const mine = uncanceled(episode.actions);
        if (mine.some((a, index) => final[index] !== a)) problems.push(`${label}episode ${n}: actions are not a prefix of the final actions`);
      }
    }
    return problems;
  }

  private get(instanceId: string): Instance {
    const i = this.instances.get(instanceId);
    if (!i) throw new Error(`no orchestration instance ${instanceId}`);
    return i;
  }

  private create(name: string, instanceId: string, input: Json, parent?: Instance['parent']): Instance {
    const instance: Instance = {
      instanceId, name, input, history: [], nextSeq: 0, actionCount: 0, actionSeqs: [], pending: [], events: [], waits: {}, buffered: {},
      executions: 1, past: [], discardedEvents: 0, runtimeStatus: 'Pending', episodes: [], started: false,
    };
    if (parent) instance.parent = parent;
    this.instances.delete(instanceId);
    this.instances.set(instanceId, instance);
    this.live.delete(instanceId);
    this.live.add(instanceId);
    this.counters.input(name, input);
    return instance;
  }

  private isFinished(instanceId: string): boolean {
    const s = this.instances.get(instanceId)?.runtimeStatus;
    return s === 'Completed' || s === 'Failed' || s === 'Terminated';
  }

  private event(type: number, fields: Record<string, Json> = {}, eventId = -1): HistoryEvent {
    return { EventType: type, EventId: eventId, IsPlayed: false, Timestamp: this.clock.toISOString(), ...fields };
  }

  private async startEpisode(i: Instance): Promise<boolean> {
    i.started = true;
    i.runtimeStatus = 'Running';
    i.history.push(this.event(ET.OrchestratorStarted), this.event(ET.ExecutionStarted, { Name: i.name, Input: JSON.stringify(i.input) }));
    await this.episode(i);
    return true;
  }

  private async runActivity(i: Instance, a: Extract<Pending, { kind: 'activity' }>): Promise<boolean> {
    i.pending = i.pending.filter((p) => p !== a);
    const callback = this.callbacks.get(a.name);
    let result: { ok: true; value: Json } | { ok: false; error: string };
    if (!callback) result = { ok: false, error: `activity ${a.name} is not registered` };
    else {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { InvocationContext } = require('@azure/functions') as typeof Functions;
        const context = new InvocationContext({ functionName: a.name, invocationId: `${i.instanceId}:${a.seq}:${a.attempt}`, logHandler: (level, ...args) => this.log(level, ...args) });
        result = { ok: true, value: await callback(a.input, context) };
      } catch (error) {
        result = { ok: false, error: errorMessage(error) };
      }
    }
    const started = this.event(ET.OrchestratorStarted);
    if (result.ok) {
      const output = JSON.stringify(result.value ?? null);
      this.counters.activity(a.name, JSON.stringify(a.input ?? null), output);
      i.history.push(started, this.event(ET.TaskCompleted, { TaskScheduledId: a.seq, Result: output }));
    } else if (a.retry) {
      // The engine's RetryableTask waits on a timer after every failure (also the last) before retrying or failing.
      const timerSeq = i.nextSeq++;
      const delay = Math.min(a.retry.maxMs, a.retry.firstMs * Math.pow(a.retry.backoff, a.attempt - 1));
      const fireAt = new Date(this.clock.getTime() + delay).toISOString();
      i.history.push(started, this.event(ET.TaskFailed, { TaskScheduledId: a.seq, Reason: result.error, Details: result.error }), this.event(ET.TimerCreated, { FireAt: fireAt }, timerSeq));
      i.pending.push({ kind: 'timer', seq: timerSeq, fireAt, retryOf: { ...a, attempt: a.attempt + 1 } });
    } else {
      i.history.push(started, this.event(ET.TaskFailed, { TaskScheduledId: a.seq, Reason: result.error, Details: result.error }));
    }
    await this.episode(i);
    return true;
  }

  private async fireTimer(i: Instance, t: Extract<Pending, { kind: 'timer' }>): Promise<boolean> {
    i.pending = i.pending.filter((p) => p !== t);
    i.history.push(this.event(ET.OrchestratorStarted), this.event(ET.TimerFired, { TimerId: t.seq, FireAt: t.fireAt }));
    const retry = t.retryOf;
    if (retry?.retry && retry.attempt <= retry.retry.max) {
      const seq = i.nextSeq++;
      i.history.push(this.event(ET.TaskScheduled, { Name: retry.name, Input: JSON.stringify(retry.input) }, seq));
      i.pending.push({ ...retry, seq });
    }
    await this.episode(i);
    return true;
  }

  /** Delivers every ended sub-orchestration of `i` in one episode (one batch of messages). */
  private async completeSubs(i: Instance, ended: Extract<Pending, { kind: 'sub' }>[]): Promise<boolean> {
    i.pending = i.pending.filter((p) => !ended.includes(p as Extract<Pending, { kind: 'sub' }>));
    i.history.push(this.event(ET.OrchestratorStarted));
    for (const s of ended) {
      const child = this.get(s.instanceId);
      const done =
        child.runtimeStatus === 'Completed'
          ? this.event(ET.SubCompleted, { TaskScheduledId: s.seq, Result: JSON.stringify(child.output ?? null) })
          : this.event(ET.SubFailed, { TaskScheduledId: s.seq, Reason: child.error ?? 'failed', Details: child.error ?? 'failed' });
      i.history.push(done);
      if (!this.keepHistory) this.instances.delete(s.instanceId);
    }
    await this.episode(i);
    return true;
  }

  private async deliverEvent(i: Instance, e: { name: string; input: Json }): Promise<boolean> {
    if ((i.waits[e.name] ?? 0) > 0) i.waits[e.name] = (i.waits[e.name] ?? 1) - 1;
    else i.buffered[e.name] = (i.buffered[e.name] ?? 0) + 1;
    i.history.push(this.event(ET.OrchestratorStarted), this.event(ET.EventRaised, { Name: e.name, Input: JSON.stringify(e.input) }));
    await this.episode(i);
    return true;
  }

  /** The engine's view of `history` (Dates restored); the current history's view is extended, not rebuilt. */
  private engineView(i: Instance, history: HistoryEvent[], current: boolean): Record<string, Json>[] {
    const convert = (e: HistoryEvent): Record<string, Json> => ({ ...e, Timestamp: new Date(e.Timestamp), ...(typeof e.FireAt === 'string' ? { FireAt: new Date(e.FireAt) } : {}) });
    if (!current) return history.map(convert);
    let view = this.engineHistories.get(i);
    if (!view || view.length > history.length) view = [];
    for (let n = view.length; n < history.length; n++) view.push(convert(history[n] as HistoryEvent));
    this.engineHistories.set(i, view);
    return view.slice();
  }

  /** Runs the replay engine on `history` with `input` (Dates restored); returns the flattened actions and the state. */
  private async execute(i: Instance, history: HistoryEvent[], input: Json, current: boolean): Promise<{ actions: Record<string, Json>[]; state: Record<string, Json>; failed?: string }> {
    const callback = this.callbacks.get(i.name);
    if (!callback) throw new Error(`orchestration ${i.name} is not registered`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const df = require('durable-functions') as typeof Durable;
    const engineHistory = this.engineView(i, history, current);
    const context = new df.DummyOrchestrationContext(i.name, `${i.instanceId}:${history.length}`, (level, ...args) => this.log(level, ...args));
    // a fresh copy per episode, as the host deserializes the input for every episode
    const trigger = { history: engineHistory, input: JSON.parse(JSON.stringify(input ?? null)) as Json, instanceId: i.instanceId, isReplaying: false, parentInstanceId: i.parent?.instanceId ?? '', upperSchemaVersion: 0 };
    let state: Record<string, Json>;
    let failed: string | undefined;
    try {
      state = (await callback(trigger, context)) as Record<string, Json>;
    } catch (error) {
      const failure = error as { state?: Record<string, Json> };
      state = failure.state ?? { actions: [[]] };
      failed = errorMessage(error);
    }
    // raw actions (Dates inside): JSON.stringify of them is the JSON the host would receive
    const nested = (state.actions ?? []) as Record<string, Json>[][];
    const actions = nested.flat();
    return failed === undefined ? { actions, state } : { actions, state, failed };
  }

  /** Runs one episode on the instance's whole history and records what it asked for. */
  private async episode(i: Instance): Promise<void> {
    const { actions, state, failed } = await this.execute(i, i.history, i.input, true);
    // every episode's actions are kept for checkDeterminism (not at benchmark scale: quadratic in a long history)
    if (this.keepHistory) i.episodes.push({ historyLength: i.history.length, actions: JSON.stringify(actions) });
    if ('customStatus' in state) i.customStatus = state.customStatus;
    const fresh = JSON.parse(JSON.stringify(actions.slice(i.actionCount))) as Record<string, Json>[];
    i.actionCount = actions.length;
    const continued = fresh.find((a) => a.actionType === AT.ContinueAsNew);
    for (const action of fresh) if (action !== continued) this.schedule(i, action);
    // Canceled timers are never fired.
    this.dropCanceledTimers(i, actions);
    this.counters.episodeEnds(i.name, i.history.length, this.episodeEnd.get(i) ?? 0);
    this.episodeEnd.set(i, i.history.length);
    if (failed !== undefined) {
      i.runtimeStatus = 'Failed';
      i.error = failed;
    } else if (continued && state.isDone === true) {
      this.continueAsNew(i, typeof continued.input === 'string' ? (JSON.parse(continued.input) as Json) : continued.input);
    } else if (state.isDone === true) {
      i.runtimeStatus = 'Completed';
      i.output = state.output;
    }
    if (!isLive(i.runtimeStatus)) this.live.delete(i.instanceId);
  }

  /**
   * Ends the current execution and queues the next with `input` and a fresh history (status ContinuedAsNew until it
   * starts). Pending tasks of the old execution are dropped; events it received but no wait took are discarded;
   * events not yet delivered stay queued for the next execution.
   */
  private continueAsNew(i: Instance, input: Json): void {
    this.counters.executionEnds(i.name, i.history.length);
    if (this.keepHistory) i.past.push({ input: i.input, history: i.history, episodes: i.episodes });
    i.discardedEvents += Object.values(i.buffered).reduce((n, c) => n + c, 0);
    Object.assign(i, { input, history: [], episodes: [], nextSeq: 0, actionCount: 0, actionSeqs: [], pending: [], waits: {}, buffered: {}, started: false, runtimeStatus: 'ContinuedAsNew' });
    i.executions++;
    this.engineHistories.delete(i);
    this.episodeEnd.delete(i);
    this.counters.input(i.name, input);
  }

  private schedule(i: Instance, action: Record<string, Json>): void {
    const type = action.actionType;
    if (type === AT.WaitForExternalEvent) {
      const name = String(action.externalEventName);
      // an event delivered before anyone waited is taken at once (the engine buffers it)
      if ((i.buffered[name] ?? 0) > 0) i.buffered[name] = (i.buffered[name] ?? 1) - 1;
      else i.waits[name] = (i.waits[name] ?? 0) + 1;
      i.actionSeqs.push(null);
      return;
    }
    const seq = i.nextSeq++;
    i.actionSeqs.push(seq);
    if (type === AT.CallActivity || type === AT.CallActivityWithRetry) {
      const input = typeof action.input === 'string' ? (JSON.parse(action.input) as Json) : action.input;
      const r = action.retryOptions as { maxNumberOfAttempts: number; firstRetryIntervalInMilliseconds: number; backoffCoefficient?: number; maxRetryIntervalInMilliseconds?: number } | undefined;
      const pending: Pending = { kind: 'activity', seq, name: String(action.functionName), input, attempt: 1 };
      if (type === AT.CallActivityWithRetry && r) {
        pending.retry = { max: r.maxNumberOfAttempts, firstMs: r.firstRetryIntervalInMilliseconds, backoff: r.backoffCoefficient ?? 1, maxMs: r.maxRetryIntervalInMilliseconds || Number.MAX_SAFE_INTEGER };
      }
      i.history.push(this.event(ET.TaskScheduled, { Name: pending.name, Input: JSON.stringify(input) }, seq));
      i.pending.push(pending);
    } else if (type === AT.CreateTimer) {
      const fireAt = new Date(String(action.fireAt)).toISOString();
      i.history.push(this.event(ET.TimerCreated, { FireAt: fireAt }, seq));
      i.pending.push({ kind: 'timer', seq, fireAt });
    } else if (type === AT.CallSubOrchestrator) {
      const childId = typeof action.instanceId === 'string' && action.instanceId ? action.instanceId : `${i.instanceId}:${seq}`;
      const name = String(action.functionName);
      i.history.push(this.event(ET.SubCreated, { Name: name, InstanceId: childId, Input: JSON.stringify(action.input) }, seq));
      i.pending.push({ kind: 'sub', seq, name, instanceId: childId, input: action.input });
      this.create(name, childId, action.input, { instanceId: i.instanceId, seq });
    } else {
      throw new Error(`the harness does not support action type ${String(type)}`);
    }
  }

  private dropCanceledTimers(i: Instance, actions: Record<string, Json>[]): void {
    const canceled = new Set<number>();
    actions.forEach((a, index) => {
      const seq = i.actionSeqs[index];
      if (a.actionType === AT.CreateTimer && a.isCanceled === true && typeof seq === 'number') canceled.add(seq);
    });
    i.pending = i.pending.filter((p) => !(p.kind === 'timer' && canceled.has(p.seq)));
  }
}
