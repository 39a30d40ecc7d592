/** Registrations of the Fleet Manager functions, and the status page's Fleet section under its CSP. */
import { createHash } from 'node:crypto';
import { capturedRegistrations } from '../../simulator/world/functionsCore';
import '../../src/functions/onFleetGateEvent';
import '../../src/functions/fleetGateCatchUp';
import '../../src/functions/fleetGate';
import '../../src/functions/httpApi';
import { pageCsp, pageHtml } from '../../src/ui/pageHtml';
import { FLEET_RUNS_SCRIPT } from '../../src/ui/fleetRunsSection';

function bindings(name: string) {
  const found = capturedRegistrations().filter((r) => r.metadata.name === name);
  expect(found).toHaveLength(1);
  return Object.values(found[0]!.metadata.bindings);
}

describe('Fleet Manager registrations', () => {
  it('onFleetGateEvent is an Event Grid trigger with a durable client', () => {
    const b = bindings('onFleetGateEvent');
    expect(b.filter((x) => x.direction === 'in').map((x) => x.type).sort()).toEqual(['durableClient', 'eventGridTrigger']);
  });

  it('fleetGateCatchUp is a timer on the discovery schedule with a durable client', () => {
    const b = bindings('fleetGateCatchUp');
    expect(b.find((x) => x.type === 'timerTrigger')?.schedule).toBe('%RECONCILER_DISCOVERY_SCHEDULE%');
    expect(b.some((x) => x.type === 'durableClient')).toBe(true);
  });

  it('registers the fleetGate orchestration and its activities', () => {
    for (const name of ['fleetGate', 'inspectGate', 'checkGateReadiness', 'approveGate']) expect(bindings(name).length).toBeGreaterThan(0);
  });

  it('serves ui/fleet-runs with function keys', () => {
    const trigger = bindings('httpUiFleetRuns').find((x) => x.type === 'httpTrigger')!;
    expect([trigger.route, trigger.methods, trigger.authLevel]).toEqual(['ui/fleet-runs', ['GET'], 'function']);
  });
});

describe('the status page carries the Fleet update runs section', () => {
  it('live: the section, its nav link and its script, allowed by hash in the CSP; the report has none of it', () => {
    const live = pageHtml({ mode: 'live', title: 't' });
    const hash = `'sha256-${createHash('sha256').update(FLEET_RUNS_SCRIPT, 'utf8').digest('base64')}'`;
    expect(live).toContain('<section id="fleet-runs"');
    expect(live).toContain('href="#fleet-runs"');
    expect(live).toContain(`<script>${FLEET_RUNS_SCRIPT}</script>`);
    expect(pageCsp('live')).toContain(hash);
    const report = pageHtml({ mode: 'report', title: 't', data: {} });
    expect(report).not.toContain('fleet-runs');
    expect(pageCsp('report')).not.toContain(hash);
  });

  it('the script builds the DOM with textContent only', () => {
    expect(FLEET_RUNS_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
