/** Issue 24: drift — a version change nobody in a rollout made, and how it broke the rule. */
import { driftReason, driftsOf, installedRecord, type InstalledRecord } from '../../src/domain/drift';
import { AKS, cluster, ext } from './planFixtures';

const AT = '2026-06-01T00:00:00Z';
const record = (versions: Record<string, string>, kubernetesVersion = '1.29.4'): InstalledRecord => ({ clusterId: AKS, kubernetesVersion, versions, at: AT });
const drifts = (version: string, over: { k8s?: string; reconciled?: string; train?: string; holds?: boolean; failed?: boolean; state?: 'Updating' } = {}) =>
  driftsOf(
    cluster({ kubernetesVersion: over.k8s ?? '1.29.4', tags: { ring: 'prod' } }, [ext({ version, releaseTrain: over.train ?? 'Stable', ...(over.state ? { provisioningState: over.state } : {}) })]),
    record({ flux: '1.8.2' }),
    over.reconciled,
    over.holds ? [{ extensionType: 'microsoft.flux', clusterTags: { ring: 'prod' }, clusterIds: [] }] : [],
    over.failed ? [{ extensionType: 'microsoft.flux', version, clusterId: AKS, rolloutId: 'r', heldAt: AT, reason: 'x' }] : [],
  );

describe('drift', () => {
  it.each([
    ['a patch move keeps the rule', '1.8.3', {}, []],
    ['a minor move without a Kubernetes minor upgrade breaks it', '1.9.0', {}, ['minor-move-without-kubernetes-upgrade']],
    ['a major move without a Kubernetes minor upgrade breaks it', '2.0.0', {}, ['minor-move-without-kubernetes-upgrade']],
    ['a minor move down breaks it too', '1.7.0', {}, ['minor-move-without-kubernetes-upgrade']],
    ['a minor move after a Kubernetes minor upgrade keeps it', '1.9.0', { k8s: '1.30.1' }, []],
    ['a Kubernetes patch upgrade does not open minors', '1.9.0', { k8s: '1.29.9' }, ['minor-move-without-kubernetes-upgrade']],
    ['a minor move while the window is open (above the reconciled minor) keeps it', '1.9.0', { reconciled: '1.28.3' }, []],
    ['a move of an extension a policy hold covers breaks it', '1.8.3', { holds: true }, ['held-by-policy']],
    ['a move to a version held after failure breaks it', '1.8.3', { failed: true }, ['held-after-failure']],
    ['a prerelease on Stable breaks it', '1.8.3-rc.1', {}, ['prerelease-on-stable']],
    ['a prerelease on Preview keeps it', '1.8.3-rc.1', { train: 'Preview' }, []],
  ] as const)('%s', (_name, version, over, breaks) => {
    const found = drifts(version, over);
    expect(found).toEqual([{ clusterId: AKS, extensionName: 'flux', extensionType: 'microsoft.flux', from: '1.8.2', to: version, kubernetesFrom: '1.29.4', kubernetesTo: ('k8s' in over ? over.k8s : undefined) ?? '1.29.4', breaks }]);
  });

  it.each([
    ['no change (a leading v is the same version)', 'v1.8.2', {}],
    ['an extension in an operation (decided when it settles)', '1.9.0', { state: 'Updating' as const }],
  ])('no drift: %s', (_name, version, over) => {
    expect(drifts(version, over)).toEqual([]);
  });

  it('no record (first sight) and an extension not recorded before are no drift', () => {
    expect(driftsOf(cluster({}, [ext({ version: '1.9.0' })]), undefined, undefined, [], [])).toEqual([]);
    expect(driftsOf(cluster({}, [ext({ name: 'new', version: '1.9.0' })]), record({ flux: '1.8.2' }), undefined, [], [])).toEqual([]);
  });

  it('the new record keeps the version recorded before for an extension in an operation', () => {
    const c = cluster({}, [ext({ version: '1.9.0', provisioningState: 'Updating' }), ext({ name: 'dapr', version: '1.2.0' })]);
    expect(installedRecord(c, record({ flux: '1.8.2' }), AT).versions).toEqual({ flux: '1.8.2', dapr: '1.2.0' });
    expect(installedRecord(c, undefined, AT).versions).toEqual({ flux: '1.9.0', dapr: '1.2.0' });
  });

  it('the reason names before, after, Kubernetes and the break', () => {
    expect(driftReason(drifts('1.9.0')[0]!)).toBe('flux moved 1.8.2 → 1.9.0 outside any rollout (Kubernetes 1.29.4 → 1.29.4), breaking the rule (minor-move-without-kubernetes-upgrade); reported, not reverted.');
  });

  it('the reason of a drift that kept the rule says so', () => {
    expect(driftReason(drifts('1.8.3')[0]!)).toBe('flux moved 1.8.2 → 1.8.3 outside any rollout (Kubernetes 1.29.4 → 1.29.4), within the rule; reported, not reverted.');
  });
});
