/**
 * planByCluster, the streamed form of planFleet: one run per cluster id, in id order, each run's decisions by
 * extension name, with the last snapshot entry of that id; concatenated, the runs are planFleet's output.
 */
import type { ClusterSnapshot, Decision } from '../../src/domain/model';
import { planByCluster, planFleet, summarize } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { AKS, ARC, NOW, catalog, cluster, ext, fleet, v } from './planFixtures';

const FLUX = catalog([v('1.8.2'), v('1.8.5')]);
const id = (name: string): string => AKS.replace(/aks-1$/, name);
const runs = (...clusters: ClusterSnapshot[]): { cluster: ClusterSnapshot; names: string[]; ids: string[] }[] =>
  [...planByCluster(fleet(...clusters), FLUX, defaultPolicy(), NOW)].map((r) => ({ cluster: r.cluster, names: r.decisions.map((d) => d.extensionName), ids: r.decisions.map((d) => d.clusterId) }));

describe('planByCluster', () => {
  it('yields nothing for an empty fleet', () => {
    expect(runs()).toEqual([]);
  });

  it('yields one run per cluster in id order, each with its decisions by extension name', () => {
    const c = cluster({ id: id('c') }, [ext({ name: 'zeta' }), ext({ name: 'alpha' }), ext({ name: 'mid' })]);
    const a = cluster({ id: id('a') }, [ext({ name: 'b' }), ext({ name: 'a' })]);
    const b = cluster({ id: id('b') }, [ext({ name: 'only' })]);
    expect(runs(c, a, b)).toEqual([
      { cluster: a, names: ['a', 'b'], ids: [id('a'), id('a')] },
      { cluster: b, names: ['only'], ids: [id('b')] },
      { cluster: c, names: ['alpha', 'mid', 'zeta'], ids: [id('c'), id('c'), id('c')] },
    ]);
  });

  it('a cluster with no extensions still has its (empty) run', () => {
    const empty = cluster({ id: id('a') }, []);
    const other = cluster({ id: id('b') });
    expect(runs(other, empty)).toEqual([
      { cluster: empty, names: [], ids: [] },
      { cluster: other, names: ['flux'], ids: [id('b')] },
    ]);
  });

  it('entries sharing an id form one run of all their extensions, carrying the last entry of that id', () => {
    const first = cluster({ id: id('a'), tags: { entry: 'first' } }, [ext({ name: 'x' })]);
    const between = cluster({ id: id('b') }, [ext({ name: 'y' })]);
    const last = cluster({ id: id('a'), tags: { entry: 'last' } }, [ext({ name: 'w' })]);
    const result = runs(first, between, last);
    expect(result.map((r) => r.names)).toEqual([['w', 'x'], ['y']]);
    expect(result[0]!.cluster).toBe(last);
    expect(result[1]!.cluster).toBe(between);
  });

  it('three entries of one id carry the last of them, whichever comes first in the snapshot', () => {
    const entries = ['one', 'two', 'three'].map((n) => cluster({ id: id('a'), tags: { entry: n } }, [ext({ name: n })]));
    const [only] = runs(...entries);
    expect(only!.cluster).toBe(entries[2]);
    expect(only!.names).toEqual(['one', 'three', 'two']);
  });

  it('ids sort by code unit (upper case before lower case), as planFleet sorts them', () => {
    const lower = cluster({ id: id('b') });
    const upper = cluster({ id: id('B') });
    expect(runs(lower, upper).map((r) => r.cluster)).toEqual([upper, lower]);
  });

  it('concatenated, the runs are planFleet, also for a cluster whose version is unusable', () => {
    const snapshot = fleet(
      cluster({ id: id('z') }, [ext({ name: 'b' }), ext({ name: 'a', version: '1.8.5' })]),
      cluster({ id: ARC, kubernetesVersion: '1.x' }),
      cluster({ id: id('a') }, [ext({ name: 'c', isSystemExtension: true })]),
    );
    const streamed: Decision[] = [...planByCluster(snapshot, FLUX, defaultPolicy(), NOW)].flatMap((r) => r.decisions);
    expect(streamed).toEqual(planFleet(snapshot, FLUX, defaultPolicy(), NOW));
    expect(streamed.map((d) => [d.clusterId, d.extensionName, d.code])).toEqual([
      [id('a'), 'c', 'system-extension'],
      [id('z'), 'a', 'up-to-date'],
      [id('z'), 'b', 'patch-available'],
      [ARC, 'flux', 'invalid-kubernetes-version'], // …/Microsoft.Kubernetes/… sorts after …/Microsoft.ContainerService/…
    ]);
  });
});

describe('summarize', () => {
  it('counts snapshot clusters, decisions, and decisions by action (absent actions left out)', () => {
    const snapshot = fleet(cluster({ id: id('a') }, [ext({ name: 'p' }), ext({ name: 'q' }), ext({ name: 's', isSystemExtension: true })]), cluster({ id: id('b') }, []));
    const decisions = planFleet(snapshot, FLUX, defaultPolicy(), NOW);
    expect(summarize(snapshot, decisions)).toEqual({ clusters: 2, extensions: 3, byAction: { upgrade: 2, skip: 1 } });
  });

  it('an empty plan has no actions', () => {
    expect(summarize(fleet(), [])).toEqual({ clusters: 0, extensions: 0, byAction: {} });
  });
});

describe('a cluster whose data makes the policy throw is its own error (issue 22)', () => {
  it('a Kubernetes version with a 17-digit component: error / invalid-kubernetes-version under its id; parseKubernetesVersion says null', async () => {
    const { parseKubernetesVersion } = await import('../../src/domain/versions');
    expect(parseKubernetesVersion('1.99999999999999999.0')).toBeNull();
    expect(parseKubernetesVersion('99999999999999999.1')).toBeNull();
    expect(parseKubernetesVersion('v1.29')?.version).toBe('1.29.0');
  });
  it('an extension list that is not what the schema promised: error / invalid-cluster for what can be read, the others planned', async () => {
    const { planFleet } = await import('../../src/domain/plan');
    const { defaultPolicy } = await import('../../src/domain/policySchema');
    const good = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/good', kubernetesVersion: '1.29.0', tags: {}, extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version: '1.0.0', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded' as const, isSystemExtension: false }] };
    const bad = { ...good, id: good.id.replace('good', 'bad'), extensions: [{ ...good.extensions[0]!, extensionType: null as unknown as string }] };
    const catalog = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.0.0', releaseTrain: 'stable' as const }] } } };
    const alone = planFleet({ clusters: [good] }, catalog, defaultPolicy(), new Date('2024-06-01T00:00:00Z'));
    const both = planFleet({ clusters: [good, bad] }, catalog, defaultPolicy(), new Date('2024-06-01T00:00:00Z'));
    expect(both.filter((d) => d.clusterId === good.id)).toEqual(alone);
    expect(both.filter((d) => d.clusterId === bad.id)).toEqual([
      expect.objectContaining({ clusterId: bad.id, extensionName: 'flux', extensionType: 'null', action: 'error', code: 'invalid-cluster', from: '1.0.0', to: null, path: [] }),
    ]);
    expect(both.find((d) => d.clusterId === bad.id)?.reason).toMatch(/^The cluster's data cannot be understood \(.+\): its extensions are not decided\.$/);
  });
});
