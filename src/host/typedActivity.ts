/** A durable activity registered once, with typed input and output, so orchestrations never pass names as strings. */
import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { inRolloutSpan, type RolloutScope } from '../telemetry/rolloutTrace';

/** A registered activity: its name, the typed task factory for orchestrations and the handler (for tests and tools). */
export interface TypedActivity<I, O> {
  readonly name: string;
  /** Schedules the activity from an orchestration; `yield` it (optionally `.withRetry(...)`) to get an `O`. */
  readonly call: (input: I) => df.RegisteredActivityTask;
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
  return { name, call: (input: I) => registered(input), handler };
}
