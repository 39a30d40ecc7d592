import type { ClusterState } from '../../src/domain/ports';
import type { Decision } from '../../src/domain/model';
import { IN_FLIGHT_TTL_MS, otherRolloutInFlight, stateAfterPlan, windowStillNeeded } from '../../src/domain/reconcile';
import { cluster } from './planFixtures';

describe('otherRolloutInFlight: a mark is honoured for six hours, ignored after', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const markedAgo = (ms: number): ClusterState => ({ clusterId: 'c', lastSeenKubernetesVersion: '1.30.0', updatedAt: 't', inFlightRolloutId: 'other', inFlightSince: new Date(now.getTime() - ms).toISOString() });

  it('the TTL is six hours', () => {
    expect(IN_FLIGHT_TTL_MS).toBe(6 * 60 * 60 * 1000);
  });

  it.each([
    ['just marked', 0, 'other'],
    ['marked one millisecond before six hours', 6 * 3_600_000 - 1, 'other'],
    ['marked exactly six hours ago (not yet after)', 6 * 3_600_000, 'other'],
    ['marked one millisecond after six hours', 6 * 3_600_000 + 1, undefined],
    ['marked a day ago', 24 * 3_600_000, undefined],
  ])('%s', (_name, ago, expected) => {
    expect(otherRolloutInFlight(markedAgo(ago), now, 'self')).toBe(expected);
  });

  it('a mark without a start time is ignored', () => {
    expect(otherRolloutInFlight({ clusterId: 'c', lastSeenKubernetesVersion: '1.30.0', updatedAt: 't', inFlightRolloutId: 'other' }, now, 'self')).toBeUndefined();
  });

  it('without a self id any fresh mark is another rollout', () => {
    expect(otherRolloutInFlight(markedAgo(60_000), now)).toBe('other');
  });
});

describe('stateAfterPlan: what is kept from the previous state', () => {
  const c = cluster({ kubernetesVersion: '1.30.2' });
  const at = '2026-01-01T00:00:00.000Z';

  it('a previous state without a reconciled version counts as first sight', () => {
    const previous: ClusterState = { clusterId: c.id, lastSeenKubernetesVersion: '1.29.9', lastRolloutId: 'r1', updatedAt: 'x' };
    expect(stateAfterPlan(c, [], previous, at)).toEqual({ clusterId: c.id, lastSeenKubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.30.2', lastRolloutId: 'r1', updatedAt: at });
  });

  it('first sight with no previous state records exactly the id, both versions and the time', () => {
    expect(stateAfterPlan(c, [], undefined, at)).toEqual({ clusterId: c.id, lastSeenKubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.30.2', updatedAt: at });
  });
});

describe('windowStillNeeded: a version held after a failure keeps the window', () => {
  const d = (action: Decision['action'], code: Decision['code']): Decision => ({ clusterId: 'c', extensionName: 'e', extensionType: 't', action, from: '1.0.0', to: '1.1.0', moveKind: 'minor', path: ['1.1.0'], code, reason: '' });
  it.each([
    [[d('hold', 'held-after-failure')], true],
    [[d('none', 'up-to-date'), d('hold', 'held-after-failure')], true],
    [[d('hold', 'platform-auto-upgrade')], false],
  ])('%j → %s', (decisions, expected) => {
    expect(windowStillNeeded(decisions)).toBe(expected);
  });
});
