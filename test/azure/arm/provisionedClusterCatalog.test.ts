/**
 * Issue 20 item 3 over the real pipeline: the live catalog keeps the `provisionedCluster` limit of the extension type
 * versions API (2026-05-01, as in ListExtensionTypeVersionsByLocation.json), discovery fills the cluster's ARM `kind`,
 * and AKS on Azure Local (a connected cluster of kind ProvisionedCluster) is held to both limits.
 */
import { armConnection } from '../../../src/azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../../../src/azure/arm/extensionTypeCatalog';
import { ResourceGraphInventory } from '../../../src/azure/resourceGraph/resourceGraphInventory';
import { planFleet } from '../../../src/domain/plan';
import { defaultPolicy } from '../../../src/domain/policySchema';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import { specExample } from '../../../simulator/specExamples';
import type { FleetSimulator, SimCluster } from '../../../simulator/types';

const SUB = '11111111-2222-3333-4444-555555555555';
const TYPE = 'microsoft.flux';
const NOW = new Date('2026-01-01T00:00:00Z');

function arc(name: string, extra: Partial<SimCluster> = {}): SimCluster {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    location: 'westus',
    kubernetesVersion: '1.30.2',
    distribution: 'AKS',
    tags: {},
    extensions: [{ name: 'flux', extensionType: TYPE, currentVersion: '1.8.2', version: '1.8.2', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false }],
    ...extra,
  };
}

describe('AKS on Azure Local: the provisionedCluster limit of the live catalog', () => {
  let sim: FleetSimulator;
  const conn = () => ({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca });
  beforeAll(async () => {
    // 1.9.0: free on connected clusters, unsupported above 1.29 on provisioned clusters (the spec example's key names and shape)
    const limits = (provisioned: string[]) => ({ connectedCluster: [{ distributions: ['AKS'], unsupportedVersions: [] }], provisionedCluster: [{ distributions: ['AKS'], unsupportedVersions: provisioned }] });
    sim = await startFleetSimulator({
      fleet: {
        clusters: [arc('arc-aks'), arc('azure-local', { kind: 'ProvisionedCluster' })],
        extensionTypes: { [TYPE]: [{ version: '1.8.2', releaseTrain: 'stable', unsupportedKubernetesVersions: limits([]) }, { version: '1.9.0', releaseTrain: 'stable', unsupportedKubernetesVersions: limits(['>1.29']) }] },
      },
    });
  });
  afterAll(async () => sim.close());

  it('the spec example lists provisionedCluster beside connectedCluster in one answer', () => {
    const limits = specExample('extensionTypes-2026-05-01/ListExtensionTypeVersionsByLocation.json').value[0].properties.unsupportedKubernetesVersions;
    expect(Object.keys(limits)).toEqual(expect.arrayContaining(['connectedCluster', 'provisionedCluster']));
  });

  it('discovery fills kind; the catalog keeps the provisionedCluster key; the Azure Local cluster is held back, the plain Arc one moves', async () => {
    const snapshot = await new ResourceGraphInventory(conn()).discover({ subscriptions: [SUB], managementGroups: [] });
    const local = snapshot.clusters.find((c) => c.id.endsWith('/azure-local'))!;
    expect(local.kind).toBe('ProvisionedCluster');
    const reconciled = { ...snapshot, clusters: snapshot.clusters.map((c) => ({ ...c, reconciledKubernetesVersion: '1.29.4' })) };
    const catalog = await new ExtensionTypeCatalog(conn()).catalogFor(reconciled);
    expect(catalog.extensionTypes[TYPE]!.versions.find((v) => v.version === '1.9.0')!.kubernetes).toEqual({ connectedCluster: '*', provisionedCluster: '<1.30.0' });
    const decisions = planFleet(reconciled, catalog, defaultPolicy(), NOW);
    expect(decisions.find((d) => d.clusterId.endsWith('/arc-aks'))).toMatchObject({ action: 'upgrade', to: '1.9.0' });
    expect(decisions.find((d) => d.clusterId.endsWith('/azure-local'))).toMatchObject({ action: 'none', to: null });
  });

  it('a fleet without Azure Local asks the same and keeps no provisionedCluster key', async () => {
    const snapshot = await new ResourceGraphInventory(conn()).discover({ subscriptions: [SUB], managementGroups: [] });
    const plain = { clusters: snapshot.clusters.filter((c) => !c.kind) };
    const catalog = await new ExtensionTypeCatalog(conn()).catalogFor(plain);
    expect(catalog.extensionTypes[TYPE]!.versions.find((v) => v.version === '1.9.0')).toEqual({ version: '1.9.0', releaseTrain: 'stable', regions: ['westus'] }); // no kubernetes key; offered where the fleet's cluster is (issue 24)
  });
});
