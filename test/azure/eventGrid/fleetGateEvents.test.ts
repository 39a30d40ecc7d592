/** Gate events of the AKSResources system topic (fleetGateEvents.ts), from the documentation's own example. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFleetGateEvent } from '../../../src/azure/eventGrid/fleetGateEvents';

const [DOC_EVENT] = JSON.parse(readFileSync(join(__dirname, '../../../simulator/fixtures/fleet-2026-06-01/FleetGateCreated.eventgrid.json'), 'utf8')) as [Record<string, unknown>];
const GATE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/f1/gates/1eb18051-fff5-4c09-a15f-9eebd2e3b906';
const data = (over: Record<string, unknown> = {}) => ({ resourceInfo: { id: GATE, name: GATE.split('/').pop(), type: 'Microsoft.ContainerService/fleets/gates', properties: { displayName: 'extensions before prod', gateType: 'Approval', state: 'Pending', ...over } } });

describe('parseFleetGateEvent', () => {
  it('reads the documentation\'s FleetGateCreated example (Event Grid schema, "AksResources" casing)', () => {
    const parsed = parseFleetGateEvent({ ...DOC_EVENT, data: { ...(DOC_EVENT.data as object), resourceInfo: { ...((DOC_EVENT.data as { resourceInfo: object }).resourceInfo), id: GATE } } });
    expect(parsed).toEqual({ ok: true, event: { eventId: '1b6e818e-5ec3-4c22-9e9c-03c1fd05ac21', eventType: 'Microsoft.ResourceNotifications.AKSResources.FleetGateCreated', kind: 'created', gateId: GATE, displayName: 'Check with sales team', gateType: 'Approval', state: 'Pending' } });
  });

  it('the documentation example as published names no real subscription ("xxxxxxxxxx"): still a gate id shape', () => {
    expect(parseFleetGateEvent(DOC_EVENT).ok).toBe(true);
  });

  it.each([
    ['Microsoft.ResourceNotifications.AKSResources.FleetGateUpdated', 'updated'],
    ['microsoft.resourcenotifications.aksresources.fleetgatedeleted', 'deleted'],
  ])('%s is a %s event', (type, kind) => {
    const parsed = parseFleetGateEvent({ id: 'e1', eventType: type, eventTime: 't', subject: GATE, data: data() });
    expect(parsed.ok && parsed.event.kind).toBe(kind);
  });

  it('reads the CloudEvents schema too', () => {
    const parsed = parseFleetGateEvent({ specversion: '1.0', id: 'c1', source: '/subscriptions/x', type: 'Microsoft.ResourceNotifications.AksResources.FleetGateCreated', data: data({ state: 'Completed' }) });
    expect(parsed).toMatchObject({ ok: true, event: { eventId: 'c1', kind: 'created', state: 'Completed' } });
  });

  it.each<[string, unknown, string, string]>([
    ['another topic\'s event', { id: 'e', eventType: 'Microsoft.Resources.ResourceWriteSuccess', data: {} }, 'unsupported-type', 'not a Fleet gate event'],
    ['no envelope', { hello: 'world' }, 'malformed', ''],
    ['no resourceInfo', { id: 'e', eventType: 'Microsoft.ResourceNotifications.AKSResources.FleetGateCreated', data: {} }, 'malformed', 'data.resourceInfo'],
    ['a resource that is not a gate', { id: 'e', eventType: 'Microsoft.ResourceNotifications.AKSResources.FleetGateCreated', data: { resourceInfo: { id: `${GATE}/../../updateRuns/r` } } }, 'malformed', 'is not a Fleet gate id'],
    ['an id with control characters', { id: 'e\u0001', eventType: 'Microsoft.ResourceNotifications.AKSResources.FleetGateCreated', data: data() }, 'malformed', ''],
  ])('%s is dropped as %s', (_name, raw, reason, detail) => {
    const parsed = parseFleetGateEvent(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toBe(reason);
      expect(parsed.detail).toContain(detail);
    }
  });
});
