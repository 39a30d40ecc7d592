import { armConnection } from '../../../src/azure/arm/armConnection';
import { ArmClusterReader } from '../../../src/azure/arm/armClusterReader';
import { connectivityOf, regionName } from '../../../src/azure/shared/clusterFacts';
import { ResourceGraphInventory } from '../../../src/azure/resourceGraph/resourceGraphInventory';
import { provisionedInstanceBody } from '../../../simulator/armBodies';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import { specExample } from '../../../simulator/specExamples';
import type { FleetSimulator, SimCluster } from '../../../simulator/types';

const SUB = '1bfbb5d0-917e-4346-9026-1d3b344417f5';
const arc = (name: string, extra: Partial<SimCluster>): SimCluster => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
  location: 'eastus',
  kubernetesVersion: '1.30.4',
  tags: {},
  extensions: [],
  ...extra,
});

describe('cluster facts: distribution, connectivity, power state, AKS on Azure Local', () => {
  let sim: FleetSimulator;
  let reader: ArmClusterReader;
  const example = specExample('connectedClusters-2026-05-01/GetClusterExample.json');
  const provisioned = specExample('connectedClusters-2024-01-01/GetProvisionedClusterExample.json');
  const instance = specExample('hybridaks-2024-01-01/GetProvisionedClusterInstance.json');
  beforeAll(async () => {
    const fleet = generateFleet({ clusters: 2, subscriptions: 1, seed: 4, arcShare: 0 });
    fleet.clusters.push(
      arc('from-spec', { location: example.location, distribution: example.properties.distribution, kubernetesVersion: example.properties.kubernetesVersion }),
      arc('gke-offline', { distribution: 'gke', connectivityStatus: 'Offline' }),
      arc('no-agent', { connectivityStatus: 'AgentNotInstalled' }),
      arc('azure-local', { kind: provisioned.kind, distribution: provisioned.properties.distribution, reportsKubernetesVersion: false, kubernetesVersion: '1.29.7' }),
      { ...arc('retired', {}), id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.HybridContainerService/provisionedClusters/old` },
    );
    fleet.clusters[0]!.powerState = 'Stopped';
    sim = await startFleetSimulator({ fleet });
    reader = new ArmClusterReader({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { retryDelayMs: 10 });
  });
  afterAll(async () => sim.close());
  const id = (name: string): string => sim.fleet.clusters.find((c) => c.id.endsWith(`/${name}`))!.id;

  it('the connectedClusters example (2026-05-01): distribution as given, location a display name kept as ARM says it', async () => {
    const got = await reader.readCluster(id('from-spec'));
    expect(got).toMatchObject({ distribution: 'AKS', location: 'East US', connectivityStatus: 'Connected', kubernetesVersion: '1.17.0' });
    expect(regionName(got!.location!)).toBe('eastus');
  });

  it('an offline GKE cluster and a stopped AKS cluster carry their status; AgentNotInstalled is kept as ARM says it', async () => {
    expect(await reader.readCluster(id('gke-offline'))).toMatchObject({ distribution: 'gke', connectivityStatus: 'Offline' });
    expect(await reader.readCluster(id('no-agent'))).toMatchObject({ connectivityStatus: 'AgentNotInstalled' });
    expect(await reader.readCluster(sim.fleet.clusters[0]!.id)).toMatchObject({ powerState: 'Stopped' });
    // the connectedClusters spec's ConnectivityStatus enum: Connecting, Connected, Offline, Expired, AgentNotInstalled; anything newer is not connected
    expect(['Connected', 'connecting', 'EXPIRED', 'AgentNotInstalled', 'offline', 'SomethingNew', '', undefined].map(connectivityOf)).toEqual(['Connected', 'Connecting', 'Expired', 'AgentNotInstalled', 'Offline', 'Offline', undefined, undefined]);
  });

  it('AKS on Azure Local: a connected cluster of kind ProvisionedCluster; without an agent-reported version, provisionedClusterInstances/default gives it (leading v dropped)', async () => {
    expect(Object.keys(provisionedInstanceBody(sim.fleet.clusters.find((c) => c.kind)!)).every((k) => k in instance)).toBe(true);
    expect(instance.properties.kubernetesVersion).toMatch(/^v/); // the spec example's form
    sim.resetCounters();
    expect(await reader.readCluster(id('azure-local'))).toMatchObject({ kubernetesVersion: '1.29.7', distribution: 'AKS', kind: provisioned.kind });
    expect(sim.counters().calls['clusters.instance']).toBe(1);
  });

  it('the retired top-level provisionedClusters type: its id still parses, but is neither read nor discovered', async () => {
    sim.resetCounters();
    expect(await reader.readCluster(id('old'))).toBeNull();
    expect(sim.counters().calls['clusters.get']).toBeUndefined();
    const inventory = new ResourceGraphInventory({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca });
    const snapshot = await inventory.discover({ subscriptions: [SUB, ...new Set(sim.fleet.clusters.map((c) => c.id.split('/')[2]!))], managementGroups: [] });
    expect(snapshot.clusters.map((c) => c.id)).not.toContain(id('old'));
    expect(snapshot.clusters.find((c) => c.id === id('gke-offline'))).toMatchObject({ distribution: 'gke', connectivityStatus: 'Offline' });
    expect(snapshot.clusters.find((c) => c.id === sim.fleet.clusters[0]!.id)).toMatchObject({ powerState: 'Stopped' });
    expect(snapshot.clusters.find((c) => c.id === id('azure-local'))).toMatchObject({ kind: 'ProvisionedCluster' });
    expect(snapshot.clusters.find((c) => c.id === id('no-agent'))).toMatchObject({ connectivityStatus: 'AgentNotInstalled' });
  });

  it('a truncated Resource Graph answer without a $skipToken is a warning naming what to do; the rows it has are kept', async () => {
    const inventory = new ResourceGraphInventory({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca });
    const scope = { subscriptions: [...new Set(sim.fleet.clusters.map((c) => c.id.split('/')[2]!))], managementGroups: [] };
    sim.faults.truncateResults(3);
    try {
      const snapshot = await inventory.discover(scope);
      expect(inventory.lastStats.rows).toBe(3);
      expect(snapshot.clusters.length).toBeGreaterThan(0);
      expect(inventory.lastStats.warnings).toEqual([expect.stringMatching(/resultTruncated is "true".*narrow the scope/)]);
    } finally {
      sim.faults.clear();
    }
    await inventory.discover(scope);
    expect(inventory.lastStats.warnings).toEqual([]);
  });
});
