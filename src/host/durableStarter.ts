/**
 * The seam between the Functions host and the handlers: the durable client adapted to `RolloutStarter`, and the
 * ports a handler gets from an invocation (`hostDeps`). Handlers never see the host objects.
 */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { isInputError } from '../domain/inputError';
import type { FleetRolloutInput, RolloutStarter, RolloutStatus } from './rolloutContracts';
import { APPROVAL_EVENT, isLive } from './rolloutContracts';
import { services, type Services } from './services';

/** What a handler logs through: a static message plus metadata. */
export interface HandlerLog {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** What every trigger handler depends on. `services` is a thunk so a bad setting fails inside the invocation. */
export interface HandlerDeps {
  services: () => Services;
  starter: RolloutStarter;
  now: () => Date;
  log: HandlerLog;
}

/** The durable client methods the starter uses (a subset of `DurableClient`). */
export type DurableClientLike = Pick<df.DurableClient, 'getStatus' | 'startNew' | 'raiseEvent'>;

const STATUSES: ReadonlySet<string> = new Set(['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Suspended']);

/** The durable client's 404 ("could not find any data associated with the instanceId"). */
function isNotFound(error: unknown): boolean {
  return error instanceof Error && /HTTP 404 response/.test(error.message);
}

/** Adapts a durable client to `RolloutStarter`: start = status check then startNew unless Pending/Running/ContinuedAsNew. */
export function durableStarter(client: DurableClientLike): RolloutStarter {
  const status = async (instanceId: string): Promise<RolloutStatus> => {
    try {
      const s = await client.getStatus(instanceId, { showInput: true });
      const runtimeStatus = STATUSES.has(String(s.runtimeStatus)) ? (String(s.runtimeStatus) as RolloutStatus['runtimeStatus']) : 'NotFound';
      return { instanceId, runtimeStatus, input: s.input, customStatus: s.customStatus, output: s.output };
    } catch (error) {
      if (isNotFound(error)) return { instanceId, runtimeStatus: 'NotFound' };
      throw error;
    }
  };
  const start = async (orchestration: string, instanceId: string, input: unknown): Promise<'started' | 'already-running'> => {
    const current = await status(instanceId);
    if (isLive(current.runtimeStatus)) return 'already-running';
    await client.startNew(orchestration, { instanceId, input });
    return 'started';
  };
  return {
    start,
    status,
    async raiseApproval(instanceId, event) {
      const current = await status(instanceId);
      if (!isLive(current.runtimeStatus)) return false;
      await client.raiseEvent(instanceId, APPROVAL_EVENT, event);
      return true;
    },
  };
}

/** A HandlerLog over the invocation's log (message + metadata). */
export function contextLog(context: Pick<InvocationContext, 'info' | 'warn' | 'error'>): HandlerLog {
  return {
    info: (message, meta) => context.info(message, meta ?? {}),
    warn: (message, meta) => context.warn(message, meta ?? {}),
    error: (message, meta) => context.error(message, meta ?? {}),
  };
}

/**
 * The ports for one invocation: the installed services (a bad setting is logged with its name and rethrown, so the
 * invocation fails and the worker keeps running), the durable client of the invocation, the clock and the log.
 */
export function hostDeps(context: InvocationContext): HandlerDeps {
  const log = contextLog(context);
  let starter: RolloutStarter | undefined;
  // The durable client is read on first use: functions without the durable client binding never touch it.
  const lazy = (): RolloutStarter => (starter ??= durableStarter(df.getClient(context)));
  return {
    services: () => {
      try {
        return services();
      } catch (error) {
        if (isInputError(error)) log.error('settings are invalid: fix the app setting and restart', { setting: error.input, path: error.path, problem: error.problem });
        throw error;
      }
    },
    starter: {
      start: ((orchestration: 'fleetRollout', instanceId: string, input: FleetRolloutInput) => lazy().start(orchestration, instanceId, input)) as RolloutStarter['start'],
      status: (instanceId) => lazy().status(instanceId),
      raiseApproval: (instanceId, event) => lazy().raiseApproval(instanceId, event),
    },
    now: () => new Date(),
    log,
  };
}
