import { armConnection } from '../../../src/azure/arm/armConnection';
import { ResourceGraphInventory } from '../../../src/azure/resourceGraph/resourceGraphInventory';
import type { FleetSnapshot } from '../../../src/domain/model';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator, SimFleet } from '../../../simulator/types';

function sorted(s: FleetSnapshot): FleetSnapshot {
  return {
    clusters: [...s.clusters]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((c) => ({ ...c, extensions: [...c.extensions].sort((a, b) => a.name.localeCompare(b.name)) })),
  };
}

function subscriptionsOf(fleet: SimFleet): string[] {
  return [...new Set(fleet.clusters.map((c) => c.id.split('/')[2]!))];
}

function rowCount(fleet: SimFleet, subs?: Set<string>): number {
  return fleet.clusters.filter((c) => !subs || subs.has(c.id.split('/')[2]!)).reduce((n, c) => n + Math.max(1, c.extensions.length), 0);
}

const conn = (sim: FleetSimulator) => ({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca });

describe('ResourceGraphInventory against the simulator', () => {
  let sim: FleetSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('discovers the generated fleet over many pages and two subscription chunks, equal to the simulator snapshot', async () => {
    // 302 subscriptions -> two queries scopes (300 + 2); pages of 50 rows.
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 400, subscriptions: 302, seed: 11 }), quota: { queries: 1000, windowMs: 5000 } });
    const progress: { pages: number; rows: number }[] = [];
    const inventory = new ResourceGraphInventory(conn(sim), { pageSize: 50, onProgress: (p) => progress.push(p) });

    const snapshot = await inventory.discover({ subscriptions: subscriptionsOf(sim.fleet), managementGroups: [] });

    expect(sorted(snapshot)).toEqual(sorted(sim.snapshot()));
    expect(snapshot.clusters.some((c) => c.extensions.length === 0)).toBe(true);
    const first300 = new Set(subscriptionsOf(sim.fleet).slice(0, 300));
    const rest = new Set(subscriptionsOf(sim.fleet).slice(300));
    const expectedQueries = Math.ceil(rowCount(sim.fleet, first300) / 50) + Math.ceil(rowCount(sim.fleet, rest) / 50);
    expect(sim.counters().calls.resourceGraph).toBe(expectedQueries);
    expect(inventory.lastStats.pages).toBe(expectedQueries);
    expect(progress.at(-1)).toEqual({ pages: expectedQueries, rows: rowCount(sim.fleet) });
    expect(inventory.lastStats.warnings).toEqual([]);
  });

  it('reads PascalCase extension properties, installed = currentVersion, flags as sent', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 5, extensionsPerCluster: [1, 3] }) });
    const cluster = sim.fleet.clusters[0]!;
    const ext = cluster.extensions[0]!;
    sim.setExtension(cluster.id, ext.name, { currentVersion: '9.9.9', version: '1.0.0', autoUpgradeMinorVersion: false, isSystemExtension: true, provisioningState: 'Updating', releaseTrain: 'Preview' });

    const snapshot = await new ResourceGraphInventory(conn(sim)).discover({ subscriptions: subscriptionsOf(sim.fleet), managementGroups: [] });

    const found = snapshot.clusters.find((c) => c.id === cluster.id)!.extensions.find((e) => e.name === ext.name);
    expect(found).toEqual({ name: ext.name, extensionType: ext.extensionType, version: '9.9.9', autoUpgradeMinorVersion: false, releaseTrain: 'Preview', provisioningState: 'Updating', isSystemExtension: true });
  });

  it('resolves management groups to their subscriptions (paged), case-insensitively', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 30, subscriptions: 5, seed: 4, managementGroups: 2 }) });
    const groups = sim.fleet.managementGroups!;
    const inventory = new ResourceGraphInventory(conn(sim), { pageSize: 1 });
    expect(await inventory.subscriptionsIn(['MG-1'])).toEqual([...groups['mg-1']!].map((s) => s.toLowerCase()).sort());
    expect(await inventory.subscriptionsIn(['mg-0', 'mg-1'])).toEqual([...new Set([...groups['mg-0']!, ...groups['mg-1']!])].map((s) => s.toLowerCase()).sort());
    expect(await inventory.subscriptionsIn([])).toEqual([]);
    expect(await inventory.subscriptionsIn(['no-such-group'])).toEqual([]);
  });

  it('discovers a management group scope', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 60, subscriptions: 4, seed: 9, managementGroups: 2 }) });
    const mgSubs = new Set(sim.fleet.managementGroups!['mg-1']);

    const snapshot = await new ResourceGraphInventory(conn(sim), { pageSize: 20 }).discover({ subscriptions: [], managementGroups: ['mg-1'] });

    const expected = sim.snapshot();
    expected.clusters = expected.clusters.filter((c) => mgSubs.has(c.id.split('/')[2]!));
    expect(expected.clusters.length).toBeGreaterThan(0);
    expect(expected.clusters.length).toBeLessThan(60);
    expect(sorted(snapshot)).toEqual(sorted(expected));
  });

  it('waits for the quota window instead of failing when the quota is spent', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 40, subscriptions: 2, seed: 3 }), quota: { queries: 3, windowMs: 1000 } });
    const inventory = new ResourceGraphInventory(conn(sim), { pageSize: 10, maxRetries: 0 });

    const snapshot = await inventory.discover({ subscriptions: subscriptionsOf(sim.fleet), managementGroups: [] });

    expect(snapshot.clusters).toHaveLength(40);
    const pages = Math.ceil(rowCount(sim.fleet) / 10);
    expect(pages).toBeGreaterThan(3);
    expect(sim.counters().calls.resourceGraph).toBe(pages);
    expect(sim.counters().throttled).toBe(0);
    expect(inventory.lastStats.quotaWaits).toBeGreaterThan(0);
    expect(inventory.lastStats.retries).toBe(0);
  });

  it('retries a 429 storm honouring Retry-After and counts the retries', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 20, subscriptions: 1, seed: 2 }) });
    sim.faults.throttleStorm({ count: 3, retryAfterMs: 20 });
    const inventory = new ResourceGraphInventory(conn(sim), { maxRetries: 5 });

    const snapshot = await inventory.discover({ subscriptions: subscriptionsOf(sim.fleet), managementGroups: [] });

    expect(snapshot.clusters).toHaveLength(20);
    expect(inventory.lastStats.retries).toBe(3);
    expect(sim.counters().throttled).toBe(3);
  });

  it('gives up with the 429 after maxRetries', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 5, subscriptions: 1, seed: 2 }) });
    sim.faults.throttleStorm({ count: 10, retryAfterMs: 10 });
    const inventory = new ResourceGraphInventory(conn(sim), { maxRetries: 2 });

    await expect(inventory.discover({ subscriptions: subscriptionsOf(sim.fleet), managementGroups: [] })).rejects.toMatchObject({ statusCode: 429 });
    expect(inventory.lastStats.retries).toBe(2);
  });

  it('retries 5xx answers with backoff', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 20, subscriptions: 1, seed: 4 }) });
    sim.faults.serverErrors({ count: 2, kinds: ['resourceGraph'], status: 500 });
    const inventory = new ResourceGraphInventory(conn(sim), { retryDelayMs: 10 });

    const snapshot = await inventory.discover({ subscriptions: subscriptionsOf(sim.fleet), managementGroups: [] });

    expect(sorted(snapshot)).toEqual(sorted(sim.snapshot()));
    expect(inventory.lastStats.retries).toBe(2);
  });

  it('skips a malformed extension with a warning and keeps its cluster', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 10, subscriptions: 1, seed: 6, extensionsPerCluster: [2, 2] }) });
    const cluster = sim.fleet.clusters[0]!;
    const bad = cluster.extensions[0]!;
    sim.setExtension(cluster.id, bad.name, { provisioningState: 'Exploded' as never });
    const warnings: string[] = [];

    const snapshot = await new ResourceGraphInventory(conn(sim), { onWarning: (w) => warnings.push(w) }).discover({ subscriptions: subscriptionsOf(sim.fleet), managementGroups: [] });

    const found = snapshot.clusters.find((c) => c.id === cluster.id)!;
    expect(found.extensions.map((e) => e.name)).toEqual(cluster.extensions.slice(1).map((e) => e.name).sort());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(bad.name);
    expect(warnings[0]).toContain('$.extensionProperties.provisioningState');
  });

  it('returns an empty fleet for an empty scope without querying', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 3, subscriptions: 1, seed: 1 }) });
    const snapshot = await new ResourceGraphInventory(conn(sim)).discover({ subscriptions: [], managementGroups: [] });
    expect(snapshot).toEqual({ clusters: [] });
    expect(sim.counters().calls.resourceGraph).toBeUndefined();
  });
});
