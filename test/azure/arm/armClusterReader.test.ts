import { armConnection } from '../../../src/azure/arm/armConnection';
import { ArmClusterReader } from '../../../src/azure/arm/armClusterReader';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../../simulator/types';

describe('ArmClusterReader against the simulator', () => {
  let sim: FleetSimulator;
  let reader: ArmClusterReader;
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 17, arcShare: 0.5 }) });
    reader = new ArmClusterReader({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { retryDelayMs: 10 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it.each([['managedClusters'], ['connectedClusters']])('reads a %s cluster: running version, tags, location, extensions', async (kind) => {
    const cluster = sim.fleet.clusters.find((c) => c.id.includes(`/${kind}/`) && c.extensions.length > 0)!;
    sim.upgradeKubernetes(cluster.id, '1.31.4');

    const got = await reader.readCluster(cluster.id.toUpperCase());

    const expected = sim.snapshot().clusters.find((c) => c.id === cluster.id)!;
    expect(got).toEqual(expected);
    expect(got!.kubernetesVersion).toBe('1.31.4');
  });

  it('pages through more than 50 extensions', async () => {
    const cluster = sim.fleet.clusters.find((c) => c.id.includes('/managedClusters/'))!;
    const template = { extensionType: 'microsoft.flux', currentVersion: '1.10.0', version: '1.10.0', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded' as const, isSystemExtension: false };
    for (let i = 0; i < 55; i++) cluster.extensions.push({ ...template, name: `flux-${i}` });
    sim.resetCounters();

    const got = await reader.readCluster(cluster.id);

    expect(got!.extensions).toHaveLength(cluster.extensions.length);
    expect(sim.counters().calls['extensions.list']).toBe(2);
  });

  it('returns null for a cluster that does not exist', async () => {
    const id = sim.fleet.clusters[0]!.id.replace(/[^/]+$/, 'gone');
    expect(await reader.readCluster(id)).toBeNull();
  });

  it('retries a 503 on the cluster read', async () => {
    const cluster = sim.fleet.clusters[1]!;
    sim.faults.serverErrors({ count: 1, kinds: ['clusters.get'] });
    expect((await reader.readCluster(cluster.id))?.id).toBe(cluster.id);
  });
});
