/**
 * Parses the events of the Event Grid system topic type `Microsoft.ResourceNotifications.AKSResources` —
 * FleetGateCreated / FleetGateUpdated / FleetGateDeleted, Event Grid or CloudEvents 1.0 schema (Learn:
 * event-grid/event-schema-aks-resources; howto-configure-events-for-gates.md) — into a typed gate event, or a typed
 * rejection. Never throws. The type is compared case-insensitively: the documentation's tables spell `AKSResources`,
 * its examples `AksResources`. An event only says *which* gate to look at; the orchestration re-reads it.
 */
import { z } from 'zod';
import { fleetOfGate } from '../../domain/fleetGates';
import { issueText } from '../../domain/schemas/zodInput';
import { EVENT_LIMITS } from './clusterEvents';

/** The three gate event types (as the Event Grid documentation's tables spell them). */
export const FLEET_GATE_EVENT_TYPES = ['FleetGateCreated', 'FleetGateUpdated', 'FleetGateDeleted'].map((t) => `Microsoft.ResourceNotifications.AKSResources.${t}`);

/** One gate event. */
export interface FleetGateEvent {
  eventId: string;
  eventType: string;
  kind: 'created' | 'updated' | 'deleted';
  gateId: string;
  /** What the event says of the gate (a hint only: the orchestration re-reads it). */
  displayName: string;
  gateType: string;
  state: string;
}

/** Parsed, or why not. */
export type ParsedFleetGateEvent = { ok: true; event: FleetGateEvent } | { ok: false; reason: 'malformed' | 'unsupported-type'; detail: string; eventId?: string; eventType?: string };

// eslint-disable-next-line no-control-regex -- control characters are what the id check refuses
const id = z.string().min(1).max(EVENT_LIMITS.id).regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must not contain control characters');
const text = z.string().max(EVENT_LIMITS.text);
const envelope = z.union([
  z.object({ id, eventType: text.min(1), data: z.unknown() }).transform((e) => ({ id: e.id, type: e.eventType, data: e.data })),
  z.object({ specversion: z.literal('1.0'), id, type: text.min(1), data: z.unknown() }).transform((e) => ({ id: e.id, type: e.type, data: e.data })),
]);
const data = z.object({
  resourceInfo: z.object({
    id: z.string().max(EVENT_LIMITS.resourceId),
    properties: z.object({ displayName: text.nullish(), gateType: text.nullish(), state: text.nullish() }).nullish(),
  }),
});

/** Parses one raw event of either schema. */
export function parseFleetGateEvent(raw: unknown): ParsedFleetGateEvent {
  const env = envelope.safeParse(raw);
  if (!env.success) return { ok: false, reason: 'malformed', detail: issueText(env.error) };
  const { id: eventId, type: eventType } = env.data;
  const known = FLEET_GATE_EVENT_TYPES.find((t) => t.toLowerCase() === eventType.toLowerCase());
  if (!known) return { ok: false, reason: 'unsupported-type', detail: `event type ${eventType} is not a Fleet gate event`, eventId, eventType };
  const d = data.safeParse(env.data.data);
  if (!d.success) return { ok: false, reason: 'malformed', detail: issueText(d.error, ['data']), eventId, eventType };
  const gateId = d.data.resourceInfo.id;
  if (fleetOfGate(gateId) === undefined) return { ok: false, reason: 'malformed', detail: `data.resourceInfo.id: "${gateId.slice(0, 200)}" is not a Fleet gate id`, eventId, eventType };
  const p = d.data.resourceInfo.properties;
  const kind = known.endsWith('Created') ? 'created' : known.endsWith('Updated') ? 'updated' : 'deleted';
  return { ok: true, event: { eventId, eventType: known, kind, gateId, displayName: p?.displayName ?? '', gateType: p?.gateType ?? '', state: p?.state ?? '' } };
}
