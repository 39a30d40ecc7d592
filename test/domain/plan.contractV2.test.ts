/**
 * Plan contract v2, rule by rule and code by code: each case states the decision's fields and its reason text, worked
 * out by hand from the README's rules (never from the code under test).
 */
import type { Catalog, ClusterSnapshot, Decision, Policy } from '../../src/domain/model';
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { AKS, ARC, NOW, catalog, cluster, ext, fleet, v } from './planFixtures';

const FLUX = catalog([v('1.7.0'), v('1.8.2'), v('1.8.5'), v('1.9.1', { kubernetes: '>=1.27.0' }), v('1.10.0'), v('1.10.1'), v('1.11.0-rc.1', { releaseTrain: 'preview' }), v('2.0.0')]);
const UPGRADED = { kubernetesVersion: '1.30.1', reconciledKubernetesVersion: '1.29.4' };
const PATCH_REASON = 'patch 1.8.5 is available on the 1.8 line';
const DAY = 86_400_000;
const daysBefore = (days: number, ms = 0): string => new Date(NOW.getTime() - days * DAY + ms).toISOString();

function decide(c: ClusterSnapshot, cat: Catalog = FLUX, policy: Partial<Policy> = {}): Decision {
  const decisions = planFleet(fleet(c), cat, { ...defaultPolicy(), ...policy }, NOW);
  expect(decisions).toHaveLength(1);
  return decisions[0]!;
}

interface Case {
  name: string;
  c: ClusterSnapshot;
  cat?: Catalog;
  policy?: Partial<Policy>;
  expected: Partial<Decision>;
}

const noTarget = { to: null, moveKind: null, path: [] };

