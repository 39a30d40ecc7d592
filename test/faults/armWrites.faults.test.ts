/**
 * Fault matrix, ARM writes: throttling beyond the retry budget, 5xx bursts, slow and never-finishing LROs, 409
 * operation-in-progress. Each test rolls a generated fleet out through the whole product and checks the final state.
 */
import type { ExtensionWriter } from '../../src/domain/ports';
import type { E2eWorld } from '../../simulator/world/e2eWorld';
import { FAULT_POLICY, expectConsistentRollout, faultWorld, installWriter, installedVersion, moveKey, pendingApplyHop, stepUntil, upgradeDecisions } from './faultWorld';
import { runDiscoverFleet } from '../../src/functions/discoverFleet';

describe('fault matrix: ARM writes', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('write throttling beyond the writer retries waits out Retry-After and tries again: no cluster fails, every move lands once', async () => {
    // a tiny write bucket (retried within budget) plus 429 storms longer than the writer's 3 retries on two hops
    world = await faultWorld({ clusters: 20, seed: 21, simulator: { writeBucket: { burst: 2, refillPerSecond: 20 } } });
    const w = world;
    const decisions = await upgradeDecisions(w);
    expect(decisions.length).toBeGreaterThan(5);
    const real = installWriter(w, { maxRetries: 3, retryDelayMs: 20 });
    let storms = 2;
    const stormy: ExtensionWriter = {
      readExtension: (clusterId, name) => real.readExtension(clusterId, name),
      applyHop: (hop) => {
        // the writer's first request of a hop (its GET) and its 3 retries meet the storm: the hop comes back throttled
        if (storms-- > 0) w.sim.faults.throttleStorm({ count: 4, retryAfterMs: 10 });
        return real.applyHop(hop);
      },
    };
    w.services.writer = stormy;
    w.sim.resetCounters();

    const { rolloutId } = await w.runTimer();
    // the storms fired (and more 429s from the small bucket)
    expect(storms).toBeLessThan(0);
    expect(w.sim.counters().throttled).toBeGreaterThanOrEqual(8);
    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed' });
    expect(report.failed).toEqual([]);
    expect(report.rows.filter((r) => r.code === 'throttled')).toEqual([]);
    for (const d of decisions) expect(installedVersion(w, d.clusterId, d.extensionName)).toBe(d.to);
    expect(report.output.rings.reduce((n, r) => n + r.failed, 0)).toBe(0);
  });

  it('a storm that outlasts the waits defers the cluster: a throttled row, never a failure, no rollback or hold; the next pass converges', async () => {
    world = await faultWorld({ clusters: 20, seed: 21, policy: { rollout: { ...FAULT_POLICY.rollout, rings: FAULT_POLICY.rollout.rings.map((r) => ({ ...r, maxFailureRatio: 0 })), rollbackOnFailure: true } } });
    const w = world;
    const decisions = await upgradeDecisions(w);
    const real = installWriter(w, { maxRetries: 3, retryDelayMs: 20 });
    const victim = decisions[0]!;
    let stormed = 0;
    const stormy: ExtensionWriter = {
      readExtension: (clusterId, name) => real.readExtension(clusterId, name),
      applyHop: (hop) => {
        // every attempt at the victim's hop meets a storm longer than the writer's retries
        if (hop.clusterId === victim.clusterId && hop.extensionName === victim.extensionName) {
          stormed++;
          w.sim.faults.throttleStorm({ count: 4, retryAfterMs: 10 });
        }
        return real.applyHop(hop);
      },
    };
    w.services.writer = stormy;
    w.sim.resetCounters();

    const first = await w.runTimer();
    // one attempt plus THROTTLE_WAITS waits, then deferred
    expect(stormed).toBe(5);
    const report = await expectConsistentRollout(w, first.rolloutId, decisions, { state: 'completed' });
    expect(report.failed).toEqual([]);
    const throttled = report.rows.filter((r) => r.code === 'throttled');
    expect(throttled.map((r) => [r.kind, r.clusterId, r.extensionName, r.from])).toEqual([['skipped', victim.clusterId, victim.extensionName, victim.from]]);
    expect(report.rows.filter((r) => r.kind === 'rollback' || r.kind === 'hold')).toEqual([]);
    expect(installedVersion(w, victim.clusterId, victim.extensionName)).toBe(victim.from);
    expect(report.output.rings.reduce((n, r) => n + r.failed, 0)).toBe(0);
    expect(await w.services.holds.list()).toEqual([]);
    expect((await w.services.state.get([victim.clusterId])).get(victim.clusterId)?.lastResult).toBe('throttled');

    // the next pass (no storm) moves what was left, and only that
    w.services.writer = real;
    w.sim.resetCounters();
    const second = await w.runTimer();
    await expectConsistentRollout(w, second.rolloutId, decisions.filter((d) => installedVersion(w, d.clusterId, d.extensionName) !== d.to), { state: 'completed' });
    for (const d of decisions) expect(installedVersion(w, d.clusterId, d.extensionName)).toBe(d.to);
    const again = w.sim.counters().writesApplied.map((x) => moveKey(x.clusterId, x.extensionName, x.to));
    for (const key of report.writes) expect(again).not.toContain(key);
  });

  it('5xx bursts on reads, writes, LRO polls and Resource Graph are retried; the rollout converges', async () => {
    world = await faultWorld({ clusters: 16, seed: 22 });
    const decisions = await upgradeDecisions(world);
    installWriter(world, { retryDelayMs: 20 });
    world.sim.resetCounters();
    // 5 × 503 on the first GET outlives the pipeline's 3 retries: the activity fails and the orchestration retries it
    world.sim.faults.serverErrors({ count: 5, kinds: ['extensions.get'] });
    world.sim.faults.serverErrors({ count: 3, kinds: ['extensions.patch'], status: 500 });
    world.sim.faults.serverErrors({ count: 3, kinds: ['lro.poll'] });
    world.sim.faults.serverErrors({ count: 2, kinds: ['resourceGraph'] });
    const { rolloutId } = await world.runTimer();
    await expectConsistentRollout(world, rolloutId, decisions, { state: 'completed' });
    for (const d of decisions) expect(installedVersion(world, d.clusterId, d.extensionName)).toBe(d.to);
    const patches = world.sim.counters().calls['extensions.patch'] ?? 0;
    expect(patches).toBeGreaterThan(world.sim.counters().writesApplied.length);
  });

  it('slow LROs (latency, several polls) converge', async () => {
    world = await faultWorld({ clusters: 12, seed: 23, simulator: { lroSteps: 4 } });
    const decisions = await upgradeDecisions(world);
    world.sim.faults.latency(5);
    world.sim.resetCounters();
    const { rolloutId } = await world.runTimer();
    await expectConsistentRollout(world, rolloutId, decisions, { state: 'completed' });
    for (const d of decisions) expect(installedVersion(world, d.clusterId, d.extensionName)).toBe(d.to);
    expect(world.sim.counters().calls['lro.poll'] ?? 0).toBeGreaterThanOrEqual(4 * world.sim.counters().writesApplied.length);
  });

  it('never-finishing LROs end as apply-timed-out; the other moves go on', async () => {
    world = await faultWorld({ clusters: 16, seed: 24 });
    const decisions = await upgradeDecisions(world);
    // the extension type with the fewest moves never finishes (each costs one writer timeout)
    const counts = new Map<string, number>();
    for (const d of decisions) counts.set(d.extensionType, (counts.get(d.extensionType) ?? 0) + 1);
    const [stuckType] = [...counts].sort((a, b) => a[1] - b[1])[0]!;
    world.sim.faults.neverFinish({ extensionType: stuckType });
    // RECONCILER_* has no setting for the writer timeout (default 15 min): the test installs a writer that gives up after
    // 20 polls (not a wall-clock timeout: the simulator finishes a healthy operation on its first poll however loaded the machine)
    installWriter(world, { maxPolls: 20, retryDelayMs: 20 });
    world.sim.resetCounters();
    const { rolloutId } = await world.runTimer();
    const report = await expectConsistentRollout(world, rolloutId, decisions, { state: 'completed', failedCodes: ['apply-timed-out'] });
    expect(report.failed.length).toBeGreaterThan(0);
    expect(report.failed.every((r) => r.extensionType.toLowerCase() === stuckType)).toBe(true);
    // every move of another type on a cluster without a timed-out hop is at its target
    const stopped = new Set(report.failed.map((r) => r.clusterId.toLowerCase()));
    for (const d of decisions.filter((x) => x.extensionType.toLowerCase() !== stuckType && !stopped.has(x.clusterId.toLowerCase()))) {
      expect(installedVersion(world, d.clusterId, d.extensionName)).toBe(d.to);
    }
    for (const row of report.failed) {
      const ext = world.sim.fleet.clusters.find((c) => c.id === row.clusterId)!.extensions.find((e) => e.name === row.extensionName)!;
      expect(ext.provisioningState).toBe('Updating');
      expect(ext.currentVersion).toBe(row.from);
    }
  });

  it('409 operation-in-progress: busy extensions wait and get no write; a flip between plan and apply is an operation-conflict', async () => {
    world = await faultWorld({ clusters: 20, seed: 25 });
    const w = world;
    const before = await upgradeDecisions(w);
    const busy = before.filter((_, i) => i % 5 === 0).slice(0, 3);
    for (const d of busy) w.sim.setExtension(d.clusterId, d.extensionName, { provisioningState: 'Updating' });
    const decisions = await upgradeDecisions(w);
    for (const d of busy) expect(decisions.map((x) => moveKey(x.clusterId, x.extensionName, x.to))).not.toContain(moveKey(d.clusterId, d.extensionName, d.to));
    w.sim.resetCounters();

    const { rolloutId } = await runDiscoverFleet(w.deps);
    // the first hop a cluster rollout is about to apply becomes busy after its live re-plan
    const hop = await stepUntil(w.harness, () => pendingApplyHop(w.harness));
    w.sim.setExtension(hop.clusterId, hop.extensionName, { provisioningState: 'Updating' });
    await w.drive();

    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed', failedCodes: ['operation-conflict'] });
    expect(report.failed.map((r) => moveKey(r.clusterId, r.extensionName, r.to))).toEqual([moveKey(hop.clusterId, hop.extensionName, hop.version)]);
    const written = w.sim.counters().writesApplied.map((x) => `${x.clusterId.toLowerCase()}|${x.extensionName}`);
    for (const d of [...busy, { clusterId: hop.clusterId, extensionName: hop.extensionName }]) {
      expect(written).not.toContain(`${d.clusterId.toLowerCase()}|${d.extensionName}`);
    }
    const planned = report.rows.filter((r) => r.kind === 'planned');
    for (const d of busy) expect(planned.find((r) => r.clusterId === d.clusterId && r.extensionName === d.extensionName)?.code).toBe('operation-in-progress');
  });
});
