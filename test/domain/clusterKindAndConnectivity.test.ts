/**
 * Issue 20 items 3 and 4, from the rules: a connected cluster of kind ProvisionedCluster (AKS on Azure Local) must satisfy
 * both its connected-cluster limit and the `provisionedCluster` limit (fail closed); every ARM connectivityStatus is
 * accepted and all but Connected wait as cluster-offline, keeping `to` and `path`.
 */
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { parseSnapshot } from '../../src/domain/schemas/snapshotSchema';
import { ARC, NOW, catalog, cluster, ext, fleet, v } from './planFixtures';
import type { Catalog, ClusterSnapshot, ConnectivityStatus } from '../../src/domain/model';

const upgraded = { id: ARC, kubernetesVersion: '1.30.1', reconciledKubernetesVersion: '1.29.4', connectivityStatus: 'Connected' as const };
const decide = (c: ClusterSnapshot, cat: Catalog) => planFleet(fleet(c), cat, { ...defaultPolicy(), allowMajor: false }, NOW)[0]!;

describe('AKS on Azure Local: kind ProvisionedCluster satisfies the connected-cluster and the provisionedCluster limits', () => {
  const FLUX = catalog([
    v('1.8.2'),
    v('1.9.1', { kubernetes: { connectedCluster: '*', provisionedCluster: '<1.30.0' } }),
    v('1.9.0', { kubernetes: { connectedCluster: '*', provisionedCluster: '*' } }),
  ]);

  it('a plain connected cluster takes the newest line its own limit allows', () => {
    expect(decide(cluster(upgraded), FLUX)).toMatchObject({ action: 'upgrade', to: '1.9.1' });
  });

  it.each(['ProvisionedCluster', 'provisionedcluster'])('kind %s is held back by the provisionedCluster limit', (kind) => {
    expect(decide(cluster({ ...upgraded, kind }), FLUX)).toMatchObject({ action: 'upgrade', to: '1.9.0' });
  });

  it('the connected-cluster limit still applies to it (per distribution as today)', () => {
    const cat = catalog([v('1.8.2'), v('1.9.0', { kubernetes: { connectedCluster: '*', 'connectedCluster/aks': '<1.30.0', provisionedCluster: '*' } })]);
    expect(decide(cluster({ ...upgraded, kind: 'ProvisionedCluster', distribution: 'AKS' }), cat)).toMatchObject({ action: 'none', code: 'up-to-date' });
    expect(decide(cluster({ ...upgraded, kind: 'ProvisionedCluster', distribution: 'k3s' }), cat)).toMatchObject({ action: 'upgrade', to: '1.9.0' });
  });

  it('fail closed: a version whose ranges name neither provisionedCluster nor * is not offered to it', () => {
    const cat = catalog([v('1.8.2'), v('1.9.0', { kubernetes: { connectedCluster: '*' } })]);
    expect(decide(cluster(upgraded), cat)).toMatchObject({ action: 'upgrade', to: '1.9.0' });
    expect(decide(cluster({ ...upgraded, kind: 'ProvisionedCluster' }), cat)).toMatchObject({ action: 'none' });
  });

  it('a * range covers both', () => {
    const cat = catalog([v('1.8.2'), v('1.9.0', { kubernetes: { '*': '>=1.30.0' } })]);
    expect(decide(cluster({ ...upgraded, kind: 'ProvisionedCluster' }), cat)).toMatchObject({ action: 'upgrade', to: '1.9.0' });
  });

  it('an installed version the provisionedCluster limit refuses is restored for it only', () => {
    const cat = catalog([v('1.8.2', { kubernetes: { connectedCluster: '*', provisionedCluster: '<1.30.0' } }), v('1.8.5')]);
    expect(decide(cluster({ ...upgraded, kind: 'ProvisionedCluster' }), cat)).toMatchObject({ action: 'upgrade', code: 'restore-compatibility', to: '1.8.5' });
    expect(decide(cluster(upgraded), cat)).toMatchObject({ code: 'patch-available' });
  });

  it('kind means nothing on a managed cluster', () => {
    const cat = catalog([v('1.8.2'), v('1.8.5', { kubernetes: { managedCluster: '*' } })]);
    expect(decide(cluster({ kind: 'ProvisionedCluster' }), cat)).toMatchObject({ action: 'upgrade', to: '1.8.5' });
  });

  it('the snapshot format carries kind', () => {
    const parsed = parseSnapshot({ clusters: [{ id: ARC, kubernetesVersion: '1.30.1', kind: 'ProvisionedCluster' }] }, 'f');
    expect(parsed.clusters[0]!.kind).toBe('ProvisionedCluster');
  });
});

describe('every ARM connectivityStatus', () => {
  const FLUX = catalog([v('1.8.2'), v('1.8.5')]);
  it.each<[ConnectivityStatus]>([['Connecting'], ['Offline'], ['Expired'], ['AgentNotInstalled']])('%s waits as cluster-offline, keeping to and path', (status) => {
    const d = decide(cluster({ id: ARC, connectivityStatus: status }, [ext()]), FLUX);
    expect(d).toMatchObject({ action: 'wait', code: 'cluster-offline', to: '1.8.5', path: ['1.8.5'], moveKind: 'patch' });
    expect(d.reason).toContain(status);
  });

  it('Connected moves', () => {
    expect(decide(cluster({ id: ARC, connectivityStatus: 'Connected' }), FLUX)).toMatchObject({ action: 'upgrade', to: '1.8.5' });
  });

  it.each(['Connecting', 'Connected', 'Offline', 'Expired', 'AgentNotInstalled'])('a snapshot file with %s parses', (status) => {
    expect(parseSnapshot({ clusters: [{ id: ARC, kubernetesVersion: '1.29', connectivityStatus: status }] }, 'f').clusters[0]!.connectivityStatus).toBe(status);
  });
});
