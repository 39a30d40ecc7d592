/** fleetRollout with issue 15's ring gates, on the fakes: success floor, alert gate at the end of bake, final states. */
import type { Policy } from '../../src/domain/model';
import { defaultPolicy } from '../../src/domain/policySchema';
import { FLEET_ROLLOUT_INSTANCE_ID } from '../../src/host/rolloutContracts';
import { setServices } from '../../src/host/services';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const FLEET = FLEET_ROLLOUT_INSTANCE_ID;
const START = new Date('2024-06-05T10:00:00Z');

function setup(tune: (p: Policy) => void = () => undefined): FakeWorld {
  const policy = defaultPolicy();
  policy.rollout.ringTag = 'ring';
  policy.rollout.rings = [
    { name: 'canary', maxParallel: 1, bakeMinutes: 60, maxFailureRatio: 0, requireApproval: false },
    { name: 'prod', maxParallel: 2, bakeMinutes: 30, maxFailureRatio: 0.5, requireApproval: false, minSuccessRatio: 1 },
  ];
  tune(policy);
  const clusters = [sampleCluster('c1', { ring: 'canary' }), sampleCluster('p1', { ring: 'prod' }), sampleCluster('p2', { ring: 'prod' }), sampleCluster('x1')];
  const world = fakeWorld({ clusters, catalog: sampleCatalog(), policy });
  setServices(world.services);
  return world;
}

async function runFleet(harness = new DurableHarness({ now: START })): Promise<{ output: Record<string, unknown>; custom: unknown; harness: DurableHarness }> {
  await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-1', trigger: { kind: 'timer' }, dryRun: false });
  const status = await harness.runToCompletion(FLEET);
  expect(status.runtimeStatus).toBe('Completed');
  return { output: status.output as Record<string, unknown>, custom: status.customStatus, harness };
}

const touched = (world: FakeWorld): string[] => world.writer.applied.map((h) => h.clusterId.split('/').pop() ?? '');

describe('fleetRollout: success floor', () => {
  it('a ring within its failure budget but below its success floor halts with ring-success-floor-not-met; later rings untouched', async () => {
    const world = setup();
    world.writer.script(aksId('p1'), 'flux', '1.8.3', { outcome: 'failed', errorCode: 'HelmUpgradeFailed', message: 'x' });
    const { output, custom } = await runFleet();
    expect(output).toMatchObject({ state: 'halted', halt: { ring: 'prod', code: 'ring-success-floor-not-met' }, rings: [{ name: 'canary', succeeded: 1 }, { name: 'prod', succeeded: 1, failed: 1 }, { name: 'default', succeeded: 0 }] });
    expect((output.halt as { reason: string }).reason).toBe('1 of 2 clusters succeeded in ring prod (1 failed, 0 skipped), below its floor of 1.');
    expect(custom).toMatchObject({ state: 'halted', halt: { code: 'ring-success-floor-not-met' } });
    expect(touched(world)).not.toContain('x1');
    expect(world.audit.all().some((r) => r.kind === 'halted' && r.code === 'ring-success-floor-not-met')).toBe(true);
  });

  it('skipped clusters are reported apart and are no successes', async () => {
    const world = setup();
    await world.state.put({ clusterId: aksId('p1'), lastSeenKubernetesVersion: '1.30.2', inFlightRolloutId: 'other', inFlightSince: '2024-06-05T09:00:00Z', updatedAt: 't' });
    const { output } = await runFleet();
    // the planner leaves p1 to the other rollout: prod has one cluster left, which succeeds
    expect(output).toMatchObject({ state: 'completed', rings: [{ name: 'canary' }, { name: 'prod', clusters: 1, succeeded: 1, skipped: 0 }, { name: 'default' }] });
  });

  it('a cluster skipped inside the ring counts against the floor', async () => {
    const world = setup();
    const harness = new DurableHarness({ now: START });
    await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-1', trigger: { kind: 'timer' }, dryRun: false });
    // after planning, someone else starts working on p2: its cluster rollout skips it (rollout-in-flight)
    while (!harness.history(FLEET).some((e) => e.EventType === 5)) await harness.step();
    await world.state.put({ clusterId: aksId('p2'), lastSeenKubernetesVersion: '1.30.2', inFlightRolloutId: 'other', inFlightSince: '2024-06-05T10:00:00Z', updatedAt: 't' });
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'halted', halt: { code: 'ring-success-floor-not-met' }, rings: [{}, { name: 'prod', succeeded: 1, failed: 0, skipped: 1 }, {}] });
  });

  it('a ring that had failures but passed its gates completes with failures', async () => {
    const world = setup((p) => (p.rollout.rings[1]!.minSuccessRatio = 0.5));
    world.writer.script(aksId('p1'), 'flux', '1.8.3', { outcome: 'failed', errorCode: 'HelmUpgradeFailed', message: 'x' });
    const { output, custom } = await runFleet();
    expect(output).toMatchObject({ state: 'completed-with-failures' });
    expect(custom).toMatchObject({ state: 'completed-with-failures' });
    expect(world.notifier.all().find((n) => n.type === 'K8sExtensionReconciler.RolloutCompleted')?.data).toMatchObject({ code: 'rollout-completed', state: 'completed-with-failures' });
    expect(touched(world)).toContain('x1');
  });
});

