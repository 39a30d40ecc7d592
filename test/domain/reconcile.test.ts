import type { Decision } from '../../src/domain/model';
import { otherRolloutInFlight, stateAfterPlan, windowStillNeeded } from '../../src/domain/reconcile';
import { cluster } from './planFixtures';

const d = (action: Decision['action'], code: Decision['code']): Decision => ({ clusterId: 'c', extensionName: 'e', extensionType: 't', action, from: '1.0.0', to: null, moveKind: null, path: [], code, reason: '' });

describe('windowStillNeeded', () => {
  it.each([
    [[d('hold', 'held-by-policy')], true],
    [[d('wait', 'operation-in-progress')], true],
    [[d('blocked', 'incompatible-no-allowed-version')], true],
    [[d('error', 'invalid-version')], true],
    [[d('wait', 'release-too-young')], true],
    [[d('none', 'up-to-date'), d('wait', 'cluster-offline')], true],
    [[d('none', 'step-path-gap'), d('none', 'major-not-allowed'), d('none', 'excluded-by-constraint'), d('none', 'installed-version-not-in-catalog'), d('skip', 'managed-extension')], false],
    [[d('hold', 'platform-auto-upgrade'), d('none', 'up-to-date'), d('skip', 'system-extension'), d('none', 'minor-waits-for-kubernetes-upgrade')], false],
    [[], false],
  ])('%j → %s', (decisions, expected) => {
    expect(windowStillNeeded(decisions)).toBe(expected);
  });
});

describe('stateAfterPlan', () => {
  const c = cluster({ kubernetesVersion: '1.30.2' });
  const at = '2026-01-01T00:00:00.000Z';
  it('first sight: reconciled at the running version even when a hold needs the window', () => {
    expect(stateAfterPlan(c, [d('hold', 'held-by-policy')], undefined, at)).toMatchObject({ lastSeenKubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.30.2', updatedAt: at });
  });
  it('keeps the window open (old reconciled version) while a decision needs it', () => {
    const previous = { clusterId: c.id, lastSeenKubernetesVersion: '1.29.9', reconciledKubernetesVersion: '1.29.9', lastRolloutId: 'r1', updatedAt: 'x' };
    expect(stateAfterPlan(c, [d('hold', 'held-by-policy')], previous, at)).toEqual({ ...previous, lastSeenKubernetesVersion: '1.30.2', updatedAt: at });
  });
  it('closes the window when nothing needs it', () => {
    const previous = { clusterId: c.id, lastSeenKubernetesVersion: '1.29.9', reconciledKubernetesVersion: '1.29.9', updatedAt: 'x' };
    expect(stateAfterPlan(c, [d('none', 'up-to-date')], previous, at).reconciledKubernetesVersion).toBe('1.30.2');
  });
});

describe('otherRolloutInFlight', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const state = (id?: string, since?: string) => ({ clusterId: 'c', lastSeenKubernetesVersion: '1.30.0', updatedAt: 't', ...(id ? { inFlightRolloutId: id } : {}), ...(since ? { inFlightSince: since } : {}) });
  it.each([
    ['no state', undefined, undefined, undefined],
    ['no mark', state(), undefined, undefined],
    ['a fresh mark of another rollout', state('other', '2026-01-01T11:00:00Z'), 'self', 'other'],
    ['its own mark', state('self', '2026-01-01T11:00:00Z'), 'self', undefined],
    ['a stale mark (over six hours)', state('other', '2026-01-01T05:59:00Z'), 'self', undefined],
    ['an unreadable time', state('other', 'yesterday'), 'self', undefined],
  ])('%s', (_name, s, self, expected) => {
    expect(otherRolloutInFlight(s, now, self)).toBe(expected);
  });
});
