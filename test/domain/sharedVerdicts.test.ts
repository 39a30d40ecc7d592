/**
 * The planner answers rules 6, 7 and 9 once per distinct context (type, installed version, train, compatibility key,
 * Kubernetes version, window) and shares the answer across a plan. Sharing must never change a decision: every
 * cluster planned among others decides exactly as it decides alone, whatever the order, and what belongs to one
 * cluster (its id, its hold, its connectivity, its extension's name) never leaks into another's decision.
 */
import fc from 'fast-check';
import type { Catalog, ClusterSnapshot, Decision, Policy } from '../../src/domain/model';
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { propertyRuns } from '../support/propertyRuns';
import { AKS, ARC, NOW, catalog, cluster, ext, fleet, v } from './planFixtures';

const policy = (over: Partial<Policy> = {}): Policy => ({ ...defaultPolicy(), ...over });

/** Each cluster planned alone, in the plan's order: what sharing must reproduce. */
function aloneEach(clusters: ClusterSnapshot[], cat: Catalog, p: Policy): Decision[] {
  return planFleet(fleet(...clusters), cat, p, NOW).map((d) => {
    const own = clusters.filter((c) => c.id === d.clusterId);
    return planFleet(fleet(...own), cat, p, NOW).find((x) => x.extensionName === d.extensionName)!;
  });
}

// 2.0.0-rc.1 is a prerelease (Preview-train extensions only); 1.10.0 needs Kubernetes 1.31 on GKE, any version elsewhere
const FLUX = catalog([v('1.8.2'), v('1.8.5'), v('1.9.1'), v('2.0.0-rc.1'), v('1.10.0', { kubernetes: { 'connectedCluster/gke': '>=1.31.0', '*': '>=1.0.0' } })]);

