/** The snapshot and catalog parsers' exact output and messages (what the CLI prints and the planner reads). */
import { clusterTypeOf } from '../../src/domain/armId';
import { parseCatalog } from '../../src/domain/schemas/catalogSchema';
import { parseSnapshot } from '../../src/domain/schemas/snapshotSchema';

const ext = { name: 'a', extensionType: 't', version: '1.0.0' };
const defaults = { autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false };

describe('snapshot parser output', () => {
  it('keeps exactly the optional fields given', () => {
    // toStrictEqual: an absent field stays absent (not a key holding undefined)
    expect(parseSnapshot({ clusters: [{ id: 'x', kubernetesVersion: '1.29', extensions: [ext] }] }, 'f').clusters[0]).toStrictEqual({ id: 'x', kubernetesVersion: '1.29', tags: {}, extensions: [{ ...ext, ...defaults }] });
    const full = { id: 'x', kubernetesVersion: '1.29', reconciledKubernetesVersion: '1.28', location: 'eastus', distribution: 'k3s', connectivityStatus: 'Expired', powerState: 'Running', tags: { a: 'b' } };
    const e = { ...ext, ...defaults, managedBy: '', managementDetails: { category: 'c' }, autoUpgradeMode: 'patch' };
    expect(parseSnapshot({ clusters: [{ ...full, extensions: [e] }] }, 'f').clusters[0]).toEqual({ ...full, extensions: [e] });
  });
  it.each([
    [{ ...ext, provisioningState: 'Busy' }, 'extensions[0].provisioningState: expected one of Succeeded, Failed, Canceled, Creating, Updating, Deleting'],
    [{ ...ext, name: 5 }, 'extensions[0].name: name must be a string'],
    [{ ...ext, extensionType: '' }, 'extensions[0].extensionType: extensionType must not be empty'],
    [{ ...ext, version: '' }, 'extensions[0].version: version must not be empty'],
    [{ ...ext, autoUpgradeMode: 'auto' }, 'extensions[0].autoUpgradeMode: expected one of none, patch, compatible'],
  ])('%j → %s', (e, message) => {
    expect(() => parseSnapshot({ clusters: [{ id: 'x', kubernetesVersion: '1.29', extensions: [e] }] }, 'f')).toThrow(`f: $.clusters[0].${message}`);
  });
  it('names a bad connectivity status', () => {
    expect(() => parseSnapshot({ clusters: [{ id: 'x', kubernetesVersion: '1.29', connectivityStatus: 'Down' }] }, 'f')).toThrow('f: $.clusters[0].connectivityStatus: expected one of Connecting, Connected, Offline, Expired, AgentNotInstalled');
  });
});

describe('catalog parser output', () => {
  const one = (v: Record<string, unknown>) => parseCatalog({ extensionTypes: { t: { versions: [v] } } }, 'c.json');
  it('keeps version, train (lower-cased), release date and compatibility as given', () => {
    expect(one({ version: '1.0.0', releaseTrain: 'Preview', releasedAt: '2024-01-02', kubernetes: '>=1.28.0' })).toEqual({ catalog: { extensionTypes: { t: { versions: [{ version: '1.0.0', releaseTrain: 'preview', releasedAt: '2024-01-02', kubernetes: '>=1.28.0' }] } } }, warnings: [] });
    expect(one({ version: '1.0.0', releasedAt: '2024-01-02T03:04:05+02:00' }).catalog.extensionTypes.t!.versions[0]).toEqual({ version: '1.0.0', releaseTrain: 'stable', releasedAt: '2024-01-02T03:04:05+02:00' });
  });
  it('drops a version that is not semver with a warning naming it', () => {
    expect(parseCatalog({ extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.0' }, { version: '1.0.1' }] } } }, 'c.json')).toEqual({
      catalog: { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.0.1', releaseTrain: 'stable' }] } } },
      warnings: ['c.json: $.extensionTypes["microsoft.flux"].versions[0].version: "1.0" is not valid semver; ignored'],
    });
  });
  it.each([
    [{ version: '1.0.0', releaseTrain: 'nightly' }, 'releaseTrain: expected "stable" or "preview"'],
    [{ version: '1.0.0', releasedAt: 'last week' }, 'releasedAt: expected an ISO-8601 date or date-time'],
    [{ version: '1.0.0', releasedAt: '2024-01-02T03:04:05' }, 'releasedAt: expected an ISO-8601 date or date-time'],
    [{ version: '1.0.0', kubernetes: 'one point thirty' }, 'kubernetes: not a valid semver range'],
    [{ version: '1.0.0', kubernetes: { managedCluster: 'newest' } }, 'kubernetes'],
  ])('%j → %s', (v, message) => {
    expect(() => one(v)).toThrow(`c.json: $.extensionTypes.t.versions[0].${message}`);
  });
});

describe('cluster type from an ARM id', () => {
  it.each([
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a/', 'managedCluster'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/ConnectedClusters/a', 'connectedCluster'],
    ['a//provisionedClusters//x', 'provisionedCluster'],
    ['managedClusters', null],
    ['/x/', null],
  ])('%s → %s', (id, type) => {
    expect(clusterTypeOf(id)).toBe(type);
  });
});
