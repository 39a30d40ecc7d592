/**
 * Last-known-good rollback and failed-version holds at their edges (README "Last-known-good rollback": re-pin the version
 * before the hop, never below the version the rollout found; a move through a held version becomes `hold` /
 * `held-after-failure` until a person clears it).
 */
import type { Decision } from '../../src/domain/model';
import { applyFailedVersionHolds, heldVersion, rollbackTarget, type FailedVersionHold } from '../../src/domain/versionHolds';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a';
const FAILED_ON = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/canary-1';
const hold = (version: string, extensionType = 'microsoft.flux'): FailedVersionHold => ({ extensionType, version, clusterId: FAILED_ON, rolloutId: 'r0', heldAt: '2026-01-01T00:00:00Z', reason: 'health-check-failed' });
const move = (path: string[], to: string | null = path[path.length - 1] ?? null, over: Partial<Decision> = {}): Decision => ({
  clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', action: 'upgrade', from: '1.8.0', to, moveKind: 'minor', path, code: 'kubernetes-minor-upgraded', reason: 'r', ...over,
});

describe('rollbackTarget: the version a failed hop rolls back to', () => {
  it.each([
    ['a later hop: the version before it', '1.9.1', '1.8.0', '1.9.1'],
    ['the first hop: the version the rollout found', '1.8.0', '1.8.0', '1.8.0'],
    ['the version before the hop is below the one the rollout found: never below it', '1.7.0', '1.8.0', '1.8.0'],
    ['below by a patch', '1.8.0', '1.8.1', '1.8.1'],
    ['a pre-release below its release', '1.8.0-rc.1', '1.8.0', '1.8.0'],
    ['above by a patch', '1.8.2', '1.8.1', '1.8.2'],
    ['the same version spelled with a v: the version before the hop, as it was written', 'v1.8.0', '1.8.0', 'v1.8.0'],
    ['the version before the hop is not a version: kept as it is', 'latest', '1.8.0', 'latest'],
    ['the version the rollout found is not a version: the one before the hop', '1.7.0', 'unknown', '1.7.0'],
  ])('%s (before %s, at start %s → %s)', (_name, before, start, expected) => {
    expect(rollbackTarget(before, start)).toBe(expected);
  });
});

describe('heldVersion: the hold covering a version of a type', () => {
  const holds = [hold('1.9.1'), hold('1.12.0', 'microsoft.dapr'), hold('1.10.0')];
  it.each<[string, string, string, FailedVersionHold | undefined]>([
    ['the held version of the type', 'microsoft.flux', '1.9.1', holds[0]],
    ['the type in another case', 'Microsoft.Flux', '1.9.1', holds[0]],
    ['the version with a v', 'microsoft.flux', 'v1.10.0', holds[2]],
    ['a version held for another type only', 'microsoft.flux', '1.12.0', undefined],
    ['a version not held', 'microsoft.flux', '1.9.2', undefined],
  ])('%s', (_name, type, version, expected) => {
    expect(heldVersion(holds, type, version)).toBe(expected);
  });

  it('no holds: nothing is held', () => {
    expect(heldVersion([], 'microsoft.flux', '1.9.1')).toBeUndefined();
  });
});

describe('applyFailedVersionHolds: moves through a held version', () => {
  const reason = (h: FailedVersionHold): string =>
    `Version ${h.version} failed on ${h.clusterId} in rollout ${h.rolloutId} and is held fleet-wide until cleared (DELETE /api/holds/${h.extensionType}/${h.version}).`;

  it('no holds: the plan as it was, in a new list', () => {
    const plan = [move(['1.9.1'])];
    const out = applyFailedVersionHolds(plan, []);
    expect(out).toEqual(plan);
    expect(out).not.toBe(plan);
  });

  it.each<[string, Decision, FailedVersionHold]>([
    ['the held version is a hop in the middle of the path', move(['1.9.1', '1.10.0']), hold('1.9.1')],
    ['the held version is the target at the end of the path', move(['1.9.1', '1.10.0']), hold('1.10.0')],
    ['a move without a path, straight to a held target', move([], '1.10.0'), hold('1.10.0')],
  ])('%s: held after failure, naming the version, where it failed and how to clear it', (_name, d, h) => {
    expect(applyFailedVersionHolds([d], [hold('2.0.0'), h])).toEqual([{ ...d, action: 'hold', code: 'held-after-failure', reason: reason(h) }]);
  });

  it('a move through two held versions names the first it would reach', () => {
    const d = move(['1.9.1', '1.10.0']);
    const [out] = applyFailedVersionHolds([d], [hold('1.10.0'), hold('1.9.1')]);
    expect(out?.reason).toBe(reason(hold('1.9.1')));
  });

  it('a move whose path avoids the held version is made', () => {
    const d = move(['1.9.2', '1.10.0'], '1.10.0', { from: '1.9.1' });
    expect(applyFailedVersionHolds([d], [hold('1.9.1')])).toEqual([d]);
  });

  it('an upgrade with neither a path nor a target passes no version', () => {
    const d = move([], null);
    expect(applyFailedVersionHolds([d], [hold('1.8.0')])).toEqual([d]);
  });

  it.each<[string, Partial<Decision>]>([
    ['a hold', { action: 'hold', code: 'held-by-policy' }],
    ['a wait', { action: 'wait', code: 'cluster-offline' }],
    ['a blocked extension', { action: 'blocked', code: 'incompatible-no-allowed-version' }],
  ])('%s that names a held version is not a move and passes unchanged', (_name, over) => {
    const d = move(['1.9.1'], '1.9.1', over);
    expect(applyFailedVersionHolds([d], [hold('1.9.1')])).toEqual([d]);
  });

  it('only the moves through the held version change, in plan order', () => {
    const held = move(['1.9.1']);
    const dapr = move(['1.12.1'], '1.12.1', { extensionName: 'dapr', extensionType: 'microsoft.dapr', from: '1.12.0' });
    const other = move(['1.9.2'], '1.9.2', { clusterId: `${CLUSTER}-2` });
    expect(applyFailedVersionHolds([dapr, held, other], [hold('1.9.1')]).map((d) => d.action)).toEqual(['upgrade', 'hold', 'upgrade']);
  });
});
