/**
 * Differential test: planFleet against the independent oracle (soak/oracle.ts, written from the README's rules)
 * on seeded random fleets, catalogs and policies. Every field but the human reason must agree.
 */
import fc from 'fast-check';
import type { Catalog, ClusterSnapshot, ExtensionSnapshot, Hold, Policy } from '../../src/domain/model';
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { oraclePlan } from '../../soak/oracle';
import { propertyRuns } from '../support/propertyRuns';
import { AKS, ARC, NOW } from './planFixtures';

const DAY = 86_400_000;
/** True about once in `n` draws. */
const oneIn = (n: number): fc.Arbitrary<boolean> => fc.integer({ min: 1, max: n }).map((x) => x === 1);
const core = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }));
const versionArb = fc
  .tuple(core, fc.constantFrom('', '', '', '-rc.1', '+build.7'), fc.constantFrom('', '', '', 'v'))
  .map(([[a, b, c], suffix, prefix]) => `${prefix}${a}.${b}.${c}${suffix}`);
const k8sRange = fc.integer({ min: 27, max: 31 }).chain((m) => fc.constantFrom(`>=1.${m}.0`, `<1.${m}.0`));
const kubernetesArb = fc.oneof(
  fc.constant(undefined),
  k8sRange,
  fc.record({ managedCluster: k8sRange, connectedCluster: k8sRange, 'connectedCluster/GKE': k8sRange, provisionedCluster: k8sRange, '*': k8sRange }, { requiredKeys: [] }),
);
const entryArb = fc.record({
  version: versionArb,
  releaseTrain: fc.constantFrom('stable' as const, 'stable' as const, 'preview' as const),
  releasedAt: fc.option(fc.integer({ min: -20, max: 2 }).map((d) => new Date(NOW.getTime() + d * DAY).toISOString()), { nil: undefined }),
  kubernetes: kubernetesArb,
  // issue 24: the regions whose live catalog lists the version (absent = a file's entry: everywhere)
  regions: fc.constantFrom(undefined, undefined, ['eastus'], ['westeurope'], ['eastus', 'westeurope']),
});
const catalogArb = fc.array(entryArb, { minLength: 1, maxLength: 14 }).map((versions): Catalog => ({
  extensionTypes: { 'microsoft.flux': { versions: versions.map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as unknown as Catalog['extensionTypes'][string]['versions'][number]) } },
}));
const extArb = fc
  .record({
    name: fc.constantFrom('flux', 'flux2', 'flux3', 'dapr'),
    version: fc.oneof({ arbitrary: versionArb, weight: 12 }, { arbitrary: fc.constant('1.x'), weight: 1 }),
    autoUpgradeMinorVersion: oneIn(5),
    autoUpgradeMode: fc.constantFrom(undefined, 'none' as const, 'patch' as const, 'compatible' as const),
    releaseTrain: fc.constantFrom('Stable', 'Preview'),
    provisioningState: fc.constantFrom('Succeeded' as const, 'Succeeded' as const, 'Succeeded' as const, 'Failed' as const, 'Updating' as const),
    isSystemExtension: oneIn(12),
    managedBy: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, '', '/owner'),
    usersDenied: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, true, false),
  })
  .map(({ usersDenied, managedBy, autoUpgradeMode, name, ...e }): ExtensionSnapshot => ({
    ...e,
    name,
    extensionType: name === 'dapr' ? 'microsoft.dapr' : 'Microsoft.Flux',
    ...(managedBy === undefined ? {} : { managedBy }),
    ...(autoUpgradeMode === undefined ? {} : { autoUpgradeMode }),
    ...(usersDenied === undefined ? {} : { managementDetails: { accessDetails: [{ entity: 'Users', allowedActions: usersDenied ? ['Read'] : ['Read', 'Write'] }] } }),
  }));
