import { clusterVerdict, dryRunRows, externalMoveLeavesWork, failureOf, healthFailure, hopsOf, stoppedRows, type ClusterRun } from '../../src/domain/clusterOutcome';
import type { Decision } from '../../src/domain/model';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a';
const move = (name: string, from: string, path: string[], to: string | null = path[path.length - 1] ?? null): Decision => ({
  clusterId: CLUSTER, extensionName: name, extensionType: 'microsoft.flux', action: 'upgrade', from, to, moveKind: 'minor', path, code: 'kubernetes-minor-upgraded', reason: 'r',
});
const ctx = { rolloutId: 'r1', trigger: 'timer', at: '2024-06-05T10:00:00.000Z', ring: 'canary' };

describe('failure codes of a hop', () => {
  it.each([
    [{ kind: 'failed', errorCode: 'ExtensionOperationFailed', message: 'boom' } as const, 'apply-failed', 'ExtensionOperationFailed: boom'],
    [{ kind: 'conflict', message: 'busy' } as const, 'operation-conflict', 'busy'],
    [{ kind: 'throttled', message: '429' } as const, 'throttled', '429'],
    [{ kind: 'timed-out', message: 'slow' } as const, 'apply-timed-out', 'slow'],
  ])('%j → %s', (outcome, code, armError) => {
    expect(failureOf(outcome)).toEqual({ code, armError });
  });

  it('a hop that did not read back healthy is health-check-failed naming the state and version it found', () => {
    expect(healthFailure('Failed', '1.2.0')).toEqual({ code: 'health-check-failed', armError: 'provisioningState Failed, installed version 1.2.0' });
    expect(healthFailure(null, null)).toEqual({ code: 'health-check-failed', armError: 'provisioningState absent, installed version absent' });
  });
});

describe('hops of a move', () => {
  it('walks the path when there is one, else goes straight to the target', () => {
    expect(hopsOf(move('flux', '1.1.0', ['1.2.3', '1.3.1']))).toEqual({ target: '1.3.1', hops: ['1.2.3', '1.3.1'] });
    expect(hopsOf(move('flux', '1.1.0', [], '1.1.4'))).toEqual({ target: '1.1.4', hops: ['1.1.4'] });
  });
});

describe('an extension moved by someone else', () => {
  it.each([
    [null, '1.3.1', true],
    ['1.2.0', '1.3.1', true],
    ['1.3.1', '1.3.1', false],
    ['v1.3.1', '1.3.1', false],
  ])('installed %s, target %s → still leaves work: %s', (installed, target, leaves) => {
    expect(externalMoveLeavesWork(installed, target)).toBe(leaves);
  });
});

describe('dry run rows', () => {
  it('one dry-run row per hop, each from the previous hop', () => {
    const rows = dryRunRows(ctx, move('flux', '1.1.0', ['1.2.3', '1.3.1']));
    expect(rows.map((r) => [r.kind, r.from, r.to, r.code, r.ring])).toEqual([
      ['skipped', '1.1.0', '1.2.3', 'dry-run', 'canary'],
      ['skipped', '1.2.3', '1.3.1', 'dry-run', 'canary'],
    ]);
    expect(rows[0]?.reason).toBe('Dry run: would move flux 1.1.0 → 1.2.3.');
  });
});

describe('rows of a stopped cluster', () => {
  const decisions = [move('flux', '1.1.0', ['1.2.3', '1.3.1']), move('dapr', '1.10.0', ['1.11.2'])];

  it('records the rest of the failed move from where it stopped, then every later move', () => {
    const rows = stoppedRows(ctx, decisions, { code: 'apply-failed', decisionIndex: 0, from: '1.2.3' });
    expect(rows.map((r) => [r.extensionName, r.from, r.to, r.code])).toEqual([
      ['flux', '1.2.3', '1.3.1', 'cluster-stopped'],
      ['dapr', '1.10.0', '1.11.2', 'cluster-stopped'],
    ]);
  });

  it('a move that failed on its last hop records only the later moves', () => {
    const rows = stoppedRows(ctx, decisions, { code: 'apply-failed', decisionIndex: 1, from: '1.10.0' });
    expect(rows.map((r) => [r.extensionName, r.from, r.to])).toEqual([['dapr', '1.10.0', '1.11.2']]);
    expect(stoppedRows(ctx, decisions, { code: 'apply-failed', decisionIndex: 1, from: '1.11.2' })).toEqual([]);
  });
});

describe('the verdict on a cluster', () => {
  const base: ClusterRun = { dryRun: false, externally: 0, windowStillNeeded: false, kubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.29.4' };
  it.each<[string, Partial<ClusterRun>, { result: string; code: string; reconciled: boolean; reconciledKubernetesVersion: string }]>([
    ['every move applied, nothing else needs the window → reconciled at the running version', {}, { result: 'succeeded', code: 'cluster-reconciled', reconciled: true, reconciledKubernetesVersion: '1.30.2' }],
    ['a hold or wait still needs the window → applied, window stays open', { windowStillNeeded: true }, { result: 'succeeded', code: 'applied', reconciled: false, reconciledKubernetesVersion: '1.29.4' }],
    ['someone else moved an extension short of its target → changed-externally', { externally: 1 }, { result: 'succeeded', code: 'changed-externally', reconciled: false, reconciledKubernetesVersion: '1.29.4' }],
    ['a dry run never reconciles', { dryRun: true }, { result: 'skipped', code: 'dry-run', reconciled: false, reconciledKubernetesVersion: '1.29.4' }],
    ['a failed hop → failed with its code', { stop: { code: 'health-check-failed', decisionIndex: 0, from: '1.1.0' } }, { result: 'failed', code: 'health-check-failed', reconciled: false, reconciledKubernetesVersion: '1.29.4' }],
    ['first sight (nothing reconciled yet) keeps the running version even when not reconciled', { windowStillNeeded: true, reconciledKubernetesVersion: undefined }, { result: 'succeeded', code: 'applied', reconciled: false, reconciledKubernetesVersion: '1.30.2' }],
  ])('%s', (_name, change, expected) => {
    const run = { ...base, ...change };
    if (change.reconciledKubernetesVersion === undefined && 'reconciledKubernetesVersion' in change) delete run.reconciledKubernetesVersion;
    expect(clusterVerdict(run)).toEqual(expected);
  });
});