describe('fleetRollout: alert gate at the end of bake', () => {
  const gate = (p: Policy): void => {
    p.rollout.healthGate = { alertSeverities: ['Sev0', 'Sev1'], extensionStatusLevels: [] };
  };

  it('an alert fired on a ring cluster during its bake halts the rollout with health-gate-alert naming it', async () => {
    const world = setup(gate);
    const harness = new DurableHarness({ now: START });
    await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-1', trigger: { kind: 'timer' }, dryRun: false });
    while (((await harness.status(FLEET)).customStatus as { state?: string } | undefined)?.state !== 'baking') await harness.step();
    const firedAt = new Date(harness.now.getTime() + 10 * 60_000).toISOString();
    world.inventory.alerts.push({ id: 'al-1', name: 'flux-errors', severity: 'Sev0', monitorCondition: 'Fired', alertState: 'New', targetResource: aksId('c1'), startDateTime: firedAt });
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'halted', halt: { ring: 'canary', code: 'health-gate-alert' } });
    expect((status.output as { halt: { reason: string } }).halt.reason).toContain(`alert Sev0 "flux-errors" fired at ${firedAt}`);
    expect(touched(world)).toEqual(['c1']);
    expect(await harness.checkDeterminism(FLEET)).toEqual([]);
    // one lookup by the cluster's hop gate, one by the ring's gate after the bake: both since the ring touched c1
    expect(world.inventory.alertLookups).toEqual([{ clusterIds: [aksId('c1')], since: START.toISOString() }, { clusterIds: [aksId('c1')], since: START.toISOString() }]);
    expect(world.notifier.all().find((n) => n.type === 'K8sExtensionReconciler.RolloutHalted')?.data).toMatchObject({ code: 'health-gate-alert', ring: 'canary' });
  });

  it('an alert on a cluster of another ring, or older than the ring, does not halt', async () => {
    const world = setup(gate);
    world.inventory.alerts.push({ id: 'a', name: 'old', severity: 'Sev0', monitorCondition: 'Fired', alertState: 'New', targetResource: aksId('c1'), startDateTime: '2024-06-05T09:00:00Z' });
    world.inventory.alerts.push({ id: 'b', name: 'elsewhere', severity: 'Sev0', monitorCondition: 'Fired', alertState: 'New', targetResource: aksId('zz'), startDateTime: '2024-06-05T10:30:00Z' });
    const { output } = await runFleet();
    expect(output).toMatchObject({ state: 'completed' });
    expect(touched(world)).toEqual(['c1', 'p1', 'p2', 'x1']);
  });
});
