import fc from 'fast-check';
import { Range, SemVer, eq, satisfies, valid } from 'semver';
import type { Catalog, ClusterSnapshot, Policy } from '../../src/domain/model';
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { propertyRuns } from '../support/propertyRuns';
import { AKS, ARC, NOW } from './planFixtures';

const versionArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })).map(([a, b, c]) => `${a}.${b}.${c}`);
const k8sArb = fc.tuple(fc.constant(1), fc.integer({ min: 26, max: 32 }), fc.integer({ min: 0, max: 9 })).map(([a, b, c]) => `${a}.${b}.${c}`);
const rangeArb = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 26, max: 32 }).map((m) => `>=1.${m}.0`),
  fc.integer({ min: 26, max: 32 }).map((m) => `<1.${m}.0`),
  fc.record({ managedCluster: fc.integer({ min: 26, max: 32 }).map((m) => `>=1.${m}.0`), '*': fc.constant('<1.30.0') }),
);
const catalogArb = fc
  .array(fc.record({ version: versionArb, releaseTrain: fc.constantFrom('stable' as const, 'preview' as const), kubernetes: rangeArb }), { minLength: 1, maxLength: 12 })
  .map((versions): Catalog => ({ extensionTypes: { 'microsoft.flux': { versions: versions.map((x) => (x.kubernetes === undefined ? { version: x.version, releaseTrain: x.releaseTrain } : x)) } } }));
const clusterArb = fc
  .record({
    n: fc.integer({ min: 0, max: 50 }),
    arc: fc.boolean(),
    k8s: k8sArb,
    reconciled: fc.option(k8sArb, { nil: undefined }),
    version: versionArb,
    train: fc.constantFrom('Stable', 'Preview'),
  })
  .map(
    ({ n, arc, k8s, reconciled, version, train }): ClusterSnapshot => ({
      id: `${arc ? ARC : AKS}-${n}`,
      kubernetesVersion: k8s,
      ...(reconciled ? { reconciledKubernetesVersion: reconciled } : {}),
      tags: {},
      extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version, autoUpgradeMinorVersion: false, releaseTrain: train, provisioningState: 'Succeeded', isSystemExtension: false }],
    }),
  );
const policyArb = fc.record({ allowMajor: fc.boolean(), stepMinors: fc.boolean() }).map((p): Policy => ({ ...defaultPolicy(), ...p }));

/**
 * Compatibility read straight from the catalog text (not through the planner's index): every entry listing the version
 * must accept the cluster's Kubernetes version, by its range, its cluster type's range, or `*`; a version the catalog
 * does not list counts as compatible.
 */
function compatible(catalog: Catalog, version: string, cluster: ClusterSnapshot): boolean {
  const type = cluster.id.includes('/connectedClusters/') ? 'connectedCluster' : 'managedCluster';
  const entries = catalog.extensionTypes['microsoft.flux']!.versions.filter((e) => valid(e.version) && eq(e.version, version));
  return entries.every((e) => {
    const k = e.kubernetes;
    if (k === undefined) return true;
    const range = typeof k === 'string' ? k : (k[type] ?? k['*']);
    return range !== undefined && satisfies(cluster.kubernetesVersion, range);
  });
}

const PARAMS = { seed: 20241101, numRuns: propertyRuns(2000) };

describe('planFleet invariants (property-based)', () => {
  it('never a downgrade, never an incompatible hop, path ascending and ending at the target', () => {
    fc.assert(
      fc.property(fc.array(clusterArb, { maxLength: 5 }), catalogArb, policyArb, (clusters, catalog, policy) => {
        const unique = [...new Map(clusters.map((c) => [c.id, c])).values()];
        for (const d of planFleet({ clusters: unique }, catalog, policy, NOW)) {
          if (d.to === null) {
            expect(d.path).toEqual([]);
            continue;
          }
          const c = unique.find((x) => x.id === d.clusterId)!;
          expect(new SemVer(d.to).compare(d.from)).toBe(1);
          expect(d.path[d.path.length - 1]).toBe(d.to);
          let previous = new SemVer(d.from);
          for (const hop of d.path) {
            expect(new SemVer(hop).compare(previous)).toBe(1);
            expect(compatible(catalog, hop, c)).toBe(true);
            previous = new SemVer(hop);
          }
        }
      }),
      PARAMS,
    );
  });

  it('no cross-minor move while the upgrade window is closed; an incompatible installed version with nothing in its line is blocked', () => {
    fc.assert(
      fc.property(clusterArb, catalogArb, policyArb, (c, catalog, policy) => {
        const [d] = planFleet({ clusters: [c] }, catalog, policy, NOW);
        const k8s = new SemVer(c.kubernetesVersion);
        const reconciled = c.reconciledKubernetesVersion ? new SemVer(c.reconciledKubernetesVersion) : k8s;
        const windowOpen = k8s.major > reconciled.major || (k8s.major === reconciled.major && k8s.minor > reconciled.minor);
        if (!windowOpen && d!.to !== null) {
          const from = new SemVer(d!.from);
          const to = new SemVer(d!.to);
          expect([to.major, to.minor]).toEqual([from.major, from.minor]);
        }
        if (!compatible(catalog, c.extensions[0]!.version, c) && d!.to === null) expect(d!.action).toBe('blocked');
        if (!policy.allowMajor && d!.to !== null) expect(new SemVer(d!.to).major).toBe(new SemVer(d!.from).major);
      }),
      PARAMS,
    );
  });

  it('is deterministic and independent of input order', () => {
    fc.assert(
      fc.property(fc.array(clusterArb, { maxLength: 6 }), catalogArb, policyArb, (clusters, catalog, policy) => {
        const unique = [...new Map(clusters.map((c) => [c.id, c])).values()];
        const a = planFleet({ clusters: unique }, catalog, policy, NOW);
        const b = planFleet({ clusters: [...unique].reverse() }, { extensionTypes: { 'microsoft.flux': { versions: [...catalog.extensionTypes['microsoft.flux']!.versions].reverse() } } }, policy, NOW);
        expect(b).toEqual(a);
        const keys = a.map((d) => `${d.clusterId}\u0000${d.extensionName}`);
        expect(keys).toEqual([...keys].sort());
      }),
      PARAMS,
    );
  });

  it('a patch moves exactly when its Kubernetes range accepts the cluster', () => {
    fc.assert(
      fc.property(k8sArb, fc.integer({ min: 26, max: 32 }), fc.boolean(), (k8s, m, arc) => {
        const range = `>=1.${m}.0`;
        const catalog: Catalog = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.0.0', releaseTrain: 'stable' }, { version: '1.0.1', releaseTrain: 'stable', kubernetes: range }] } } };
        const c: ClusterSnapshot = { id: arc ? ARC : AKS, kubernetesVersion: k8s, tags: {}, extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version: '1.0.0', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false }] };
        const [d] = planFleet({ clusters: [c] }, catalog, defaultPolicy(), NOW);
        expect(d!.to).toBe(new Range(range).test(k8s) ? '1.0.1' : null);
      }),
      { seed: 7, numRuns: propertyRuns(500) },
    );
  });
});
