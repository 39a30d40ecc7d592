/**
 * A fleet rollout that spans several executions (continueAsNew per ring and per window of batches) behaves exactly like
 * one that never continues as new: same output, audit rows, notifications, fleet; status stays truthful at every step;
 * approvals raised ahead, or while the instance is between two executions, are kept; a crash at a boundary resumes.
 */
import { defaultPolicy } from '../../src/domain/policySchema';
import type { Policy } from '../../src/domain/model';
import { FLEET_ROLLOUT_INSTANCE_ID } from '../../src/host/rolloutContracts';
import { setServices } from '../../src/host/services';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const FLEET = FLEET_ROLLOUT_INSTANCE_ID;
const START = new Date('2024-06-05T10:00:00Z');
const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, k) => `${prefix}${k}`);

/** Canary (3 clusters, 1 at a time), prod (7 clusters, 2 at a time, behind an approval), 2 clusters in the default ring. */
function world(tune: (p: Policy) => void = () => undefined): FakeWorld {
  const policy = defaultPolicy();
  policy.rollout.ringTag = 'ring';
  policy.rollout.rings = [
    { name: 'canary', maxParallel: 1, bakeMinutes: 30, maxFailureRatio: 0, requireApproval: false },
    { name: 'prod', maxParallel: 2, bakeMinutes: 10, maxFailureRatio: 0.2, requireApproval: true },
  ];
  tune(policy);
  const clusters = [...ids('c', 3).map((n) => sampleCluster(n, { ring: 'canary' })), ...ids('p', 7).map((n) => sampleCluster(n, { ring: 'prod' })), ...ids('x', 2).map((n) => sampleCluster(n))];
  const w = fakeWorld({ clusters, catalog: sampleCatalog(), policy });
  setServices(w.services);
  return w;
}

