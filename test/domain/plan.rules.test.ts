import { planFleet, summarize } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { Catalog, ClusterSnapshot, Policy } from '../../src/domain/model';
import { AKS, ARC, NOW, catalog, cluster, ext, fleet, v } from './planFixtures';

const FLUX = catalog([
  v('1.7.0'),
  v('1.8.2'),
  v('1.8.5'),
  v('1.9.1', { kubernetes: '>=1.27.0' }),
  v('1.10.0'),
  v('1.10.1'),
  v('1.11.0-rc.1', { releaseTrain: 'preview' }),
  v('2.0.0'),
]);

function decide(c: ClusterSnapshot, cat: Catalog = FLUX, policy: Partial<Policy> = {}, now = NOW) {
  const decisions = planFleet(fleet(c), cat, { ...defaultPolicy(), ...policy }, now);
  expect(decisions).toHaveLength(c.extensions.length);
  return decisions[0]!;
}

describe('planFleet: the ordered rules', () => {
  const upgraded = { kubernetesVersion: '1.30.1', reconciledKubernetesVersion: '1.29.4' };
  const cases: { name: string; c: ClusterSnapshot; cat?: Catalog; policy?: Partial<Policy>; expected: Record<string, unknown> }[] = [
    { name: 'system extension is skipped', c: cluster({}, [ext({ isSystemExtension: true })]), expected: { action: 'skip', code: 'system-extension', to: null, moveKind: null, path: [] } },
    { name: 'type outside policy.extensionTypes is not managed', c: cluster(), policy: { extensionTypes: ['microsoft.dapr'] }, expected: { action: 'skip', code: 'not-managed' } },
    { name: 'type compared case-insensitively with the policy', c: cluster({}, [ext({ extensionType: 'Microsoft.Flux' })]), policy: { extensionTypes: ['microsoft.flux'] }, expected: { action: 'upgrade' } },
    { name: 'type missing from the catalog', c: cluster({}, [ext({ extensionType: 'microsoft.dapr' })]), expected: { action: 'skip', code: 'not-in-catalog' } },
    { name: 'unparseable cluster version is an error', c: cluster({ kubernetesVersion: '1.x' }), expected: { action: 'error', code: 'invalid-kubernetes-version' } },
    { name: 'unparseable reconciled version is an error', c: cluster({ reconciledKubernetesVersion: 'latest' }), expected: { action: 'error', code: 'invalid-kubernetes-version' } },
    { name: 'installed version not semver is an error', c: cluster({}, [ext({ version: '1.8' })]), expected: { action: 'error', code: 'invalid-version', from: '1.8' } },
    { name: 'Updating waits', c: cluster({}, [ext({ provisioningState: 'Updating' })]), expected: { action: 'wait', code: 'operation-in-progress' } },
    { name: 'Creating waits', c: cluster({}, [ext({ provisioningState: 'Creating' })]), expected: { action: 'wait', code: 'operation-in-progress' } },
    { name: 'Deleting waits', c: cluster({}, [ext({ provisioningState: 'Deleting' })]), expected: { action: 'wait', code: 'operation-in-progress' } },
    { name: 'Failed state is still decided', c: cluster({}, [ext({ provisioningState: 'Failed' })]), expected: { action: 'upgrade', to: '1.8.5' } },
    { name: 'auto-upgrade is left to the platform', c: cluster({}, [ext({ autoUpgradeMinorVersion: true })]), expected: { action: 'hold', code: 'platform-auto-upgrade' } },
    { name: 'closed window: patch within the installed line', c: cluster(), expected: { action: 'upgrade', code: 'patch-available', to: '1.8.5', moveKind: 'patch', path: ['1.8.5'], from: '1.8.2' } },
    { name: 'leading v in the installed version is accepted and kept in from', c: cluster({}, [ext({ version: 'v1.8.2' })]), expected: { action: 'upgrade', from: 'v1.8.2', to: '1.8.5' } },
    { name: 'X.Y cluster version means X.Y.0', c: cluster({ kubernetesVersion: '1.30', reconciledKubernetesVersion: '1.29.9' }), expected: { action: 'upgrade', to: '2.0.0', moveKind: 'major' } },
    { name: 'open window: highest candidate, major allowed by default', c: cluster(upgraded), expected: { action: 'upgrade', code: 'kubernetes-minor-upgraded', to: '2.0.0', moveKind: 'major', path: ['2.0.0'] } },
    { name: 'open window without allowMajor: highest minor', c: cluster(upgraded), policy: { allowMajor: false }, expected: { action: 'upgrade', code: 'kubernetes-minor-upgraded', to: '1.10.1', moveKind: 'minor' } },
    { name: 'stepMinors walks every line between', c: cluster(upgraded), policy: { allowMajor: false, stepMinors: true }, expected: { path: ['1.9.1', '1.10.1'], to: '1.10.1' } },
    { name: 'stepMinors stops at a catalog line with no allowed version (1.11 is preview only)', c: cluster(upgraded), policy: { stepMinors: true }, expected: { path: ['1.9.1', '1.10.1'], to: '1.10.1' } },
    { name: 'preview train sees preview versions', c: cluster(upgraded, [ext({ releaseTrain: 'preview' })]), policy: { allowMajor: false }, expected: { to: '1.11.0-rc.1' } },
    { name: 'stable train ignores preview versions', c: cluster(upgraded, [ext({ releaseTrain: 'STABLE' })]), policy: { allowMajor: false }, expected: { to: '1.10.1' } },
    { name: 'up to date on its line with nothing newer', c: cluster({}, [ext({ version: '2.0.0' })]), expected: { action: 'none', code: 'up-to-date', to: null } },
    { name: 'newer line waits for a Kubernetes upgrade', c: cluster({}, [ext({ version: '1.8.5' })]), expected: { action: 'none', code: 'minor-waits-for-kubernetes-upgrade' } },
    { name: 'open window but only a major candidate without allowMajor', c: cluster(upgraded, [ext({ version: '1.10.1' })]), policy: { allowMajor: false }, expected: { action: 'none', code: 'major-not-allowed' } },
    {
      name: 'hold matches by type and tag and keeps the target',
      c: cluster({ tags: { Ring: 'prod' } }),
      policy: { holds: [{ extensionType: 'MICROSOFT.FLUX', clusterTags: { ring: 'prod' }, clusterIds: [], reason: 'freeze' }] },
      expected: { action: 'hold', code: 'held-by-policy', to: '1.8.5', moveKind: 'patch', path: ['1.8.5'] },
    },
    { name: 'hold with another tag value does not match', c: cluster({ tags: { ring: 'canary' } }), policy: { holds: [{ extensionType: '*', clusterTags: { ring: 'prod' }, clusterIds: [] }] }, expected: { action: 'upgrade' } },
    { name: 'hold by cluster id, case-insensitive', c: cluster(), policy: { holds: [{ extensionType: '*', clusterTags: {}, clusterIds: [AKS.toUpperCase()] }] }, expected: { action: 'hold' } },
    { name: 'hold listing other cluster ids does not match', c: cluster(), policy: { holds: [{ extensionType: '*', clusterTags: {}, clusterIds: [ARC] }] }, expected: { action: 'upgrade' } },
    { name: 'constraint range caps the target', c: cluster(upgraded), policy: { constraints: [{ extensionType: 'microsoft.flux', range: '<1.10.0' }] }, expected: { to: '1.9.1', moveKind: 'minor' } },
    { name: 'constraint on another type is ignored', c: cluster(upgraded), policy: { constraints: [{ extensionType: 'microsoft.dapr', range: '<1.0.0' }] }, expected: { to: '2.0.0' } },
    { name: 'constraint admits prereleases on the preview train', c: cluster(upgraded, [ext({ releaseTrain: 'Preview' })]), policy: { constraints: [{ extensionType: 'microsoft.flux', range: '<2.0.0' }] }, expected: { to: '1.11.0-rc.1' } },
    {
      name: 'installed incompatible: restore within the line',
      c: cluster({ kubernetesVersion: '1.31.0' }, [ext({ version: '1.8.2' })]),
      cat: catalog([v('1.8.2', { kubernetes: '<1.31.0' }), v('1.8.6'), v('1.9.0')]),
      expected: { action: 'upgrade', code: 'restore-compatibility', to: '1.8.6', moveKind: 'patch' },
    },
    {
      name: 'installed incompatible, nothing allowed in the line: blocked',
      c: cluster({ kubernetesVersion: '1.31.0' }),
      cat: catalog([v('1.8.2', { kubernetes: '<1.31.0' }), v('1.9.0')]),
      expected: { action: 'blocked', code: 'incompatible-no-allowed-version', to: null },
    },
    {
      name: 'installed missing from the catalog counts as compatible',
      c: cluster({}, [ext({ version: '1.8.3' })]),
      cat: catalog([v('1.8.2'), v('1.9.0')]),
      expected: { action: 'none', code: 'minor-waits-for-kubernetes-upgrade' },
    },
    {
      name: 'compatibility by cluster type with * fallback (Arc)',
      c: cluster({ id: ARC }),
      cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { managedCluster: '>=1.0.0', '*': '<1.29.0' } }), v('1.8.4', { kubernetes: { connectedCluster: '>=1.29.0' } })]),
      expected: { to: '1.8.4' },
    },
    {
      name: 'object without the cluster type nor * does not offer the version',
      c: cluster({ id: ARC }),
      cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { managedCluster: '>=1.0.0' } })]),
      expected: { action: 'none', code: 'up-to-date' },
    },
    {
      name: 'minReleaseAgeDays filters young versions; versions without releasedAt pass',
      c: cluster(),
      cat: catalog([v('1.8.2'), v('1.8.4'), v('1.8.5', { releasedAt: '2024-12-30T00:00:00Z' }), v('1.8.3', { releasedAt: '2024-12-01T00:00:00Z' })]),
      policy: { minReleaseAgeDays: 7 },
      expected: { to: '1.8.4' },
    },
    {
      name: 'a version listed twice is compatible only where every entry says so',
      c: cluster(),
      cat: catalog([v('1.8.2'), v('1.8.5'), v('1.8.5', { kubernetes: '<1.29.0' }), v('v1.8.4')]),
      expected: { to: 'v1.8.4' },
    },
    {
      name: 'a date-only releasedAt counts from midnight UTC',
      c: cluster(),
      cat: catalog([v('1.8.2'), v('1.8.4', { releasedAt: '2024-12-25' }), v('1.8.5', { releasedAt: '2024-12-26' })]),
      policy: { minReleaseAgeDays: 6.5 },
      expected: { to: '1.8.4' },
    },
    { name: 'incompatible target is never chosen', c: cluster(upgraded), cat: catalog([v('1.8.2'), v('1.9.0', { kubernetes: '<1.30.0' }), v('1.8.9', { kubernetes: '<1.30.0' })]), expected: { action: 'none', code: 'up-to-date' } },
  ];

  it.each(cases)('$name', ({ c, cat, policy, expected }) => {
    expect(decide(c, cat, policy)).toMatchObject(expected);
  });

  it('first sight: absent reconciled version counts as equal, so only patches move', () => {
    expect(decide(cluster({ kubernetesVersion: '1.31.0' }))).toMatchObject({ code: 'patch-available', to: '1.8.5' });
  });

  it('reports a human reason naming the versions', () => {
    expect(decide(cluster()).reason).toContain('1.8.5');
  });
});