describe('shared verdicts: one context, several clusters', () => {
  it('a hold by cluster id applies to its cluster only, though both share one context', () => {
    const a = cluster({ id: `${AKS}-a` }, [ext({ name: 'flux-a' })]);
    const b = cluster({ id: `${AKS}-b` }, [ext({ name: 'flux-b' })]);
    const p = policy({ holds: [{ extensionType: 'microsoft.flux', clusterIds: [`${AKS}-b`], clusterTags: {}, reason: 'change freeze' }] });
    for (const order of [[a, b], [b, a]]) {
      const [da, db] = planFleet(fleet(...order), FLUX, p, NOW);
      expect(da).toMatchObject({ clusterId: `${AKS}-a`, extensionName: 'flux-a', action: 'upgrade', to: '1.8.5', code: 'patch-available', reason: 'Move 1.8.2 → 1.8.5: patch 1.8.5 is available on the 1.8 line.' });
      expect(db).toMatchObject({ clusterId: `${AKS}-b`, extensionName: 'flux-b', action: 'hold', to: '1.8.5', code: 'held-by-policy', reason: 'Held by policy (change freeze); would move to 1.8.5: patch 1.8.5 is available on the 1.8 line.' });
    }
  });

  it('an offline Arc cluster waits while a connected one with the same context moves', () => {
    const up = cluster({ id: `${ARC}-up`, connectivityStatus: 'Connected' });
    const down = cluster({ id: `${ARC}-down`, connectivityStatus: 'Offline' });
    for (const order of [[up, down], [down, up]]) {
      const byId = new Map(planFleet(fleet(...order), FLUX, policy(), NOW).map((d) => [d.clusterId, d]));
      expect(byId.get(`${ARC}-up`)).toMatchObject({ action: 'upgrade', code: 'patch-available', to: '1.8.5' });
      expect(byId.get(`${ARC}-down`)).toMatchObject({ action: 'wait', code: 'cluster-offline', to: '1.8.5', reason: 'The cluster is Offline; would move 1.8.2 → 1.8.5: patch 1.8.5 is available on the 1.8 line. Decided again when it is back.' });
    }
  });

  it('each decision owns its path: changing one leaves the others as planned', () => {
    const clusters = [cluster({ id: `${AKS}-1` }), cluster({ id: `${AKS}-2` })];
    const [first, second] = planFleet(fleet(...clusters), FLUX, policy(), NOW);
    (first!.path).push('9.9.9');
    expect(second!.path).toEqual(['1.8.5']);
  });

  type Expected = Pick<Decision, 'action' | 'to' | 'code' | 'reason'>;
  const OPEN = { kubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.29.0' };
  it.each<[string, Partial<Policy>, ClusterSnapshot, Expected, ClusterSnapshot, Expected]>([
    [
      'the installed version', {},
      cluster({ id: `${AKS}-1` }, [ext({ version: '1.8.2' })]), { action: 'upgrade', to: '1.8.5', code: 'patch-available', reason: 'Move 1.8.2 → 1.8.5: patch 1.8.5 is available on the 1.8 line.' },
      cluster({ id: `${AKS}-2` }, [ext({ version: '1.8.5' })]), { action: 'none', to: null, code: 'minor-waits-for-kubernetes-upgrade', reason: '1.8.5 is the newest allowed on its line; 1.10.0 waits for a Kubernetes minor upgrade of the cluster (now 1.29).' },
    ],
    [
      'the type as written (reasons quote it)', { constraints: [{ extensionType: 'microsoft.flux', range: '<1.8.5' }] },
      cluster({ id: `${AKS}-1` }, [ext({ extensionType: 'microsoft.flux' })]), { action: 'none', to: null, code: 'excluded-by-constraint', reason: "1.10.0 is excluded by the policy's constraints on microsoft.flux." },
      cluster({ id: `${AKS}-2` }, [ext({ extensionType: 'Microsoft.Flux' })]), { action: 'none', to: null, code: 'excluded-by-constraint', reason: "1.10.0 is excluded by the policy's constraints on Microsoft.Flux." },
    ],
    [
      'the release train', {},
      cluster({ id: `${AKS}-1` }, [ext({ version: '1.9.1', releaseTrain: 'Stable' })]), { action: 'none', to: null, code: 'minor-waits-for-kubernetes-upgrade', reason: '1.9.1 is the newest allowed on its line; 1.10.0 waits for a Kubernetes minor upgrade of the cluster (now 1.29).' },
      cluster({ id: `${AKS}-2` }, [ext({ version: '1.9.1', releaseTrain: 'Preview' })]), { action: 'none', to: null, code: 'minor-waits-for-kubernetes-upgrade', reason: '1.9.1 is the newest allowed on its line; 2.0.0-rc.1 waits for a Kubernetes minor upgrade of the cluster (now 1.29).' },
    ],
    [
      'the distribution (compatibility key)', {},
      cluster({ id: `${ARC}-1`, ...OPEN, distribution: 'gke', connectivityStatus: 'Connected' }), { action: 'upgrade', to: '1.9.1', code: 'kubernetes-minor-upgraded', reason: 'Move 1.8.2 → 1.9.1: the cluster moved to Kubernetes 1.30, which opens minor moves.' },
      cluster({ id: `${ARC}-2`, ...OPEN, distribution: 'k3s', connectivityStatus: 'Connected' }), { action: 'upgrade', to: '1.10.0', code: 'kubernetes-minor-upgraded', reason: 'Move 1.8.2 → 1.10.0: the cluster moved to Kubernetes 1.30, which opens minor moves.' },
    ],
    [
      'the Kubernetes version', {},
      cluster({ id: `${AKS}-1`, kubernetesVersion: '1.29.4' }, [ext({ version: '1.10.0' })]), { action: 'none', to: null, code: 'up-to-date', reason: '1.10.0 is the newest version allowed for Kubernetes 1.29.' },
      cluster({ id: `${AKS}-2`, kubernetesVersion: '1.30.1' }, [ext({ version: '1.10.0' })]), { action: 'none', to: null, code: 'up-to-date', reason: '1.10.0 is the newest version allowed for Kubernetes 1.30.' },
    ],
    [
      'the upgrade window', {},
      cluster({ id: `${AKS}-1`, ...OPEN }), { action: 'upgrade', to: '1.10.0', code: 'kubernetes-minor-upgraded', reason: 'Move 1.8.2 → 1.10.0: the cluster moved to Kubernetes 1.30, which opens minor moves.' },
      cluster({ id: `${AKS}-2`, kubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.30.0' }), { action: 'upgrade', to: '1.8.5', code: 'patch-available', reason: 'Move 1.8.2 → 1.8.5: patch 1.8.5 is available on the 1.8 line.' },
    ],
  ])('contexts differing only in %s are decided apart, in either order', (_what, over, one, first, other, second) => {
    for (const order of [[one, other], [other, one]]) {
      const byId = new Map(planFleet(fleet(...order), FLUX, policy(over), NOW).map((d) => [d.clusterId, d]));
      expect(byId.get(one.id)).toMatchObject(first);
      expect(byId.get(other.id)).toMatchObject(second);
    }
  });

  it('past the cap on shared verdicts (65,536) every extension is still decided by the rules', () => {
    // 70,000 distinct installed versions on one cluster: the first 65,536 contexts are filed, the rest decided alone
    const versions = Array.from({ length: 70_000 }, (_, i) => `1.8.${i + 6}`);
    const big = cluster({}, versions.map((version, i) => ext({ name: `e${String(i).padStart(5, '0')}`, version })));
    const decisions = planFleet(fleet(big), FLUX, policy(), NOW);
    expect(decisions).toHaveLength(70_000);
    const wrong = decisions.filter(
      (d, i) =>
        d.extensionName !== `e${String(i).padStart(5, '0')}` ||
        d.from !== versions[i] ||
        d.action !== 'none' ||
        d.code !== 'minor-waits-for-kubernetes-upgrade' ||
        d.reason !== `${versions[i]} is the newest allowed on its line; 1.10.0 waits for a Kubernetes minor upgrade of the cluster (now 1.29).`,
    );
    expect(wrong).toEqual([]);
  });

  it('(seeded) any fleet planned at once decides each cluster as planning it alone does', () => {
    const versionArb = fc.constantFrom('1.8.2', '1.8.5', '1.9.1', '1.10.0', '2.0.0-rc.1', 'v1.8.2', '1.7.0');
    const clusterArb = fc.record({
      arc: fc.boolean(),
      k8s: fc.constantFrom('1.29.4', '1.30.1', '1.31.0'),
      reconciled: fc.constantFrom(undefined, '1.29.0', '1.30.1'),
      distribution: fc.constantFrom(undefined, 'gke', 'k3s'),
      connectivity: fc.constantFrom(undefined, 'Connected', 'Offline'),
      tag: fc.constantFrom('canary', 'prod'),
      extensions: fc.array(fc.record({ version: versionArb, train: fc.constantFrom('Stable', 'Preview'), type: fc.constantFrom('microsoft.flux', 'Microsoft.Flux') }), { minLength: 1, maxLength: 3 }),
    });
    const p = policy({ stepMinors: true, holds: [{ extensionType: 'microsoft.flux', clusterTags: { ring: 'prod' }, clusterIds: [], reason: 'cert' }], constraints: [{ extensionType: 'microsoft.flux', range: '<1.10.0 || >=2.0.0-0' }] });
    fc.assert(
      fc.property(fc.array(clusterArb, { minLength: 1, maxLength: 8 }), (specs) => {
        const clusters = specs.map((s, i): ClusterSnapshot => ({
          id: `${s.arc ? ARC : AKS}-${i}`,
          kubernetesVersion: s.k8s,
          ...(s.reconciled ? { reconciledKubernetesVersion: s.reconciled } : {}),
          ...(s.arc && s.distribution ? { distribution: s.distribution } : {}),
          ...(s.arc && s.connectivity ? { connectivityStatus: s.connectivity } : {}),
          tags: { ring: s.tag },
          extensions: s.extensions.map((e, j) => ext({ name: `ext-${j}`, extensionType: e.type, version: e.version, releaseTrain: e.train })),
        }));
        expect(planFleet(fleet(...clusters), FLUX, p, NOW)).toEqual(aloneEach(clusters, FLUX, p));
      }),
      { seed: 20261129, numRuns: propertyRuns(200) },
    );
  });
});
