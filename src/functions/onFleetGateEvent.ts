/**
 * Event Grid `onFleetGateEvent` (system topic type Microsoft.ResourceNotifications.AKSResources): a gate event only says
 * *which* gate to look at. A Created or Updated event of a Pending gate whose display name matches the pattern starts
 * the fleetGate orchestration (src/app/fleetGateStarts.ts: once per gate); every other gate event is recorded and left to
 * the orchestration, which re-reads the gate before it approves anything. Malformed events are logged and dropped.
 */
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { parseFleetGateEvent } from '../azure/eventGrid/fleetGateEvents';
import { startGateWork, type GateStart } from '../app/fleetGateStarts';
import { clusterInScope } from '../app/scopeGuard';
import { eventRow } from '../domain/auditRows';
import { isOurGate } from '../domain/fleetGates';
import type { ReasonCode } from '../domain/reasonCodes';
import { triggerLabel } from '../domain/rolloutTrigger';
import { hostDeps, type HandlerDeps } from '../host/durableStarter';

/** What the handler did with one gate event. */
export interface FleetGateEventOutcome {
  action: 'dropped' | 'ignored' | GateStart;
  code: ReasonCode;
  detail: string;
  gateId?: string;
  instanceId?: string;
}

/** Handles one raw gate event (either schema); throws only for transient Azure errors (Event Grid retries). */
export async function handleFleetGateEvent(raw: unknown, deps: HandlerDeps): Promise<FleetGateEventOutcome> {
  const parsed = parseFleetGateEvent(raw);
  if (!parsed.ok) {
    const code: ReasonCode = parsed.reason === 'malformed' ? 'event-malformed' : 'event-ignored';
    deps.log.warn('fleet gate event dropped', { code, detail: parsed.detail, eventId: parsed.eventId, eventType: parsed.eventType });
    return { action: 'dropped', code, detail: parsed.detail };
  }
  const { event } = parsed;
  const s = deps.services();
  const record = async (code: ReasonCode, detail: string): Promise<void> =>
    s.audit.append([eventRow({ rolloutId: `event-${event.eventId}`, trigger: triggerLabel({ kind: 'event', eventId: event.eventId, eventType: event.eventType }), at: deps.now().toISOString() }, event.gateId, code, detail)]);
  const ignored = async (code: ReasonCode, detail: string): Promise<FleetGateEventOutcome> => {
    await record(code, detail);
    deps.log.info('fleet gate event ignored', { eventId: event.eventId, gateId: event.gateId, code });
    return { action: 'ignored', code, detail, gateId: event.gateId };
  };
  if (!s.fleet || !isOurGate(event, s.fleet.gatePattern)) return { action: 'dropped', code: 'event-ignored', detail: `gate "${event.displayName.slice(0, 100)}" is not ours`, gateId: event.gateId };
  if (!(await clusterInScope(event.gateId, s.scope, s.inventory))) return ignored('outside-scope', `${event.eventType}: the gate's fleet is outside the configured scope`);
  if (event.kind === 'deleted' || event.state !== 'Pending') return ignored('event-accepted', `${event.eventType} (${event.state || 'no state'}): recorded; any work at the gate re-reads it before approving`);
  const { result, instanceId } = await startGateWork(deps, event.gateId, { kind: 'event', eventId: event.eventId, eventType: event.eventType });
  if (result === 'started') await record('event-accepted', `${event.eventType}: work at the gate started (${instanceId})`);
  deps.log.info(`fleet gate event ${result}`, { eventId: event.eventId, gateId: event.gateId, instanceId });
  return { action: result, code: 'event-accepted', detail: `work at the gate ${result}`, gateId: event.gateId, instanceId };
}

/** The registered Event Grid handler. */
export async function onFleetGateEventHandler(event: EventGridEvent, context: InvocationContext): Promise<void> {
  await handleFleetGateEvent(event, hostDeps(context));
}

app.eventGrid('onFleetGateEvent', { extraInputs: [df.input.durableClient()], handler: onFleetGateEventHandler });
