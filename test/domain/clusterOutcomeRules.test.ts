/** A cluster's outcome rules at their edges: hops of a move, the rows of a dry run or a stopped cluster, and the verdict. */
import { clusterVerdict, dryRunRows, hopsOf, stoppedRows, type ClusterRun } from '../../src/domain/clusterOutcome';
import type { Decision } from '../../src/domain/model';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a';
const decision = (name: string, from: string, path: string[], to: string | null, over: Partial<Decision> = {}): Decision => ({
  clusterId: CLUSTER, extensionName: name, extensionType: `microsoft.${name}`, action: 'upgrade', from, to, moveKind: 'minor', path, code: 'kubernetes-minor-upgraded', reason: 'r', ...over,
});
const ctx = { rolloutId: 'r1', trigger: 'manual:ann', at: '2024-06-05T10:00:00.000Z' };

describe('hopsOf: the target and the hops of a move', () => {
  it.each<[string, Decision, { target: string; hops: string[] }]>([
    ['a path: its hops, the target given', decision('flux', '1.1.0', ['1.2.3', '1.3.1'], '1.3.1'), { target: '1.3.1', hops: ['1.2.3', '1.3.1'] }],
    ['a path without a target: the path ends at the target', decision('flux', '1.1.0', ['1.2.3', '1.3.1'], null), { target: '1.3.1', hops: ['1.2.3', '1.3.1'] }],
    ['no path: straight to the target', decision('flux', '1.1.0', [], '1.1.4'), { target: '1.1.4', hops: ['1.1.4'] }],
    ['neither path nor target: stays where it is', decision('flux', '1.1.0', [], null), { target: '1.1.0', hops: ['1.1.0'] }],
  ])('%s', (_name, d, expected) => {
    expect(hopsOf(d)).toEqual(expected);
  });

  it('the hops are a copy: changing them leaves the decision alone', () => {
    const d = decision('flux', '1.1.0', ['1.2.3'], '1.2.3');
    hopsOf(d).hops.push('9.9.9');
    expect(d.path).toEqual(['1.2.3']);
  });
});

describe('dryRunRows', () => {
  it('a move without a path: one dry-run row from the installed version to the target, with the full row', () => {
    expect(dryRunRows(ctx, decision('dapr', '1.10.0', [], '1.10.4', { moveKind: 'patch' }))).toEqual([
      {
        rolloutId: 'r1', clusterId: CLUSTER, extensionName: 'dapr', extensionType: 'microsoft.dapr', kind: 'skipped', from: '1.10.0', to: '1.10.4', moveKind: 'patch',
        code: 'dry-run', reason: 'Dry run: would move dapr 1.10.0 → 1.10.4.', trigger: 'manual:ann', at: '2024-06-05T10:00:00.000Z',
      },
    ]);
  });

  it('a three-hop path: each row starts where the previous ended, each sentence names its hop', () => {
    const rows = dryRunRows(ctx, decision('flux', '1.1.0', ['1.2.3', '1.3.1', '1.4.0'], '1.4.0'));
    expect(rows.map((r) => r.reason)).toEqual(['Dry run: would move flux 1.1.0 → 1.2.3.', 'Dry run: would move flux 1.2.3 → 1.3.1.', 'Dry run: would move flux 1.3.1 → 1.4.0.']);
  });
});