describe('planFleet: output', () => {
  it('sorts by cluster id then extension name and summarises by action', () => {
    const b = cluster({ id: AKS.replace('aks-1', 'aks-2') }, [ext({ name: 'z' }), ext({ name: 'a', isSystemExtension: true })]);
    const a = cluster({ id: AKS }, [ext({ name: 'm' })]);
    const snapshot = fleet(b, a);
    const decisions = planFleet(snapshot, FLUX, defaultPolicy(), NOW);
    expect(decisions.map((d) => `${d.clusterId.slice(-5)}/${d.extensionName}`)).toEqual(['aks-1/m', 'aks-2/a', 'aks-2/z']);
    expect(summarize(snapshot, decisions)).toEqual({ clusters: 2, extensions: 3, byAction: { upgrade: 2, skip: 1 } });
  });

  it('never mutates its inputs', () => {
    const snapshot = fleet(cluster());
    const copy = JSON.parse(JSON.stringify(snapshot));
    planFleet(snapshot, FLUX, defaultPolicy(), NOW);
    expect(snapshot).toEqual(copy);
  });
});

describe('planFleet: decision shape', () => {
  const ORDER = ['clusterId', 'extensionName', 'extensionType', 'action', 'from', 'to', 'moveKind', 'path', 'code', 'reason'];
  it.each([
    ['upgrade', cluster(), {}],
    ['hold', cluster(), { holds: [{ extensionType: '*', clusterTags: {}, clusterIds: [] }] }],
    ['none', cluster({}, [ext({ version: '2.0.0' })]), {}],
  ] as const)('a %s decision has the fields of the contract, in its order', (action, c, policy) => {
    const d = decide(c, FLUX, policy as Partial<Policy>);
    expect(d.action).toBe(action);
    expect(Object.keys(d)).toEqual(ORDER);
  });
});