const cases: Case[] = [
  // rule 1
  { name: 'a system extension is skipped, even when managed by another resource', c: cluster({}, [ext({ isSystemExtension: true, managedBy: '/x' })]), expected: { action: 'skip', code: 'system-extension', reason: 'System extensions are managed by the platform.', ...noTarget } },
  // rule 2
  { name: 'managedBy makes it managed', c: cluster({}, [ext({ managedBy: '/subscriptions/s/providers/Microsoft.Foo/owners/o' })]), expected: { action: 'skip', code: 'managed-extension', reason: 'Managed by /subscriptions/s/providers/Microsoft.Foo/owners/o: read, never written.', ...noTarget } },
  { name: 'an empty managedBy is not managed', c: cluster({}, [ext({ managedBy: '' })]), expected: { action: 'upgrade', code: 'patch-available' } },
  { name: 'managementDetails giving Users only Read make it managed', c: cluster({}, [ext({ managementDetails: { category: 'x', accessDetails: [{ entity: 'Users', allowedActions: ['Read'] }] } })]), expected: { action: 'skip', code: 'managed-extension', reason: 'Its managementDetails do not allow users to Write: read, never written.' } },
  { name: 'entity and actions compare case-insensitively (USERS, read)', c: cluster({}, [ext({ managementDetails: { accessDetails: [{ entity: 'USERS', allowedActions: ['read'] }] } })]), expected: { code: 'managed-extension' } },
  { name: 'Users with no allowedActions cannot Write', c: cluster({}, [ext({ managementDetails: { accessDetails: [{ entity: 'users' }] } })]), expected: { code: 'managed-extension' } },
  { name: 'Users allowed to write (any case) are not managed', c: cluster({}, [ext({ managementDetails: { accessDetails: [{ entity: 'Users', allowedActions: ['Read', 'WRITE'] }] } })]), expected: { action: 'upgrade' } },
  { name: 'another entity denied Write does not make it managed', c: cluster({}, [ext({ managementDetails: { accessDetails: [{ entity: 'Admins', allowedActions: ['Read'] }] } })]), expected: { action: 'upgrade' } },
  { name: 'a later Users entry denying Write makes it managed', c: cluster({}, [ext({ managementDetails: { accessDetails: [{ entity: 'Admins', allowedActions: ['Read'] }, { entity: 'Users', allowedActions: ['Delete'] }] } })]), expected: { code: 'managed-extension' } },
  { name: 'managed-extension comes before not-managed', c: cluster({}, [ext({ managedBy: '/o' })]), policy: { extensionTypes: ['microsoft.dapr'] }, expected: { code: 'managed-extension' } },
  // rule 3
  { name: 'a type outside policy.extensionTypes', c: cluster(), policy: { extensionTypes: ['microsoft.dapr'] }, expected: { action: 'skip', code: 'not-managed', reason: "Extension type microsoft.flux is not in the policy's extensionTypes.", ...noTarget } },
  { name: 'a type missing from the catalog', c: cluster({}, [ext({ extensionType: 'microsoft.dapr' })]), expected: { action: 'skip', code: 'not-in-catalog', reason: 'Extension type microsoft.dapr is not in the catalog.' } },
  { name: 'not-in-catalog comes before an invalid cluster version', c: cluster({ kubernetesVersion: 'latest' }, [ext({ extensionType: 'microsoft.dapr' })]), expected: { code: 'not-in-catalog' } },
  // rule 4
  ...['1.29.4-', '1.28.5 k3s', '', 'latest', '1.29.4.1', 'x1.29', '1.29.', '1', '1.29.4 extra'].map(
    (k): Case => ({ name: `Kubernetes version "${k}" is an error under the cluster's own id`, c: cluster({ kubernetesVersion: k }), expected: { clusterId: AKS, action: 'error', code: 'invalid-kubernetes-version', reason: `Kubernetes version "${k}" is not X.Y or X.Y.Z.`, ...noTarget } }),
  ),
  ...['1.29', 'v1.29.4', ' 1.29.4 ', '1.29.04', '12.3', 'v1.29.4+k3s1', '1.29.4-eks-a1b2c3d', '1.29.8-gke.1031000'].map((k): Case => ({ name: `Kubernetes version "${k}" is usable`, c: cluster({ kubernetesVersion: k }), expected: { action: 'upgrade', to: '1.8.5' } })),
  { name: 'an unusable reconciled version is an error', c: cluster({ reconciledKubernetesVersion: '1.29.x' }), expected: { clusterId: AKS, action: 'error', code: 'invalid-kubernetes-version', reason: 'Reconciled Kubernetes version "1.29.x" is not X.Y or X.Y.Z.' } },
  { name: 'an id that names no cluster is an error under that id', c: cluster({ id: '/subscriptions/s/resourceGroups/rg' }), expected: { clusterId: '/subscriptions/s/resourceGroups/rg', code: 'invalid-kubernetes-version', reason: 'Cluster id "/subscriptions/s/resourceGroups/rg" names no managed, connected or provisioned cluster.' } },
  { name: 'an installed version that is not semver', c: cluster({}, [ext({ version: '1.8' })]), expected: { action: 'error', code: 'invalid-version', from: '1.8', reason: 'Installed version "1.8" is not valid semver.', ...noTarget } },
  { name: 'invalid-kubernetes-version comes before invalid-version', c: cluster({ kubernetesVersion: 'latest' }, [ext({ version: '1.8' })]), expected: { code: 'invalid-kubernetes-version' } },
  // rule 5
  { name: 'Updating waits', c: cluster({}, [ext({ provisioningState: 'Updating', autoUpgradeMinorVersion: true })]), expected: { action: 'wait', code: 'operation-in-progress', reason: 'The extension is Updating; decide again when it settles.', ...noTarget } },
  { name: 'Creating waits', c: cluster({}, [ext({ provisioningState: 'Creating' })]), expected: { code: 'operation-in-progress', reason: 'The extension is Creating; decide again when it settles.' } },
  { name: 'Deleting waits', c: cluster({}, [ext({ provisioningState: 'Deleting' })]), expected: { code: 'operation-in-progress' } },
  { name: 'Failed and Canceled are decided', c: cluster({}, [ext({ provisioningState: 'Canceled' })]), expected: { action: 'upgrade' } },
  { name: 'autoUpgradeMinorVersion without a mode is the platform\'s', c: cluster({}, [ext({ autoUpgradeMinorVersion: true })]), expected: { action: 'hold', code: 'platform-auto-upgrade', reason: 'autoUpgradeMinorVersion is on: the platform moves this extension.', ...noTarget } },
  { name: 'mode compatible with auto-upgrade is the platform\'s', c: cluster({}, [ext({ autoUpgradeMinorVersion: true, autoUpgradeMode: 'compatible' })]), expected: { code: 'platform-auto-upgrade', reason: 'autoUpgradeMinorVersion is on: the platform moves this extension.' } },
  { name: 'mode patch with auto-upgrade is the platform\'s', c: cluster({}, [ext({ autoUpgradeMinorVersion: true, autoUpgradeMode: 'patch' })]), expected: { code: 'platform-auto-upgrade', reason: 'autoUpgradeMinorVersion is on: the platform moves this extension.' } },
  { name: 'the legacy flag on still lets the platform move it, even in mode none', c: cluster({}, [ext({ autoUpgradeMinorVersion: true, autoUpgradeMode: 'none' })]), expected: { action: 'hold', code: 'platform-auto-upgrade' } },
  { name: 'a pinned version reporting mode compatible (the service default) is the policy\'s, the mode named', c: cluster({}, [ext({ autoUpgradeMode: 'compatible' })]), expected: { action: 'upgrade', code: 'patch-available', reason: 'Move 1.8.2 → 1.8.5: patch 1.8.5 is available on the 1.8 line. (autoUpgradeMode reports "compatible", but the extension is pinned (autoUpgradeMinorVersion false): the policy decides, and a move writes autoUpgradeMode "none".)' } },
  { name: 'a pinned version in mode none is the app\'s', c: cluster({}, [ext({ autoUpgradeMode: 'none' })]), expected: { action: 'upgrade' } },
  // rule 6
  { name: 'a prerelease listed as stable is no candidate on the Stable train', c: cluster({}, [ext()]), cat: catalog([v('1.8.2'), v('1.8.6-rc.1')]), expected: { action: 'none', code: 'up-to-date' } },
  { name: 'the Preview train sees a prerelease listed as stable', c: cluster({}, [ext({ releaseTrain: 'Preview' })]), cat: catalog([v('1.8.2'), v('1.8.6-rc.1')]), expected: { action: 'upgrade', to: '1.8.6-rc.1' } },
  { name: 'the Stable train never sees a preview-train entry', c: cluster(UPGRADED, [ext({ version: '1.10.1' })]), policy: { allowMajor: false }, expected: { action: 'none', code: 'major-not-allowed' } },
  { name: 'a version exactly minReleaseAgeDays old is old enough', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5', { releasedAt: daysBefore(7) })]), policy: { minReleaseAgeDays: 7 }, expected: { action: 'upgrade', to: '1.8.5' } },
  {
    name: 'a version one millisecond too young waits',
    c: cluster(),
    cat: catalog([v('1.8.2'), v('1.8.5', { releasedAt: daysBefore(7, 1) })]),
    policy: { minReleaseAgeDays: 7 },
    expected: { action: 'wait', code: 'release-too-young', reason: '1.8.5 is younger than minReleaseAgeDays (7); the move to 1.8.5 waits until it is old enough.', ...noTarget },
  },
  { name: 'every constraint must hold', c: cluster(UPGRADED), policy: { constraints: [{ extensionType: 'microsoft.flux', range: '<2.0.0' }, { extensionType: 'MICROSOFT.FLUX', range: '<1.10.0' }] }, expected: { to: '1.9.1' } },
  // rule 7
  {
    name: 'stepMinors walks every catalog line, the highest allowed of each',
    c: cluster(UPGRADED),
    cat: catalog([v('1.8.2'), v('1.9.0'), v('1.9.3'), v('1.10.0'), v('1.10.2'), v('1.11.1')]),
    policy: { stepMinors: true },
    expected: { action: 'upgrade', code: 'kubernetes-minor-upgraded', to: '1.11.1', moveKind: 'minor', path: ['1.9.3', '1.10.2', '1.11.1'], reason: 'Move 1.8.2 → 1.11.1: the cluster moved to Kubernetes 1.30, which opens minor moves.' },
  },
  {
    name: 'stepMinors stops at an incompatible line: the target is the last line reached',
    c: cluster(UPGRADED),
    cat: catalog([v('1.8.2'), v('1.9.0'), v('1.9.3'), v('1.10.2', { kubernetes: '<1.30.0' }), v('1.11.1')]),
    policy: { stepMinors: true },
    expected: { action: 'upgrade', to: '1.9.3', moveKind: 'minor', path: ['1.9.3'] },
  },
  {
    name: 'stepMinors that cannot leave the installed line takes its highest patch',
    c: cluster(UPGRADED),
    cat: catalog([v('1.8.2'), v('1.8.4'), v('1.9.0', { kubernetes: '<1.30.0' }), v('1.10.0')]),
    policy: { stepMinors: true },
    expected: { action: 'upgrade', code: 'patch-available', to: '1.8.4', moveKind: 'patch', path: ['1.8.4'], reason: 'Move 1.8.2 → 1.8.4: patch 1.8.4 is available on the 1.8 line.' },
  },
  {
    name: 'stepMinors with nothing on the next line and no patch: step-path-gap',
    c: cluster(UPGRADED),
    cat: catalog([v('1.8.2'), v('1.9.0', { kubernetes: '<1.30.0' }), v('1.10.0')]),
    policy: { stepMinors: true },
    expected: { action: 'none', code: 'step-path-gap', reason: 'stepMinors: the 1.9 line offers no allowed version, so 1.8.2 cannot step towards 1.10.0.', ...noTarget },
  },
  {
    name: 'a line in the walk that is only too young: release-too-young, not a gap',
    c: cluster(UPGRADED),
    cat: catalog([v('1.8.2'), v('1.9.0', { releasedAt: daysBefore(1) }), v('1.10.0')]),
    policy: { stepMinors: true, minReleaseAgeDays: 3 },
    expected: { action: 'wait', code: 'release-too-young', reason: '1.9.0 is younger than minReleaseAgeDays (3); the move to 1.10.0 waits until it is old enough.' },
  },
  { name: 'stepMinors also steps into the next major', c: cluster(UPGRADED), cat: catalog([v('1.8.2'), v('1.9.0'), v('2.0.1'), v('2.0.0')]), policy: { stepMinors: true }, expected: { to: '2.0.1', moveKind: 'major', path: ['1.9.0', '2.0.1'] } },
  // rule 8
  { name: 'a patch move', c: cluster(), expected: { action: 'upgrade', code: 'patch-available', from: '1.8.2', to: '1.8.5', moveKind: 'patch', path: ['1.8.5'], reason: `Move 1.8.2 → 1.8.5: ${PATCH_REASON}.` } },
  { name: 'an open window moves to the highest candidate', c: cluster(UPGRADED), expected: { action: 'upgrade', code: 'kubernetes-minor-upgraded', to: '2.0.0', moveKind: 'major', path: ['2.0.0'], reason: 'Move 1.8.2 → 2.0.0: the cluster moved to Kubernetes 1.30, which opens major moves.' } },
  {
    name: 'an incompatible installed version is restored',
    c: cluster({ kubernetesVersion: '1.31.0' }),
    cat: catalog([v('1.8.2', { kubernetes: '<1.31.0' }), v('1.8.6'), v('1.9.0')]),
    expected: { action: 'upgrade', code: 'restore-compatibility', to: '1.8.6', moveKind: 'patch', reason: 'Move 1.8.2 → 1.8.6: 1.8.2 does not support Kubernetes 1.31.0; 1.8.6 does.' },
  },
  { name: 'a hold keeps the target and says why', c: cluster({ tags: { Ring: 'prod' } }), policy: { holds: [{ extensionType: 'MICROSOFT.FLUX', clusterTags: { ring: 'prod' }, clusterIds: [], reason: 'freeze' }] }, expected: { action: 'hold', code: 'held-by-policy', to: '1.8.5', moveKind: 'patch', path: ['1.8.5'], reason: `Held by policy (freeze); would move to 1.8.5: ${PATCH_REASON}.` } },
  { name: 'a hold without a reason', c: cluster(), policy: { holds: [{ extensionType: '*', clusterTags: {}, clusterIds: [] }] }, expected: { code: 'held-by-policy', reason: `Held by policy; would move to 1.8.5: ${PATCH_REASON}.` } },
  { name: 'a hold for another type does not match', c: cluster(), policy: { holds: [{ extensionType: 'microsoft.dapr', clusterTags: {}, clusterIds: [] }] }, expected: { action: 'upgrade' } },
  { name: 'a hold listing several cluster ids matches any of them', c: cluster(), policy: { holds: [{ extensionType: '*', clusterTags: {}, clusterIds: [ARC, AKS] }] }, expected: { action: 'hold' } },
  { name: 'hold tag values compare exactly', c: cluster({ tags: { ring: 'Prod' } }), policy: { holds: [{ extensionType: '*', clusterTags: { ring: 'prod' }, clusterIds: [] }] }, expected: { action: 'upgrade' } },
  { name: 'a hold needs every listed tag', c: cluster({ tags: { ring: 'prod' } }), policy: { holds: [{ extensionType: '*', clusterTags: { ring: 'prod', zone: 'a' }, clusterIds: [] }] }, expected: { action: 'upgrade' } },
  ...(['Offline', 'Expired', 'Connecting'] as const).map(
    (status): Case => ({
      name: `a connected cluster ${status} waits, keeping the move`,
      c: cluster({ id: ARC, connectivityStatus: status }),
      expected: { clusterId: ARC, action: 'wait', code: 'cluster-offline', to: '1.8.5', moveKind: 'patch', path: ['1.8.5'], reason: `The cluster is ${status}; would move 1.8.2 → 1.8.5: ${PATCH_REASON}. Decided again when it is back.` },
    }),
  ),
  { name: 'a Connected cluster moves', c: cluster({ id: ARC, connectivityStatus: 'Connected' }), expected: { action: 'upgrade' } },
  { name: 'a stopped managed cluster waits like an offline one', c: cluster({ powerState: 'stopped' }), expected: { action: 'wait', code: 'cluster-offline', to: '1.8.5', reason: `The cluster is Stopped; would move 1.8.2 → 1.8.5: ${PATCH_REASON}. Decided again when it is back.` } },
  { name: 'a running managed cluster moves', c: cluster({ powerState: 'Running' }), expected: { action: 'upgrade' } },
  { name: 'connectivity is read only for connected clusters', c: cluster({ connectivityStatus: 'Offline' }), expected: { action: 'upgrade' } },
  { name: 'power state is read only for managed clusters', c: cluster({ id: ARC, powerState: 'Stopped' }), expected: { action: 'upgrade' } },
  { name: 'a hold comes before the offline wait', c: cluster({ id: ARC, connectivityStatus: 'Offline' }), policy: { holds: [{ extensionType: '*', clusterTags: {}, clusterIds: [] }] }, expected: { action: 'hold' } },
  { name: 'an offline cluster with no move is decided as usual', c: cluster({ id: ARC, connectivityStatus: 'Offline' }, [ext({ version: '2.0.0' })]), expected: { action: 'none', code: 'up-to-date' } },
  // rule 9, in order
  { name: 'installed incompatible and nothing allowed: blocked', c: cluster({ kubernetesVersion: '1.31.0' }), cat: catalog([v('1.8.2', { kubernetes: '<1.31.0' }), v('1.9.0')]), expected: { action: 'blocked', code: 'incompatible-no-allowed-version', reason: '1.8.2 does not support Kubernetes 1.31.0 and no allowed version does.', ...noTarget } },
  { name: 'blocked comes before release-too-young', c: cluster({ kubernetesVersion: '1.31.0' }), cat: catalog([v('1.8.2', { kubernetes: '<1.31.0' }), v('1.8.6', { releasedAt: daysBefore(1) })]), policy: { minReleaseAgeDays: 2 }, expected: { code: 'incompatible-no-allowed-version' } },
  { name: 'release-too-young comes before step-path-gap', c: cluster(UPGRADED), cat: catalog([v('1.8.2'), v('1.9.0', { releasedAt: daysBefore(1) }), v('1.10.0', { kubernetes: '<1.0.0' })]), policy: { stepMinors: true, minReleaseAgeDays: 2 }, expected: { code: 'release-too-young' } },
  { name: 'step-path-gap comes before major-not-allowed', c: cluster(UPGRADED), cat: catalog([v('1.8.2'), v('1.9.0', { kubernetes: '<1.0.0' }), v('1.10.0'), v('2.0.0')]), policy: { stepMinors: true, allowMajor: false }, expected: { code: 'step-path-gap' } },
  { name: 'open window, only a higher major, allowMajor false', c: cluster(UPGRADED, [ext({ version: '1.10.1' })]), policy: { allowMajor: false }, expected: { action: 'none', code: 'major-not-allowed', reason: '2.0.0 is a major move and the policy does not allow major moves (allowMajor false).', ...noTarget } },
  { name: 'closed window without allowMajor: a higher major still waits for the Kubernetes upgrade', c: cluster({}, [ext({ version: '1.10.1' })]), policy: { allowMajor: false }, expected: { code: 'minor-waits-for-kubernetes-upgrade', reason: '1.10.1 is the newest allowed on its line; 2.0.0 waits for a Kubernetes minor upgrade of the cluster (now 1.29).' } },
  { name: 'closed window, a newer line waits', c: cluster({}, [ext({ version: '1.8.5' })]), expected: { action: 'none', code: 'minor-waits-for-kubernetes-upgrade', reason: '1.8.5 is the newest allowed on its line; 2.0.0 waits for a Kubernetes minor upgrade of the cluster (now 1.29).', ...noTarget } },
  { name: 'minor-waits comes before excluded-by-constraint', c: cluster({}, [ext({ version: '1.8.5' })]), policy: { constraints: [{ extensionType: 'microsoft.flux', range: '<2.0.0' }] }, expected: { code: 'minor-waits-for-kubernetes-upgrade', reason: '1.8.5 is the newest allowed on its line; 1.10.1 waits for a Kubernetes minor upgrade of the cluster (now 1.29).' } },
  { name: 'constraints removed every candidate', c: cluster({}, [ext({ version: '1.8.5' })]), policy: { constraints: [{ extensionType: 'microsoft.flux', range: '<=1.8.5' }] }, expected: { action: 'none', code: 'excluded-by-constraint', reason: "2.0.0 is excluded by the policy's constraints on microsoft.flux.", ...noTarget } },
  { name: 'a constraint on another type excludes nothing', c: cluster({}, [ext({ version: '2.0.0' })]), policy: { constraints: [{ extensionType: 'microsoft.dapr', range: '<1.0.0' }] }, expected: { code: 'up-to-date' } },
  { name: 'excluded-by-constraint comes before installed-version-not-in-catalog', c: cluster({}, [ext({ version: '1.8.3' })]), cat: catalog([v('1.8.4')]), policy: { constraints: [{ extensionType: 'microsoft.flux', range: '<1.8.4' }] }, expected: { code: 'excluded-by-constraint', reason: "1.8.4 is excluded by the policy's constraints on microsoft.flux." } },
  { name: 'an installed version the catalog does not list', c: cluster({}, [ext({ version: '1.8.3' })]), cat: catalog([v('1.8.2')]), expected: { action: 'none', code: 'installed-version-not-in-catalog', reason: 'Installed version 1.8.3 is not in the catalog and no newer version is allowed.', ...noTarget } },
  { name: 'up to date', c: cluster({}, [ext({ version: '2.0.0' })]), expected: { action: 'none', code: 'up-to-date', reason: '2.0.0 is the newest version allowed for Kubernetes 1.29.', ...noTarget } },
  { name: 'an installed v-prefixed version is found in the catalog', c: cluster({}, [ext({ version: 'v2.0.0' })]), expected: { code: 'up-to-date', from: 'v2.0.0' } },
  // the catalog's text, exactly
  { name: 'to and path keep build metadata', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5+build.7')]), expected: { to: '1.8.5+build.7', path: ['1.8.5+build.7'] } },
  { name: 'to keeps a leading v', c: cluster(), cat: catalog([v('1.8.2'), v('v1.8.5')]), expected: { to: 'v1.8.5' } },
  { name: 'a version listed with and without build metadata targets the plain text', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5+b.1'), v('1.8.5')]), expected: { to: '1.8.5' } },
  { name: 'stepMinors hops keep the catalog text', c: cluster(UPGRADED), cat: catalog([v('1.8.2'), v('v1.9.0'), v('1.10.0+x')]), policy: { stepMinors: true }, expected: { path: ['v1.9.0', '1.10.0+x'], to: '1.10.0+x' } },
  // a version listed twice (per location, or by an overlay)
  { name: 'listed twice, preview in one entry: preview', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5'), v('1.8.5', { releaseTrain: 'preview' })]), expected: { code: 'up-to-date' } },
  { name: 'listed twice with two release dates: the later counts', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5', { releasedAt: daysBefore(30) }), v('1.8.5', { releasedAt: daysBefore(2) })]), policy: { minReleaseAgeDays: 7 }, expected: { code: 'release-too-young' } },
  { name: 'listed twice, one entry without a date: the dated one counts', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5'), v('1.8.5', { releasedAt: daysBefore(2) })]), policy: { minReleaseAgeDays: 7 }, expected: { code: 'release-too-young' } },
  { name: 'listed twice, both compatible: compatible', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: '>=1.29.0' }), v('1.8.5', { kubernetes: '<1.30.0' })]), expected: { to: '1.8.5' } },
  { name: 'the catalog type key compares case-insensitively', c: cluster(), cat: catalog([v('1.8.2'), v('1.8.5')], 'Microsoft.FLUX'), expected: { to: '1.8.5' } },
  // distribution keys
  { name: 'a distribution key applies to its Arc distribution', c: cluster({ id: ARC, distribution: 'GKE' }), cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { 'connectedCluster/gke': '<1.29.0', connectedCluster: '>=1.0.0' } })]), expected: { action: 'none', code: 'up-to-date' } },
  { name: 'a distribution key matches case-insensitively', c: cluster({ id: ARC, distribution: 'gke' }), cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { 'connectedCluster/GKE': '<1.29.0', '*': '>=1.0.0' } })]), expected: { code: 'up-to-date' } },
  { name: 'another distribution falls back to connectedCluster', c: cluster({ id: ARC, distribution: 'k3s' }), cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { 'connectedCluster/gke': '<1.29.0', connectedCluster: '>=1.0.0', '*': '<1.0.0' } })]), expected: { action: 'upgrade', to: '1.8.5' } },
  { name: 'connectedCluster wins over *', c: cluster({ id: ARC }), cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { connectedCluster: '<1.0.0', '*': '>=1.0.0' } })]), expected: { code: 'up-to-date' } },
  { name: 'a distribution without its key nor connectedCluster falls back to *', c: cluster({ id: ARC, distribution: 'k3s' }), cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { 'connectedCluster/gke': '<1.0.0', '*': '>=1.0.0' } })]), expected: { action: 'upgrade' } },
  { name: 'distribution keys never apply to managed clusters', c: cluster({ distribution: 'gke' }), cat: catalog([v('1.8.2'), v('1.8.5', { kubernetes: { 'connectedCluster/gke': '<1.0.0', '*': '>=1.0.0' } })]), expected: { action: 'upgrade' } },
];

describe('plan contract v2: every rule and code, with its reason', () => {
  it.each(cases)('$name', ({ c, cat, policy, expected }) => {
    expect(decide(c, cat, policy)).toMatchObject(expected);
  });
});
