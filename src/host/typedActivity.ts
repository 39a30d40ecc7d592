/**
 * Typed handles for durable activities and orchestrations: registered once, called by handle (never by a name passed as
 * a string), inputs and outputs typed in both directions. The one cast from the replay engine's `unknown` results to
 * the declared output type lives here.
 */
import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import type { OrchestrationContext, RetryOptions, Task } from 'durable-functions';

/** What an orchestrator step yields and what it returns. */
export type Step<T> = Generator<Task, T, unknown>;
import { inRolloutSpan, type RolloutScope } from '../telemetry/rolloutTrace';

/** A registered activity: its name, the typed task factory for orchestrations and the handler (for tests and tools). */
export interface TypedActivity<I, O> {
  readonly name: string;
  /** Schedules the activity from an orchestration (the raw task, for `Task.all`/`any`). */
  readonly call: (input: I) => df.RegisteredActivityTask;
  /** Schedules the activity (with retries when given) and returns its typed output: `const out = yield* a.run(input)`. */
  readonly run: (input: I, retry?: RetryOptions) => Step<O>;
  readonly handler: (input: I, context: InvocationContext) => Promise<O>;
}

/** Options of an activity: `trace` names the rollout (and cluster) its span belongs to; no span when it returns undefined. */
export interface TypedActivityOptions<I> {
  trace?: (input: I) => RolloutScope | undefined;
}

/** Registers `handler` as the durable activity `name` (in a span of its rollout's trace) and returns its typed handle. */
export function typedActivity<I, O>(name: string, handler: (input: I, context: InvocationContext) => Promise<O>, options: TypedActivityOptions<I> = {}): TypedActivity<I, O> {
  const traced = (input: I, context: InvocationContext): Promise<O> => {
    const scope = options.trace?.(input);
    return scope ? inRolloutSpan(`activity ${name}`, scope, () => handler(input, context), { 'reconciler.activity': name }) : handler(input, context);
  };
  const registered = df.app.activity(name, { handler: (input: unknown, context: InvocationContext) => traced(input as I, context) });
  return {
    name,
    call: (input: I) => registered(input),
    *run(input: I, retry?: RetryOptions): Step<O> {
      return (yield retry ? registered(input).withRetry(retry) : registered(input)) as O;
    },
    handler,
  };
}

/** A scheduled sub-orchestration: the task to yield (alone or in `Task.all`) and its typed result once it ended. */
export interface SubOrchestration<O> {
  readonly task: Task;
  /** The output when the sub-orchestration completed, undefined when it failed or has not ended. */
  result(): O | undefined;
}

/** A registered orchestration: its name, a typed sub-orchestration call, and the handler (for tests and tools). */
export interface TypedOrchestration<I, O> {
  readonly name: string;
  /** Schedules it as a sub-orchestration of `context` under `instanceId`. */
  readonly callSub: (context: OrchestrationContext, input: I, instanceId: string) => SubOrchestration<O>;
  readonly handler: (context: OrchestrationContext) => Step<O>;
}

/** Registers `body` as the orchestration `name` (its input typed) and returns its typed handle. */
export function typedOrchestration<I, O>(name: string, body: (context: OrchestrationContext, input: I) => Step<O>): TypedOrchestration<I, O> {
  const handler = (context: OrchestrationContext): Step<O> => body(context, context.df.getInput<I>());
  df.app.orchestration(name, handler);
  return {
    name,
    callSub: (context, input, instanceId) => {
      const task = context.df.callSubOrchestrator(name, input, instanceId);
      return { task, result: () => (task.isCompleted && !task.isFaulted ? (task.result as O) : undefined) };
    },
    handler,
  };
}
