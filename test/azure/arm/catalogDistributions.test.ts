import { armConnection } from '../../../src/azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../../../src/azure/arm/extensionTypeCatalog';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import { simTypeVersionsFromExample, specExample, specParameters } from '../../../simulator/specExamples';
import type { FleetSimulator, SimCluster } from '../../../simulator/types';

const EXAMPLE = 'extensionTypes-2026-05-01/ListExtensionTypeVersionsByLocation.json';
const SUB = '11111111-2222-3333-4444-555555555555';
const TYPE = String(specParameters(EXAMPLE).extensionTypeName).toLowerCase();

function arc(name: string, distribution: string, location: string): SimCluster {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    location,
    kubernetesVersion: '1.30.2',
    distribution,
    tags: {},
    extensions: [{ name: 'ext', extensionType: TYPE, currentVersion: '1.1.0', version: '1.1.0', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false }],
  };
}

describe('extension type versions (2026-05-01): restrictions per distribution', () => {
  let sim: FleetSimulator;
  beforeAll(async () => {
    // the spec example's versions, as the simulator's catalog; three Arc clusters, one location written as a display name
    sim = await startFleetSimulator({
      fleet: { clusters: [arc('aks-arc', 'AKS', 'West US'), arc('k3s-arc', 'k3s', 'westus'), arc('gke-arc', 'GKE', 'westus')], extensionTypes: { [TYPE]: simTypeVersionsFromExample(EXAMPLE) } },
    });
  });
  afterAll(async () => sim.close());

  it('a GKE-only limit does not reach the AKS and k3s keys (they stay free); plain connectedCluster keeps every limit, GKE included', async () => {
    // the example: connectedCluster: [{distributions: [AKS], unsupportedVersions: []}, {distributions: [GKE], unsupportedVersions: [">1.22"]}]
    expect(specExample(EXAMPLE).value[0].properties.unsupportedKubernetesVersions.connectedCluster).toEqual([
      { distributions: ['AKS'], unsupportedVersions: [] },
      { distributions: ['GKE'], unsupportedVersions: ['>1.22'] },
    ]);
    const warnings: string[] = [];
    const catalog = await new ExtensionTypeCatalog({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { onWarning: (w) => warnings.push(w) }).catalogFor(sim.snapshot());

    // ">1.22" unsupported = supported below 1.23.0; GKE's own key would say what plain connectedCluster says, so it is left out
    const expected = { connectedCluster: '<1.23.0', 'connectedCluster/aks': '*', 'connectedCluster/k3s': '*' };
    expect(catalog.extensionTypes[TYPE]!.versions).toEqual([
      { version: '1.1.0', releaseTrain: 'stable', kubernetes: expected, regions: ['westus'] },
      { version: '1.2.0', releaseTrain: 'stable', kubernetes: expected, regions: ['westus'] },
    ]);
    expect(warnings).toEqual([]);
  });

  it('asks once per region name: "West US" and "westus" are one location', async () => {
    sim.resetCounters();
    await new ExtensionTypeCatalog({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }).catalogFor(sim.snapshot());
    expect(sim.counters().calls['extensionTypes.versions']).toBe(1);
  });
});
