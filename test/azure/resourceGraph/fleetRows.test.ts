import { extensionFromProperties } from '../../../src/azure/arm/extensionBody';
import { FleetRowCollector } from '../../../src/azure/resourceGraph/fleetRows';

const AKS = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';
const row = (over: Record<string, unknown> = {}) => ({
  clusterId: AKS,
  location: 'westeurope',
  tags: { ring: 'canary' },
  kubernetesVersion: '1.30.4',
  extensionId: `${AKS}/providers/Microsoft.KubernetesConfiguration/Extensions/flux`,
  extensionName: 'flux',
  extensionProperties: { ExtensionType: 'microsoft.flux', ProvisioningState: 'succeeded', currentVersion: '1.12.1', Version: '1.12.0', AutoUpgradeMinorVersion: 'False' },
  ...over,
});

describe('extensionFromProperties', () => {
  it.each([
    ['currentVersion wins over version', { extensionType: 't', provisioningState: 'Succeeded', version: '1.0.0', currentVersion: '1.0.1' }, { version: '1.0.1' }],
    ['version when no currentVersion', { extensionType: 't', provisioningState: 'Succeeded', version: '1.0.0' }, { version: '1.0.0' }],
    ['absent flags take ARM defaults', { extensionType: 't', provisioningState: 'Succeeded' }, { autoUpgradeMinorVersion: true, releaseTrain: 'Stable', isSystemExtension: false, version: '' }],
    ['false as sent', { EXTENSIONTYPE: 't', provisioningstate: 'UPDATING', autoUpgradeMinorVersion: false }, { autoUpgradeMinorVersion: false, provisioningState: 'Updating', extensionType: 't' }],
  ])('%s', (_name, props, expected) => {
    const r = extensionFromProperties('x', props);
    expect(r.ok && r.value).toMatchObject(expected);
  });

  it.each([
    [null, '$.properties: expected an object'],
    [{ provisioningState: 'Succeeded' }, '$.properties.extensionType'],
    [{ extensionType: 't', provisioningState: 'Sideways' }, '$.properties.provisioningState'],
  ])('names the bad field of %j', (props, expected) => {
    const r = extensionFromProperties('x', props);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(expected);
  });
});

describe('FleetRowCollector', () => {
  it('merges rows of one cluster case-insensitively and keeps the first spelling', () => {
    const c = new FleetRowCollector();
    c.add(row(), 'page 1 row 0');
    c.add(row({ clusterId: AKS.toLowerCase(), extensionName: 'dapr', extensionProperties: { extensionType: 'microsoft.dapr', provisioningState: 'Succeeded', currentVersion: '1.13.0' } }), 'page 1 row 1');
    c.add(row(), 'page 2 row 0');

    const snapshot = c.snapshot();

    expect(snapshot.clusters).toHaveLength(1);
    expect(snapshot.clusters[0]!.id).toBe(AKS);
    expect(snapshot.clusters[0]!.extensions.map((e) => [e.name, e.version, e.autoUpgradeMinorVersion])).toEqual([
      ['flux', '1.12.1', false],
      ['dapr', '1.13.0', true],
    ]);
    expect(c.warnings).toEqual([]);
  });

  it('gives a cluster without extensions an empty list and null tags an empty object', () => {
    const c = new FleetRowCollector();
    c.add(row({ tags: null, extensionId: null, extensionName: null, extensionProperties: null }), 'r');
    expect(c.snapshot().clusters).toEqual([{ id: AKS, location: 'westeurope', kubernetesVersion: '1.30.4', tags: {}, extensions: [] }]);
  });

  it('skips a row without a cluster id with a warning naming the row and field', () => {
    const c = new FleetRowCollector();
    c.add(row({ clusterId: 42 }), 'page 3 row 7');
    expect(c.snapshot().clusters).toEqual([]);
    expect(c.warnings).toEqual([expect.stringContaining('page 3 row 7')]);
    expect(c.warnings[0]).toContain('$.clusterId');
  });
});
