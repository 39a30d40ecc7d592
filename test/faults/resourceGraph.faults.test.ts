/**
 * Fault matrix, Resource Graph: 429 storms longer than one discovery's retry budget, and a small query quota that a
 * paged discovery spends several times over. Each ends converged with the final-state checks.
 */
import { armConnection } from '../../src/azure/arm/armConnection';
import { ResourceGraphInventory } from '../../src/azure/resourceGraph/resourceGraphInventory';
import type { E2eWorld } from '../../simulator/world/e2eWorld';
import { expectConsistentRollout, faultWorld, installWriter, installedVersion, upgradeDecisions } from './faultWorld';

describe('fault matrix: Resource Graph', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('a 429 storm longer than one discovery retry budget: the planning activity is retried and the rollout converges', async () => {
    world = await faultWorld({ clusters: 16, seed: 31 });
    const decisions = await upgradeDecisions(world);
    installWriter(world, { retryDelayMs: 20 });
    world.sim.resetCounters();
    // discovery is the rollout's first request; 14 × 429 outlive its 6 attempts twice
    world.sim.faults.throttleStorm({ count: 14, retryAfterMs: 20 });
    const { rolloutId } = await world.runTimer();
    await expectConsistentRollout(world, rolloutId, decisions, { state: 'completed' });
    for (const d of decisions) expect(installedVersion(world, d.clusterId, d.extensionName)).toBe(d.to);
    expect(world.sim.counters().throttled).toBeGreaterThanOrEqual(14);
    expect(world.sim.counters().calls.resourceGraph ?? 0).toBeGreaterThanOrEqual(15);
    // planning happens in the first execution (the rollout continues as new per ring)
    const firstExecution = world.harness.pastExecutions('fleet-rollout')[0]?.history ?? world.harness.history('fleet-rollout');
    const planActivities = firstExecution.filter((e) => e.EventType === 4 && e.Name === 'planFleet');
    expect(planActivities.length).toBe(3);
  });

  it('quota exhaustion: a paged discovery waits for the quota window and sees the whole fleet', async () => {
    world = await faultWorld({ clusters: 20, seed: 32, simulator: { quota: { queries: 2, windowMs: 800 } } });
    const decisions = await upgradeDecisions(world);
    installWriter(world, { retryDelayMs: 20 });
    const conn = armConnection({ endpoint: world.sim.endpoint, credential: world.sim.credential });
    conn.ca = world.sim.ca;
    // small pages: the fleet's rows need ⌈rows/15⌉ queries, more than the 2 the window allows
    const inventory = new ResourceGraphInventory(conn, { pageSize: 15, retryDelayMs: 20 });
    world.services.inventory = inventory;
    const rows = world.sim.fleet.clusters.reduce((n, c) => n + Math.max(1, c.extensions.length), 0);
    expect(Math.ceil(rows / 15)).toBeGreaterThan(2);
    world.sim.resetCounters();
    const { rolloutId } = await world.runTimer();
    await expectConsistentRollout(world, rolloutId, decisions, { state: 'completed' });
    for (const d of decisions) expect(installedVersion(world, d.clusterId, d.extensionName)).toBe(d.to);
    expect(inventory.lastStats.rows).toBe(rows);
    expect(inventory.lastStats.pages).toBe(Math.ceil(rows / 15));
    expect(inventory.lastStats.quotaWaits + inventory.lastStats.retries).toBeGreaterThan(0);
    const planned = (await world.audit({ rolloutId })).filter((r) => r.kind === 'planned');
    expect(planned).toHaveLength(world.sim.fleet.clusters.reduce((n, c) => n + c.extensions.length, 0));
  });
});
