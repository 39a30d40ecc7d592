import { defaultPolicy } from '../../src/domain/policySchema';
import { FLEET_ROLLOUT_INSTANCE_ID } from '../../src/host/rolloutContracts';
import { setServices } from '../../src/host/services';
import { DurableHarness, type HistoryEvent } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const FLEET = FLEET_ROLLOUT_INSTANCE_ID;
const START = new Date('2024-06-05T10:00:00Z');

/** Canary (1 cluster, two hops), prod behind an approval (one failure within budget), bake between rings. */
async function scenario(opts: { transient?: boolean } = {}): Promise<FakeWorld> {
  const policy = defaultPolicy();
  policy.stepMinors = true;
  policy.rollout.ringTag = 'ring';
  policy.rollout.healthCheckIntervalSeconds = 20;
  policy.rollout.rings = [
    { name: 'canary', maxParallel: 1, bakeMinutes: 15, maxFailureRatio: 0, requireApproval: false },
    { name: 'prod', maxParallel: 2, bakeMinutes: 0, maxFailureRatio: 0.5, requireApproval: true },
  ];
  const world = fakeWorld({ clusters: [sampleCluster('c1', { ring: 'canary' }), sampleCluster('p1', { ring: 'prod' }), sampleCluster('p2', { ring: 'prod' })], catalog: sampleCatalog(), policy });
  await world.state.put({ clusterId: aksId('c1'), lastSeenKubernetesVersion: '1.29.1', reconciledKubernetesVersion: '1.29.1', updatedAt: START.toISOString() });
  world.writer.script(aksId('p2'), 'flux', '1.8.3', { outcome: 'timed-out', message: 'LRO did not finish' });
  if (opts.transient) {
    world.writer.script(aksId('c1'), 'flux', '1.9.1', { throwTimes: 2 });
    world.writer.script(aksId('p1'), 'flux', '1.8.3', { health: 'Updating', reads: 2 });
    world.audit.failures = 1;
  }
  setServices(world.services);
  return world;
}

async function begin(harness: DurableHarness): Promise<void> {
  await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-r', trigger: { kind: 'manual', by: 'test' }, dryRun: false });
}

/** What an observer sees after a rollout: output, versions, audit rows, notifications, state. */
async function outcome(world: FakeWorld, harness: DurableHarness): Promise<unknown> {
  const status = await harness.status(FLEET);
  return {
    runtimeStatus: status.runtimeStatus,
    output: status.output,
    versions: [...world.fleet.clusters.values()].map((c) => `${c.id}=${c.extensions[0]?.version ?? ''}`),
    audit: world.audit.all().map((r) => JSON.stringify(r)).sort(),
    notifications: world.notifier.all().map((n) => JSON.stringify(n)).sort(),
    state: [...world.state.states.values()].map((s) => JSON.stringify(s)).sort(),
    now: harness.now.toISOString(),
  };
}

describe('replay', () => {
  it('replays every episode of every instance to the same actions (retries, timers, approval, sub-orchestrations)', async () => {
    const world = await scenario({ transient: true });
    const harness = new DurableHarness({ now: START, autoApprove: true });
    await begin(harness);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed-with-failures', rings: [{ name: 'canary', succeeded: 1 }, { name: 'prod', succeeded: 1, failed: 1 }] });
    expect(world.fleet.version(aksId('c1'), 'flux')).toBe('1.10.0');
    expect(harness.instanceIds()).toHaveLength(4);
    for (const id of harness.instanceIds()) {
      expect(harness.episodes(id).length).toBeGreaterThan(1);
      expect(await harness.checkDeterminism(id)).toEqual([]);
    }
  });

  it('detects a non-deterministic orchestration (the check can fail)', async () => {
    await scenario();
    const harness = new DurableHarness({ now: START, autoApprove: true });
    await begin(harness);
    await harness.runToCompletion(FLEET);
    // the plan is in the first execution's history (the rollout continues as new per ring)
    const history = (harness.pastExecutions(FLEET)[0]?.history ?? harness.history(FLEET)) as HistoryEvent[];
    // Tamper with the recorded plan: the replay now schedules different work than was recorded.
    const planned = history.find((e) => e.EventType === 5);
    planned!.Result = JSON.stringify({ planId: 'other', rings: [], rollout: defaultPolicy().rollout, decisions: 0, moves: 0 });
    expect((await harness.checkDeterminism(FLEET)).length).toBeGreaterThan(0);
  });

  it('a crash after any step, resumed from the recorded histories, ends exactly like an uninterrupted run', async () => {
    const reference = await scenario();
    const uninterrupted = new DurableHarness({ now: START, autoApprove: true });
    await begin(uninterrupted);
    let total = 0;
    while (await uninterrupted.step()) total++;
    const expected = await outcome(reference, uninterrupted);
    expect(expected).toMatchObject({ runtimeStatus: 'Completed', output: { state: 'completed-with-failures' } });
    expect(total).toBeGreaterThan(30); // a crash point after each of them (fewer since a cluster records a step in one call)

    for (let k = 0; k < total; k++) {
      const world = await scenario();
      const first = new DurableHarness({ now: START, autoApprove: true });
      await begin(first);
      for (let n = 0; n < k; n++) await first.step();
      const checkpoint = first.snapshot();
      // The step after the checkpoint runs its side effects (activity), then the host "crashes" before recording them.
      await first.step();
      const resumed = DurableHarness.restore(checkpoint, { autoApprove: true });
      await resumed.runToCompletion(FLEET);
      expect(await outcome(world, resumed)).toEqual(expected);
    }
  });
});