describe('stoppedRows: what a failed hop left undone', () => {
  const flux = decision('flux', '1.1.0', ['1.2.3', '1.3.1'], '1.3.1');
  const dapr = decision('dapr', '1.10.0', ['1.11.2'], '1.11.2');
  const keda = decision('keda', '2.14.0', [], null, { action: 'hold', code: 'held-by-policy', moveKind: null });

  it('the rest of the failed move is one row to its target, with its sentence', () => {
    expect(stoppedRows(ctx, [flux], { code: 'apply-failed', decisionIndex: 0, from: '1.1.0' })).toEqual([
      {
        rolloutId: 'r1', clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'skipped', from: '1.1.0', to: '1.3.1', moveKind: 'minor',
        code: 'cluster-stopped', reason: 'A hop failed; the rest of this move was skipped.', trigger: 'manual:ann', at: '2024-06-05T10:00:00.000Z',
      },
    ]);
  });

  it('a later move is recorded from its installed version, with its own sentence', () => {
    const rows = stoppedRows(ctx, [flux, dapr], { code: 'apply-failed', decisionIndex: 0, from: '1.3.1' });
    expect(rows).toEqual([
      {
        rolloutId: 'r1', clusterId: CLUSTER, extensionName: 'dapr', extensionType: 'microsoft.dapr', kind: 'skipped', from: '1.10.0', to: '1.11.2', moveKind: 'minor',
        code: 'cluster-stopped', reason: 'An earlier hop failed; this move was skipped.', trigger: 'manual:ann', at: '2024-06-05T10:00:00.000Z',
      },
    ]);
  });

  it('a later decision without a target is recorded as staying where it is', () => {
    const rows = stoppedRows(ctx, [flux, keda], { code: 'apply-failed', decisionIndex: 0, from: '1.3.1' });
    expect(rows.map((r) => [r.extensionName, r.from, r.to])).toEqual([['keda', '2.14.0', '2.14.0']]);
  });

  it('a failed decision without a target records no rest of its move, only the later moves', () => {
    const rows = stoppedRows(ctx, [keda, dapr], { code: 'apply-failed', decisionIndex: 0, from: '2.14.0' });
    expect(rows.map((r) => r.extensionName)).toEqual(['dapr']);
  });

  it('a stop in the middle records nothing for the moves before it', () => {
    const rows = stoppedRows(ctx, [dapr, flux, keda], { code: 'health-check-failed', decisionIndex: 1, from: '1.2.3' });
    expect(rows.map((r) => [r.extensionName, r.from, r.to])).toEqual([
      ['flux', '1.2.3', '1.3.1'],
      ['keda', '2.14.0', '2.14.0'],
    ]);
  });

  it('a stop index past the plan records nothing', () => {
    expect(stoppedRows(ctx, [flux, dapr], { code: 'apply-failed', decisionIndex: 2, from: '1.0.0' })).toEqual([]);
  });
});

describe('clusterVerdict: which outcome wins', () => {
  const base: ClusterRun = { dryRun: false, externally: 0, windowStillNeeded: false, kubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.29.4' };
  const stop = { code: 'apply-failed' as const, decisionIndex: 0, from: '1.1.0' };
  it.each<[string, Partial<ClusterRun>, { result: string; code: string; reconciled: boolean }]>([
    ['a failed hop in a run that also saw an external move: failed with its code', { stop, externally: 2 }, { result: 'failed', code: 'apply-failed', reconciled: false }],
    ['a failed hop while the window is still needed: failed', { stop, windowStillNeeded: true }, { result: 'failed', code: 'apply-failed', reconciled: false }],
    ['a dry run that saw an external move: skipped as a dry run', { dryRun: true, externally: 1 }, { result: 'skipped', code: 'dry-run', reconciled: false }],
    ['an external move while the window is still needed: changed-externally', { externally: 1, windowStillNeeded: true }, { result: 'succeeded', code: 'changed-externally', reconciled: false }],
    ['a dry run with nothing else to do is still not reconciled', { dryRun: true, windowStillNeeded: false }, { result: 'skipped', code: 'dry-run', reconciled: false }],
    ['a cluster deferred by throttling: skipped as throttled, never failed, not reconciled', { deferred: true }, { result: 'skipped', code: 'throttled', reconciled: false }],
    ['deferred after an external move: still throttled, not reconciled', { deferred: true, externally: 1 }, { result: 'skipped', code: 'throttled', reconciled: false }],
    ['a failed hop outranks a deferral: failed with its code', { deferred: true, stop }, { result: 'failed', code: 'apply-failed', reconciled: false }],
    ['deferred in a dry run: throttled, skipped', { deferred: true, dryRun: true }, { result: 'skipped', code: 'throttled', reconciled: false }],
  ])('%s', (_name, change, expected) => {
    expect(clusterVerdict({ ...base, ...change })).toMatchObject({ ...expected, reconciledKubernetesVersion: '1.29.4' });
  });

  it('at first sight a failed cluster still keeps its running version as the reconciled one', () => {
    const { reconciledKubernetesVersion: _dropped, ...firstSight } = base;
    expect(clusterVerdict({ ...firstSight, stop })).toEqual({ result: 'failed', code: 'apply-failed', reconciled: false, reconciledKubernetesVersion: '1.30.2' });
  });
});
