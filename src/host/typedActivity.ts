/** A durable activity registered once, with typed input and output, so orchestrations never pass names as strings. */
import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';

/** A registered activity: its name, the typed task factory for orchestrations and the handler (for tests and tools). */
export interface TypedActivity<I, O> {
  readonly name: string;
  /** Schedules the activity from an orchestration; `yield` it (optionally `.withRetry(...)`) to get an `O`. */
  readonly call: (input: I) => df.RegisteredActivityTask;
  readonly handler: (input: I, context: InvocationContext) => Promise<O>;
}

/** Registers `handler` as the durable activity `name` and returns its typed handle. */
export function typedActivity<I, O>(name: string, handler: (input: I, context: InvocationContext) => Promise<O>): TypedActivity<I, O> {
  const registered = df.app.activity(name, { handler: (input: unknown, context: InvocationContext) => handler(input as I, context) });
  return { name, call: (input: I) => registered(input), handler };
}
