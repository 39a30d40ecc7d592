/**
 * Fault matrix: a crash in the middle of a rollout. For several cut points k the run stops after k steps; the host
 * runs one more step (an activity whose side effects — a write, audit rows, a notification — happen but whose result
 * never reaches the history, as when a host dies before the checkpoint); a new host resumes from the history recorded
 * at k under the replay engine. The final fleet, audit rows and status must equal an uninterrupted run of the same
 * fleet, with no move applied twice. Cut points: spread over the run, right before the first writes, and at the
 * continue-as-new boundaries between the fleet rollout's executions.
 */
import { runDiscoverFleet } from '../../src/functions/discoverFleet';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { auditSignature, faultWorld, fleetVersions, installWriter, moveKey, referenceRun } from './faultWorld';

const OPTIONS = { clusters: 12, seed: 61 };

describe('fault matrix: crash and resume from the recorded history', () => {
  let reference: Awaited<ReturnType<typeof referenceRun>>;
  let totalSteps = 0;
  const beforeWrites: number[] = [];
  /** Steps after which the fleet rollout had just continued as new (between two executions). */
  const boundaries: number[] = [];

  beforeAll(async () => {
    reference = await referenceRun(OPTIONS);
    // the same run step by step, to know how many steps it takes
    const world = await faultWorld(OPTIONS);
    try {
      installWriter(world, { retryDelayMs: 20 });
      await runDiscoverFleet(world.deps);
      while (await world.harness.step()) {
        const writes = world.sim.counters().writesApplied.length;
        if (writes > beforeWrites.length) beforeWrites.push(totalSteps);
        totalSteps++;
        if ((await world.harness.status('fleet-rollout')).runtimeStatus === 'ContinuedAsNew') boundaries.push(totalSteps);
      }
      expect(fleetVersions(world)).toEqual(reference.versions);
    } finally {
      await world.close();
    }
    expect(totalSteps).toBeGreaterThan(20);
    expect(beforeWrites.length).toBeGreaterThan(2);
    // several rings: the rollout spans several executions (continueAsNew per ring)
    expect(boundaries.length).toBeGreaterThanOrEqual(2);
  });

  const cuts: [string, () => number][] = [
    ['after the first step', () => 1],
    ['right before the first write', () => beforeWrites[0]!],
    ['right before the second write', () => beforeWrites[1]!],
    ['right before the last write', () => beforeWrites[beforeWrites.length - 1]!],
    ['at 1/3 of the steps', () => Math.floor(totalSteps / 3)],
    ['at 2/3 of the steps', () => Math.floor((2 * totalSteps) / 3)],
    ['one step before the end', () => totalSteps - 1],
    ['right at the first continue-as-new boundary', () => boundaries[0]!],
    ['right at the last continue-as-new boundary', () => boundaries[boundaries.length - 1]!],
    ['in the first episode of a new execution', () => boundaries[1]! + 1],
  ];

  it.each(cuts)('crash %s, lose the next step, resume: equals the uninterrupted run', async (_name, cutAt) => {
    const world = await faultWorld(OPTIONS);
    try {
      installWriter(world, { retryDelayMs: 20 });
      world.sim.resetCounters();
      const { rolloutId } = await runDiscoverFleet(world.deps);
      const cut = cutAt();
      expect(cut).toBeGreaterThan(0);
      for (let n = 0; n < cut; n++) expect(await world.harness.step()).toBe(true);
      const snapshot = world.harness.snapshot();
      // the old host runs one more step before it dies: its side effects happen, its result never reaches the history
      const writesBefore = world.sim.counters().writesApplied.length;
      expect(await world.harness.step()).toBe(true);
      if (beforeWrites.includes(cut)) expect(world.sim.counters().writesApplied.length).toBe(writesBefore + 1);

      const resumed = DurableHarness.restore(snapshot);
      await resumed.runUntilIdle({ fireTimers: true });
      const status = await resumed.status('fleet-rollout');
      expect(status.runtimeStatus).toBe('Completed');
      expect(status.output).toEqual(reference.output);
      expect(fleetVersions(world)).toEqual(reference.versions);
      expect(auditSignature(await world.audit({ rolloutId }))).toEqual(reference.audit);
      const writes = world.sim.counters().writesApplied.map((w) => moveKey(w.clusterId, w.extensionName, w.to));
      expect(writes.length).toBe(new Set(writes).size);
      expect(await resumed.checkDeterminism('fleet-rollout')).toEqual([]);
    } finally {
      await world.close();
    }
  });
});
