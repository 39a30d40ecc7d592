/** The plan's input files in contract v2: duplicate cluster ids, unknown fields, distribution keys, types nobody offers. */
import { InputError } from '../../src/domain/inputError';
import { thrownInputError as thrown } from '../support/thrownInputError';
import { defaultPolicy } from '../../src/domain/policySchema';
import { unknownPolicyTypes } from '../../src/domain/planWarnings';
import { parseCatalog } from '../../src/domain/schemas/catalogSchema';
import { parseSnapshot, unknownSnapshotFields } from '../../src/domain/schemas/snapshotSchema';
import { AKS, ARC, catalog, cluster, ext, fleet, v } from './planFixtures';


describe('snapshot: duplicate cluster ids', () => {
  it('names the file and both paths, ids compared case-insensitively', () => {
    const e = thrown(() => parseSnapshot({ clusters: [{ id: AKS, kubernetesVersion: '1.29' }, { id: ARC, kubernetesVersion: '1.29' }, { id: AKS.toLowerCase(), kubernetesVersion: '1.30' }] }, 'fleet.json'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(`fleet.json: $.clusters[2].id: duplicate cluster id "${AKS.toLowerCase()}" (also at $.clusters[0].id)`);
  });
  it('the first repeat is the one named', () => {
    const e = thrown(() => parseSnapshot({ clusters: [{ id: ARC, kubernetesVersion: '1.29' }, { id: AKS, kubernetesVersion: '1.29' }, { id: AKS, kubernetesVersion: '1.29' }, { id: ARC, kubernetesVersion: '1.29' }] }, 'f'));
    expect([e.path, e.problem]).toEqual(['$.clusters[2].id', `duplicate cluster id "${AKS}" (also at $.clusters[1].id)`]);
  });
  it('distinct ids pass, with the v2 fields kept', () => {
    const parsed = parseSnapshot(
      {
        clusters: [
          { id: ARC, kubernetesVersion: '1.29', distribution: 'gke', connectivityStatus: 'Offline', extensions: [{ name: 'a', extensionType: 't', version: '1.0.0', managedBy: '/o', autoUpgradeMode: 'none', managementDetails: { accessDetails: [{ entity: 'Users', allowedActions: ['Read'] }] } }] },
          { id: AKS, kubernetesVersion: '1.29', powerState: 'Stopped' },
        ],
      },
      'f',
    );
    expect(parsed.clusters[0]).toMatchObject({ distribution: 'gke', connectivityStatus: 'Offline', extensions: [{ managedBy: '/o', autoUpgradeMode: 'none', managementDetails: { accessDetails: [{ entity: 'Users', allowedActions: ['Read'] }] } }] });
    expect(parsed.clusters[1]).toMatchObject({ powerState: 'Stopped' });
    expect(parsed.clusters[1]).not.toHaveProperty('distribution');
  });
});

describe('snapshot: unknown fields are warnings naming the path', () => {
  it('at every level', () => {
    const value = { clusters: [{ id: AKS, kubernetesVersion: '1.30', reconciledKubernetesVerison: '1.29', extensions: [{ name: 'a', extensionType: 't', version: '1', state: 'x' }] }], extra: 1 };
    expect(unknownSnapshotFields(value, 'fleet.json')).toEqual([
      'fleet.json: $.extra: unknown field; ignored',
      'fleet.json: $.clusters[0].reconciledKubernetesVerison: unknown field; ignored',
      'fleet.json: $.clusters[0].extensions[0].state: unknown field; ignored',
    ]);
  });
  it('none for a file that uses only known fields, nor for values that are not objects', () => {
    const value = { clusters: [{ id: AKS, kubernetesVersion: '1.30', reconciledKubernetesVersion: '1.29', location: 'x', distribution: 'd', connectivityStatus: 'Connected', powerState: 'Running', tags: {}, extensions: [ext({ managedBy: 'm', autoUpgradeMode: 'none', managementDetails: {} })] }] };
    expect(unknownSnapshotFields(value, 'f')).toEqual([]);
    expect(unknownSnapshotFields({ clusters: [null, 5, ['a'], { id: 'x', extensions: 'no' }, { extensions: [['b'], null] }] }, 'f')).toEqual([]);
    expect(unknownSnapshotFields(null, 'f')).toEqual([]);
    expect(unknownSnapshotFields({ clusters: 'no' }, 'f')).toEqual([]);
  });
});

describe('catalog: connectedCluster/<distribution> keys', () => {
  it('are accepted beside the cluster types and *', () => {
    const { catalog: parsed } = parseCatalog({ extensionTypes: { T: { versions: [{ version: '1.0.0', kubernetes: { 'connectedCluster/GKE': '>=1.28.0', connectedCluster: '>=1.0.0', '*': '<2.0.0' } }] } } }, 'c');
    expect(parsed.extensionTypes.t!.versions[0]!.kubernetes).toEqual({ 'connectedCluster/GKE': '>=1.28.0', connectedCluster: '>=1.0.0', '*': '<2.0.0' });
  });
  it.each(['connectedCluster/', 'managedCluster/aks', 'gke'])('"%s" is refused naming the field', (key) => {
    const e = thrown(() => parseCatalog({ extensionTypes: { t: { versions: [{ version: '1.0.0', kubernetes: { [key]: '>=1.0.0' } }] } } }, 'c.json'));
    expect(e.message).toBe('c.json: $.extensionTypes.t.versions[0].kubernetes: expected a semver range, or an object of semver ranges keyed by managedCluster, connectedCluster, provisionedCluster, * or connectedCluster/<distribution>');
  });
});

describe('policy: holds and constraints naming a type nobody offers or runs', () => {
  const policy = {
    ...defaultPolicy(),
    holds: [
      { extensionType: '*', clusterTags: {}, clusterIds: [] },
      { extensionType: 'Microsoft.Flux', clusterTags: {}, clusterIds: [] },
      { extensionType: 'microsoft.dapr', clusterTags: {}, clusterIds: [] },
      { extensionType: 'microsoft.nope', clusterTags: {}, clusterIds: [] },
    ],
    constraints: [
      { extensionType: 'MICROSOFT.DAPR', range: '<2' },
      { extensionType: 'microsoft.gone', range: '<2' },
    ],
  };
  it('warns for each, naming the policy path; types in the catalog or the snapshot pass', () => {
    const snapshot = fleet(cluster({}, [ext({ extensionType: 'Microsoft.Dapr' })]));
    expect(unknownPolicyTypes(policy, catalog([v('1.0.0')], 'microsoft.flux'), snapshot, 'policy.json')).toEqual([
      'policy.json: $.holds[3].extensionType: "microsoft.nope" is in neither the catalog nor the snapshot; it matches nothing',
      'policy.json: $.constraints[1].extensionType: "microsoft.gone" is in neither the catalog nor the snapshot; it matches nothing',
    ]);
  });
  it('a type only in the catalog (with upper case) passes', () => {
    const only = { ...policy, holds: [policy.holds[1]!], constraints: [] };
    expect(unknownPolicyTypes(only, { extensionTypes: { 'MICROSOFT.FLUX': { versions: [] } } }, fleet(), 'p')).toEqual([]);
  });
});
