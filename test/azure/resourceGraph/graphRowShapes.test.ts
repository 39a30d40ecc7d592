/**
 * Issue 20 item 6: Resource Graph rows as they are. Microsoft Learn's sample queries over kubernetesconfigurationresources
 * read `properties.ExtensionType`, `properties.InstallState`, `properties.Scope`… (PascalCase); the ARM body spells them
 * camelCase. Either is read; the installed version (`currentVersion`) wins over the pin; a row without it makes discovery
 * read that cluster's extensions from the ARM list (2025-03-01) instead of guessing.
 */
import { armConnection } from '../../../src/azure/arm/armConnection';
import { FleetRowCollector } from '../../../src/azure/resourceGraph/fleetRows';
import { ResourceGraphInventory } from '../../../src/azure/resourceGraph/resourceGraphInventory';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator, FleetSimulatorOptions, SimFleet } from '../../../simulator/types';
import type { FleetSnapshot } from '../../../src/domain/model';

/** A snapshot in a stable order (clusters by id, extensions by name) to compare discoveries whatever their row order. */
const ordered = (s: FleetSnapshot): FleetSnapshot => ({ clusters: [...s.clusters].sort((a, b) => a.id.localeCompare(b.id)).map((c) => ({ ...c, extensions: [...c.extensions].sort((a, b) => a.name.localeCompare(b.name)) })) });
const AKS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';
const row = (extensionProperties: Record<string, unknown>) => ({ clusterId: AKS, location: 'eastus', tags: {}, kubernetesVersion: '1.29.4', kind: null, distribution: '', connectivityStatus: '', powerState: 'Running', extensionId: `${AKS}/providers/Microsoft.KubernetesConfiguration/extensions/flux`, extensionName: 'flux', extensionManagedBy: null, extensionProperties });

describe('FleetRowCollector: either casing, installed version first', () => {
  it.each([
    ['PascalCase (the public sample queries)', { ExtensionType: 'microsoft.flux', Version: '1.8.5', CurrentVersion: '1.8.2', AutoUpgradeMinorVersion: false, ReleaseTrain: 'Stable', ProvisioningState: 'Succeeded', IsSystemExtension: false, InstallState: 'Installed', Scope: { Cluster: { ReleaseNamespace: 'flux-system' } } }],
    ['camelCase (the ARM body)', { extensionType: 'microsoft.flux', version: '1.8.5', currentVersion: '1.8.2', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false }],
  ])('%s: the installed version 1.8.2 wins over the pin 1.8.5', (_name, props) => {
    const c = new FleetRowCollector();
    c.add(row(props), 'row 0');
    expect(c.warnings).toEqual([]);
    expect(c.snapshot().clusters[0]!.extensions).toEqual([{ name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false }]);
    expect(c.withoutInstalledVersion.size).toBe(0);
  });

  it.each([
    ['no installed version field', { ExtensionType: 'microsoft.flux', Version: '1.8.5', AutoUpgradeMinorVersion: false, ProvisioningState: 'Succeeded' }],
    ['an empty installed version', { extensionType: 'microsoft.flux', version: '1.8.5', currentVersion: '', provisioningState: 'Succeeded' }],
  ])('%s: the cluster is marked for an ARM read', (_name, props) => {
    const c = new FleetRowCollector();
    c.add(row(props), 'row 0');
    expect([...c.withoutInstalledVersion]).toEqual([AKS]);
  });
});

describe('discovery against the simulator, each Resource Graph shape', () => {
  let sim: FleetSimulator | undefined;
  afterEach(async () => sim?.close());
  const start = async (fleet: SimFleet, options: FleetSimulatorOptions = {}) => {
    sim = await startFleetSimulator({ fleet, ...options });
    return sim;
  };
  const discover = (s: FleetSimulator, warnings: string[] = []) => {
    const inventory = new ResourceGraphInventory({ ...armConnection({ endpoint: s.endpoint, credential: s.credential }), ca: s.ca }, { onWarning: (w) => warnings.push(w), retryDelayMs: 1 });
    return { inventory, snapshot: inventory.discover({ subscriptions: [...new Set(s.fleet.clusters.map((c) => c.id.split('/')[2]!))], managementGroups: [] }) };
  };
  const fleet = () => generateFleet({ clusters: 12, subscriptions: 1, seed: 21, extensionsPerCluster: [1, 3] });

  it.each([['PascalCase' as const], ['camelCase' as const]])('%s rows give the fleet as it is, with no ARM read', async (casing) => {
    const s = await start(fleet(), { resourceGraph: { casing } });
    const { inventory, snapshot } = discover(s);
    expect(ordered(await snapshot)).toEqual(ordered(s.snapshot()));
    expect(inventory.lastStats.armExtensionReads).toBe(0);
    expect(s.counters().calls['extensions.list']).toBeUndefined();
  });

  it('rows without an installed version: each such cluster is read from the ARM list once, and the result is the fleet as it is', async () => {
    const f = fleet();
    // a pin that is not what runs (the installed version lags): a guess from the pin would be wrong
    const ext = f.clusters.find((c) => c.extensions.some((e) => e.version !== undefined))!.extensions.find((e) => e.version !== undefined)!;
    ext.version = '99.0.0';
    const s = await start(f, { resourceGraph: { installedVersion: false } });
    const withExtensions = f.clusters.filter((c) => c.extensions.length > 0).length;
    const { inventory, snapshot } = discover(s);
    expect(ordered(await snapshot)).toEqual(ordered(s.snapshot()));
    expect(inventory.lastStats.armExtensionReads).toBe(withExtensions);
    expect(s.counters().calls['extensions.list']).toBe(withExtensions);
  });

  it('a cluster ARM cannot answer for keeps no extensions this pass, with a warning naming it', async () => {
    const s = await start(fleet(), { resourceGraph: { installedVersion: false } });
    s.faults.serverErrors({ count: 1000, kinds: ['extensions.list'], status: 500 });
    const warnings: string[] = [];
    const got = await discover(s, warnings).snapshot;
    expect(got.clusters.every((c) => c.extensions.length === 0)).toBe(true);
    expect(warnings.length).toBe(s.fleet.clusters.filter((c) => c.extensions.length > 0).length);
    expect(warnings[0]).toMatch(/^cluster \/subscriptions\/.*: Resource Graph gave no installed version and its extensions could not be read from ARM/);
  });
});