const k8sArb = fc.oneof(
  { arbitrary: fc.tuple(fc.integer({ min: 27, max: 31 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom('', '', '', '+k3s1', '-eks-a1b2c3d', '-gke.1031000')).map(([m, p, suffix]) => `1.${m}.${p}${suffix}`), weight: 10 },
  { arbitrary: fc.constantFrom('1.29', 'latest', '1.29.1-'), weight: 1 },
);
const clusterArb = fc
  .record({
    n: fc.integer({ min: 0, max: 30 }),
    arc: fc.boolean(),
    k8s: k8sArb,
    reconciled: fc.option(k8sArb, { nil: undefined }),
    distribution: fc.constantFrom(undefined, 'gke', 'k3s'),
    kind: fc.constantFrom(undefined, undefined, 'ProvisionedCluster'),
    connectivityStatus: fc.constantFrom(undefined, 'Connected' as const, 'Connected' as const, 'Offline' as const, 'AgentNotInstalled' as const, 'Connecting' as const),
    powerState: fc.constantFrom(undefined, 'Running', 'Stopped'),
    ring: fc.constantFrom('prod', 'canary'),
    location: fc.constantFrom(undefined, 'eastus', 'East US', 'westeurope'),
    extensions: fc.uniqueArray(extArb, { minLength: 1, maxLength: 4, selector: (e) => e.name }),
  })
  .map(({ n, arc, k8s, reconciled, distribution, kind, connectivityStatus, powerState, ring, location, extensions }): ClusterSnapshot => ({
    id: `${arc ? ARC : AKS}-${n}`,
    kubernetesVersion: k8s,
    ...(reconciled === undefined ? {} : { reconciledKubernetesVersion: reconciled }),
    ...(distribution === undefined ? {} : { distribution }),
    ...(kind === undefined ? {} : { kind }),
    ...(connectivityStatus === undefined ? {} : { connectivityStatus }),
    ...(powerState === undefined ? {} : { powerState }),
    ...(location === undefined ? {} : { location }),
    tags: { ring },
    extensions,
  }));
const policyArb = fc
  .record({
    allowMajor: fc.boolean(),
    stepMinors: fc.boolean(),
    minReleaseAgeDays: fc.constantFrom(0, 0, 3, 7, 20),
    managedTypes: fc.constantFrom<string[] | undefined>(undefined, ['microsoft.flux']),
    hold: fc.constantFrom<Hold | undefined>(undefined, { extensionType: 'microsoft.flux', clusterTags: { ring: 'prod' }, clusterIds: [] }, { extensionType: '*', clusterTags: {}, clusterIds: [`${ARC}-1`, `${AKS}-2`] }),
    constraint: fc.constantFrom(undefined, '<2.0.0', '<=1.2.0', '>=1.1.0'),
    supportedMinors: fc.constantFrom(undefined, 1, 2, 3),
  })
  .map(({ managedTypes, hold, constraint, supportedMinors, ...p }): Policy => ({
    ...defaultPolicy(),
    ...p,
    ...(managedTypes ? { extensionTypes: managedTypes } : {}),
    holds: hold ? [hold] : [],
    constraints: constraint ? [{ extensionType: 'MICROSOFT.FLUX', range: constraint }] : [],
    ...(supportedMinors === undefined ? {} : { supportWindows: [{ extensionType: 'microsoft.flux', supportedMinors }] }),
  }));

describe('planFleet agrees with the independent oracle (differential, seeded)', () => {
  it('on every field but the reason', () => {
    fc.assert(
      fc.property(fc.uniqueArray(clusterArb, { maxLength: 4, selector: (c) => c.id }), catalogArb, policyArb, (clusters, catalog, policy) => {
        const snapshot = { clusters };
        const actual = planFleet(snapshot, catalog, policy, NOW).map(({ reason: _reason, ...d }) => d);
        expect(actual).toEqual(oraclePlan({ snapshot, catalog, policy, now: NOW }));
      }),
      { seed: 11_2026, numRuns: propertyRuns(600) },
    );
  });
});
