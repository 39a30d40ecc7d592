import { capturedRegistrations } from '../../simulator/world/functionsCore';
import '../../src/functions/discoverFleet';
import '../../src/functions/onClusterEvent';
import '../../src/functions/httpApi';

/** The registration of `name`, with its trigger binding and other bindings split. */
function registration(name: string) {
  const found = capturedRegistrations().filter((r) => r.metadata.name === name);
  expect(found).toHaveLength(1);
  const bindings = Object.values(found[0]!.metadata.bindings);
  const trigger = bindings.filter((b) => b.direction === 'in' && /Trigger$/.test(b.type));
  expect(trigger).toHaveLength(1);
  return { trigger: trigger[0]!, inputs: bindings.filter((b) => b.direction === 'in' && !/Trigger$/.test(b.type)), all: bindings };
}

describe('function registrations', () => {
  it('discoverFleet is a timer on the schedule setting with a durable client', () => {
    const r = registration('discoverFleet');
    expect(r.trigger.type).toBe('timerTrigger');
    expect(r.trigger.schedule).toBe('%RECONCILER_DISCOVERY_SCHEDULE%');
    expect(r.inputs.map((b) => b.type)).toEqual(['durableClient']);
  });

  it('onClusterEvent is an Event Grid trigger with a durable client', () => {
    const r = registration('onClusterEvent');
    expect(r.trigger.type).toBe('eventGridTrigger');
    expect(r.inputs.map((b) => b.type)).toEqual(['durableClient']);
  });

  it.each([
    ['httpPlan', 'plan', ['GET'], []],
    ['httpRolloutStatus', 'rollouts/{id}', ['GET'], ['durableClient']],
    ['httpApproveRollout', 'rollouts/{id}/approve', ['POST'], ['durableClient']],
    ['httpReconcile', 'reconcile', ['POST'], ['durableClient']],
    ['httpUiRollouts', 'ui/rollouts', ['GET'], ['durableClient']],
    ['httpUiFleet', 'ui/fleet', ['GET'], []],
    ['httpUiCluster', 'ui/cluster', ['GET'], []],
    ['httpUiAudit', 'ui/audit', ['GET'], []],
  ])('%s serves %s (%j) with function keys', (name, route, methods, inputs) => {
    const r = registration(name);
    expect(r.trigger.type).toBe('httpTrigger');
    expect(r.trigger.route).toBe(route);
    expect(r.trigger.methods).toEqual(methods);
    expect(r.trigger.authLevel).toBe('function');
    expect(r.inputs.map((b) => b.type)).toEqual(inputs);
    expect(r.all.some((b) => b.type === 'http' && b.direction === 'out')).toBe(true);
  });

  it('no HTTP route is anonymous but the static status page (GET /api/ui), which holds no data', () => {
    const http = capturedRegistrations().flatMap((r) => Object.values(r.metadata.bindings).filter((b) => b.type === 'httpTrigger').map((b) => ({ name: r.metadata.name, b })));
    expect(http.length).toBeGreaterThanOrEqual(4);
    for (const { name, b } of http) expect([name, b.authLevel]).toEqual([name, name === 'httpUi' ? 'anonymous' : 'function']);
    const page = registration('httpUi');
    expect([page.trigger.route, page.trigger.methods, page.inputs]).toEqual(['ui', ['GET'], []]);
  });
});

describe('startup', () => {
  it('a bad setting does not throw at import; each use fails with an InputError naming it', async () => {
    const { installServicesFromSettings } = await import('../../src/host/startup');
    const { services } = await import('../../src/host/services');
    installServicesFromSettings({ RECONCILER_SCOPE_SUBSCRIPTIONS: 'not-a-guid', AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    expect(() => services()).toThrow(/^RECONCILER_SCOPE_SUBSCRIPTIONS: /);
    expect(() => services()).toThrow(/GUID/);
  });

  it('an invocation with a bad setting fails and logs the setting, its path and problem', async () => {
    const { InvocationContext } = await import('@azure/functions');
    const { installServicesFromSettings } = await import('../../src/host/startup');
    const { discoverFleetHandler } = await import('../../src/functions/discoverFleet');
    installServicesFromSettings({ RECONCILER_SCOPE_SUBSCRIPTIONS: '11111111-2222-3333-4444-555555555555', AzureWebJobsStorage: 'x', RECONCILER_DRY_RUN: 'sometimes' });
    const logged: unknown[][] = [];
    const context = new InvocationContext({ functionName: 'discoverFleet', logHandler: (level, ...args) => logged.push([level, ...args]) });
    await expect(discoverFleetHandler({ isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } }, context)).rejects.toThrow(/^RECONCILER_DRY_RUN: /);
    expect(logged).toContainEqual(['error', 'settings are invalid: fix the app setting and restart', { setting: 'RECONCILER_DRY_RUN', path: '$', problem: 'must be true, false, 1 or 0' }]);
  });

  it('good settings build every port without sending a request', async () => {
    const { installServicesFromSettings } = await import('../../src/host/startup');
    const { services } = await import('../../src/host/services');
    installServicesFromSettings({ RECONCILER_SCOPE_SUBSCRIPTIONS: '11111111-2222-3333-4444-555555555555', AzureWebJobsStorage: 'UseDevelopmentStorage=true', RECONCILER_DRY_RUN: 'false' });
    const s = services();
    expect(s.dryRun).toBe(false);
    expect(s.scope.subscriptions).toEqual(['11111111-2222-3333-4444-555555555555']);
    for (const port of [s.inventory, s.clusters, s.catalog, s.writer, s.audit, s.state, s.notifier]) expect(port).toBeDefined();
    expect(s.notifier.constructor.name).toBe('NullNotifier');
  });
});