async function begin(harness: DurableHarness, batchesPerExecution: number): Promise<void> {
  expect(await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-can', trigger: { kind: 'timer' }, dryRun: false, batchesPerExecution })).toBe('started');
}

/** What an observer sees after a rollout (the plan id is random per planFleet run: masked). */
async function outcome(w: FakeWorld, harness: DurableHarness): Promise<unknown> {
  const status = await harness.status(FLEET);
  return {
    runtimeStatus: status.runtimeStatus,
    output: status.output,
    customStatus: status.customStatus,
    versions: [...w.fleet.clusters.values()].map((c) => `${c.id}=${c.extensions[0]?.version ?? ''}`),
    audit: w.audit.all().map((r) => JSON.stringify(r)).sort(),
    notifications: w.notifier.all().map((n) => JSON.stringify({ ...n, id: '' })).sort(),
    state: [...w.state.states.values()].map((s) => JSON.stringify(s)).sort(),
    now: harness.now.toISOString(),
  };
}

async function runAll(batchesPerExecution: number): Promise<{ w: FakeWorld; harness: DurableHarness }> {
  const w = world();
  const harness = new DurableHarness({ now: START, autoApprove: true });
  await begin(harness, batchesPerExecution);
  await harness.runToCompletion(FLEET);
  return { w, harness };
}

describe('fleetRollout across continueAsNew', () => {
  it('spans several executions and ends exactly like a single execution (output, audit, notifications, fleet, status)', async () => {
    const single = await runAll(0);
    const split = await runAll(1);
    expect(single.harness.executions(FLEET).executions).toBe(1);
    // one window of 1 batch per execution, each ring's end in the next: canary 3 + 1, prod 4 (2+2+2+1) + 1, default 1 + 1
    expect(split.harness.executions(FLEET)).toEqual({ executions: 11, discardedEvents: 0 });
    expect(await outcome(split.w, split.harness)).toEqual(await outcome(single.w, single.harness));
    expect((await split.harness.status(FLEET)).output).toMatchObject({ state: 'completed', moves: { applied: 12, failed: 0 } });
    expect(await split.harness.checkDeterminism(FLEET)).toEqual([]);
    // each execution replays only its own short history
    const lengths = [...split.harness.pastExecutions(FLEET).map((e) => e.history.length), split.harness.history(FLEET).length];
    expect(Math.max(...lengths)).toBeLessThan(40);
    expect(single.harness.history(FLEET).length).toBeGreaterThan(Math.max(...lengths) * 3);
  });

  it('keeps the custom status truthful at every step, also between two executions', async () => {
    world();
    const harness = new DurableHarness({ now: START, autoApprove: true });
    await begin(harness, 1);
    const seen: { runtimeStatus: string; done: number }[] = [];
    while (await harness.step()) {
      const s = await harness.status(FLEET);
      const custom = s.customStatus as { rolloutId: string; ring: string | null; ringIndex: number; rings: number; clustersDone: number; clustersTotal: number; failed: number; state: string };
      if (custom.state === 'planning') continue;
      expect(custom).toMatchObject({ rolloutId: 'fleet-can', rings: 3, clustersTotal: 12, failed: 0 });
      expect(custom.ring).toBe(['canary', 'prod', 'default'][custom.ringIndex]);
      seen.push({ runtimeStatus: s.runtimeStatus, done: custom.clustersDone });
    }
    expect(seen.some((s) => s.runtimeStatus === 'ContinuedAsNew')).toBe(true);
    // progress never goes back, across boundaries included
    expect(seen.every((s, n) => n === 0 || s.done >= (seen[n - 1]?.done ?? 0))).toBe(true);
    expect(seen[seen.length - 1]).toEqual({ runtimeStatus: 'Completed', done: 12 });
  });

  it('keeps an approval raised while the instance is continuing as new and records it when its ring comes up', async () => {
    const w = world();
    const harness = new DurableHarness({ now: START });
    await begin(harness, 1);
    while ((await harness.status(FLEET)).runtimeStatus !== 'ContinuedAsNew') expect(await harness.step()).toBe(true);
    // between two executions: the client still raises events to the instance; they reach the next execution
    expect(await harness.raiseApproval(FLEET, { ring: 'prod', approvedBy: 'dana' })).toBe(true);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed', rings: [{ name: 'canary', succeeded: 3 }, { name: 'prod', succeeded: 7 }, { name: 'default', succeeded: 2 }] });
    expect(w.audit.all().filter((r) => r.kind === 'approved').map((r) => [r.ring, r.actor])).toEqual([['prod', 'dana']]);
    expect(w.audit.all().some((r) => r.code === 'approval-required')).toBe(false);
    expect(harness.executions(FLEET).discardedEvents).toBe(0);
  });

  it('takes in an approval raised during a batch before the history is reset (none is dropped at the boundary)', async () => {
    const w = world();
    const harness = new DurableHarness({ now: START });
    await begin(harness, 1);
    // canary's first batch is under way: the approval for prod arrives while nothing waits for it
    while (!harness.instanceIds().some((id) => id.startsWith('cluster-'))) expect(await harness.step()).toBe(true);
    expect(await harness.raiseApproval(FLEET, { ring: 'prod', approvedBy: 'erin' })).toBe(true);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed' });
    expect(w.audit.all().filter((r) => r.kind === 'approved').map((r) => [r.ring, r.actor])).toEqual([['prod', 'erin']]);
    expect(harness.executions(FLEET)).toMatchObject({ discardedEvents: 0 });
  });

  it('drops an event nobody awaited when an execution continues as new, as Durable Functions does (the harness models it)', async () => {
    world();
    const harness = new DurableHarness({ now: START, autoApprove: true });
    await begin(harness, 1);
    while (!harness.instanceIds().some((id) => id.startsWith('cluster-'))) expect(await harness.step()).toBe(true);
    expect(harness.raiseEvent(FLEET, 'SomethingElse', { x: 1 })).toBe(true);
    expect((await harness.runToCompletion(FLEET)).output).toMatchObject({ state: 'completed' });
    expect(harness.executions(FLEET).discardedEvents).toBe(1);
  });

  it('halts in a later execution with the tallies carried from the earlier ones', async () => {
    const failing = world((p) => (p.rollout.rings[1]!.maxFailureRatio = 0));
    failing.writer.script(aksId('p3'), 'flux', '1.8.3', { outcome: 'failed', message: 'boom' });
    const h = new DurableHarness({ now: START, autoApprove: true });
    await begin(h, 1);
    const status = await h.runToCompletion(FLEET);
    expect(status.output).toMatchObject({
      state: 'halted',
      halt: { ring: 'prod', code: 'ring-failure-budget-exceeded' },
      rings: [{ name: 'canary', succeeded: 3 }, { name: 'prod', clusters: 7, succeeded: 3, failed: 1 }, { name: 'default', succeeded: 0 }],
    });
    expect(status.customStatus).toMatchObject({ state: 'halted', clustersDone: 7, failed: 1, halt: { ring: 'prod' } });
    expect(h.executions(FLEET).executions).toBeGreaterThan(3);
    expect(failing.fleet.version(aksId('x0'), 'flux')).toBe('1.8.0');
  });

  it('a crash after any step (boundaries included), resumed from the recorded histories, ends exactly like an uninterrupted run', async () => {
    const reference = world();
    const uninterrupted = new DurableHarness({ now: START, autoApprove: true });
    await begin(uninterrupted, 2);
    let total = 0;
    const boundaries: number[] = [];
    while (await uninterrupted.step()) {
      total++;
      if ((await uninterrupted.status(FLEET)).runtimeStatus === 'ContinuedAsNew') boundaries.push(total);
    }
    const expected = await outcome(reference, uninterrupted);
    expect(boundaries.length).toBeGreaterThanOrEqual(4);
    for (const k of [...new Set([...boundaries, ...boundaries.map((b) => b + 1), 1, Math.floor(total / 2), total - 1])]) {
      const w = world();
      const first = new DurableHarness({ now: START, autoApprove: true });
      await begin(first, 2);
      for (let n = 0; n < k; n++) await first.step();
      const checkpoint = first.snapshot();
      await first.step(); // its side effects happen, its result never reaches the history
      const resumed = DurableHarness.restore(checkpoint, { autoApprove: true });
      await resumed.runToCompletion(FLEET);
      expect(await outcome(w, resumed)).toEqual(expected);
      expect(await resumed.checkDeterminism(FLEET)).toEqual([]);
    }
  });
});
