/** Issue 15's pure rules, table-driven: freezes, the health gate, the ring gate, rollback targets and failed-version holds. */
import { activeFreeze, upcomingFreezes } from '../../src/domain/freeze';
import { describeAlert, extensionHealthSignals, matchingAlerts, type AlertSignal } from '../../src/domain/healthGate';
import type { Decision, Freeze } from '../../src/domain/model';
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { ringGate, rolloutFinalState } from '../../src/domain/ringGate';
import { applyFailedVersionHolds, rollbackTarget, type FailedVersionHold } from '../../src/domain/versionHolds';
import { AKS, NOW, alert, catalog, cluster, fleet, v } from './planFixtures';

const freeze = (from: string, to: string, over: Partial<Freeze> = {}): Freeze => ({ from, to, reason: 'year-end', clusterIds: [], clusterTags: {}, ...over });

describe('activeFreeze', () => {
  const prod = { id: AKS, tags: { env: 'prod' } };
  const cases: { name: string; at: string; freezes: Freeze[]; expected: string | undefined }[] = [
    { name: 'no freezes: none', at: '2026-12-24T00:00:00Z', freezes: [], expected: undefined },
    { name: 'inside [from, to): frozen until to', at: '2026-12-24T00:00:00Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z')], expected: '2027-01-02T00:00:00Z' },
    { name: 'at from: frozen (inclusive)', at: '2026-12-20T00:00:00Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z')], expected: '2027-01-02T00:00:00Z' },
    { name: 'at to: free (exclusive)', at: '2027-01-02T00:00:00Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z')], expected: undefined },
    { name: 'before: free', at: '2026-12-19T23:59:59Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z')], expected: undefined },
    { name: 'a freeze for other tags does not apply', at: '2026-12-24T00:00:00Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z', { clusterTags: { env: 'dev' } })], expected: undefined },
    { name: 'a freeze for the cluster tag applies (tag name case-insensitive)', at: '2026-12-24T00:00:00Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z', { clusterTags: { ENV: 'prod' } })], expected: '2027-01-02T00:00:00Z' },
    { name: 'a freeze for another cluster id does not apply', at: '2026-12-24T00:00:00Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z', { clusterIds: ['/subscriptions/x/other'] })], expected: undefined },
    { name: 'a freeze for this cluster id (any case) applies', at: '2026-12-24T00:00:00Z', freezes: [freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z', { clusterIds: [AKS.toUpperCase()] })], expected: '2027-01-02T00:00:00Z' },
    {
      name: 'two applying freezes: the one ending last',
      at: '2026-12-24T00:00:00Z',
      freezes: [freeze('2026-12-20T00:00:00Z', '2026-12-27T00:00:00Z'), freeze('2026-12-23T00:00:00Z', '2027-01-02T00:00:00Z', { clusterTags: { env: 'prod' } })],
      expected: '2027-01-02T00:00:00Z',
    },
  ];
  it.each(cases)('$name', ({ at, freezes, expected }) => {
    expect(activeFreeze(new Date(at), freezes, prod)?.to).toBe(expected);
  });

  it('upcomingFreezes keeps those not yet over, in start order', () => {
    const a = freeze('2027-02-01T00:00:00Z', '2027-02-02T00:00:00Z');
    const b = freeze('2026-12-20T00:00:00Z', '2027-01-02T00:00:00Z');
    const past = freeze('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
    expect(upcomingFreezes(new Date('2026-12-24T00:00:00Z'), [a, past, b])).toEqual([b, a]);
  });
});


describe('health gate', () => {
  const gate = { alertSeverities: ['Sev0', 'Sev1'], extensionStatusLevels: ['Error'] };
  const since = '2026-06-01T10:00:00Z';
  const cases: { name: string; a: AlertSignal; counts: boolean }[] = [
    { name: 'a listed severity fired after the touch counts', a: alert(), counts: true },
    { name: 'severity compared case-insensitively', a: alert({ severity: 'sev0' }), counts: true },
    { name: 'an unlisted severity does not count', a: alert({ severity: 'Sev2' }), counts: false },
    { name: 'an alert started before the touch does not count', a: alert({ startDateTime: '2026-06-01T09:59:59Z' }), counts: false },
    { name: 'started exactly at the touch counts', a: alert({ startDateTime: since }), counts: true },
    { name: 'fired then resolved after the touch still counts', a: alert({ monitorCondition: 'Resolved' }), counts: true },
    { name: 'a Closed alert (dismissed by a person) does not count', a: alert({ alertState: 'Closed' }), counts: false },
  ];
  it.each(cases)('$name', ({ a, counts }) => {
    expect(matchingAlerts(gate, [a], since)).toEqual(counts ? [a] : []);
  });

  it('names the alert: severity, name, condition, time, target and rule', () => {
    expect(describeAlert(alert({ alertRule: 'rule-1' }))).toBe(`alert Sev1 "flux-reconcile-errors" fired at 2026-06-01T10:05:00Z on ${AKS} (rule rule-1)`);
  });

  it('extension statuses: listed levels, errorInfo and a Failed extensionState count as Error', () => {
    const health = { statuses: [{ code: 'A', level: 'Error', message: 'pods crash' }, { code: 'B', level: 'Warning', message: 'slow' }], extensionState: 'Failed', errorInfo: { code: 'E1', message: 'boom' } };
    expect(extensionHealthSignals(gate, 'flux', health)).toEqual(['extension flux status Error A: pods crash', 'extension flux errorInfo E1: boom', 'extension flux extensionState Failed']);
    expect(extensionHealthSignals({ ...gate, extensionStatusLevels: ['Warning'] }, 'flux', health)).toEqual(['extension flux status Warning B: slow']);
    expect(extensionHealthSignals(gate, 'flux', { statuses: [], extensionState: 'Ready' })).toEqual([]);
    expect(extensionHealthSignals(gate, 'flux', undefined)).toEqual([]);
  });
});

describe('ringGate and the final state', () => {
  const ring = { name: 'canary', maxFailureRatio: 0.5, minSuccessRatio: 0.8 };
  const cases: { name: string; tally: { clusters: number; succeeded: number; failed: number; skipped: number }; dryRun?: boolean; expected: string }[] = [
    { name: 'all succeeded: ok', tally: { clusters: 5, succeeded: 5, failed: 0, skipped: 0 }, expected: 'ok' },
    { name: 'exactly at the floor (4/5 = 0.8): ok', tally: { clusters: 5, succeeded: 4, failed: 1, skipped: 0 }, expected: 'ok' },
    { name: 'below the floor by failures within budget: floor not met', tally: { clusters: 5, succeeded: 3, failed: 2, skipped: 0 }, expected: 'ring-success-floor-not-met' },
    { name: 'skipped clusters are no successes: floor not met', tally: { clusters: 5, succeeded: 3, failed: 0, skipped: 2 }, expected: 'ring-success-floor-not-met' },
    { name: 'over the failure budget wins over the floor', tally: { clusters: 4, succeeded: 1, failed: 3, skipped: 0 }, expected: 'ring-failure-budget-exceeded' },
    { name: 'a dry run skips everything: the floor does not apply', tally: { clusters: 5, succeeded: 0, failed: 0, skipped: 5 }, dryRun: true, expected: 'ok' },
    { name: 'an empty ring: ok', tally: { clusters: 0, succeeded: 0, failed: 0, skipped: 0 }, expected: 'ok' },
  ];
  it.each(cases)('$name', ({ tally, dryRun, expected }) => {
    const r = ringGate(tally, ring, dryRun ?? false);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });

  it('the floor sentence reports succeeded, failed and skipped apart', () => {
    const r = ringGate({ clusters: 5, succeeded: 2, failed: 1, skipped: 2 }, ring, false);
    expect(r).toEqual({ ok: false, code: 'ring-success-floor-not-met', reason: '2 of 5 clusters succeeded in ring canary (1 failed, 2 skipped), below its floor of 0.8.' });
  });

  it('no floor given = 0: never halts on successes', () => {
    expect(ringGate({ clusters: 3, succeeded: 0, failed: 0, skipped: 3 }, { name: 'r', maxFailureRatio: 0 }, false)).toEqual({ ok: true });
  });

  it.each([
    [true, [{ failed: 0 }], 'halted'],
    [false, [{ failed: 0 }, { failed: 0 }], 'completed'],
    [false, [{ failed: 0 }, { failed: 1 }], 'completed-with-failures'],
  ] as const)('final state: halted=%s rings=%j → %s', (halted, rings, expected) => {
    expect(rolloutFinalState(halted, rings)).toBe(expected);
  });
});

describe('rollback target and failed-version holds', () => {
  it.each([
    ['1.9.1', '1.8.0', '1.9.1'],
    ['1.8.0', '1.8.0', '1.8.0'],
    ['1.7.0', '1.8.0', '1.8.0'],
  ])('before hop %s, at start %s → %s', (before, start, expected) => {
    expect(rollbackTarget(before, start)).toBe(expected);
  });

  const move: Decision = { clusterId: AKS, extensionName: 'flux', extensionType: 'microsoft.flux', action: 'upgrade', from: '1.8.0', to: '1.10.0', moveKind: 'minor', path: ['1.9.1', '1.10.0'], code: 'kubernetes-minor-upgraded', reason: 'x' };
  const hold = (version: string, extensionType = 'microsoft.flux'): FailedVersionHold => ({ extensionType, version, clusterId: '/subscriptions/s/c/x', rolloutId: 'r0', heldAt: '2026-01-01T00:00:00Z', reason: 'health-check-failed' });

  it('a move through a held version becomes held-after-failure naming the version and where it failed', () => {
    const [d] = applyFailedVersionHolds([move], [hold('1.9.1')]);
    expect(d).toMatchObject({ action: 'hold', code: 'held-after-failure', to: '1.10.0' });
    expect(d?.reason).toContain('1.9.1 failed on /subscriptions/s/c/x in rollout r0');
  });

  it.each([
    ['another version', hold('1.9.0')],
    ['another type', hold('1.9.1', 'microsoft.dapr')],
  ])('a hold on %s leaves the move alone', (_name, h) => {
    expect(applyFailedVersionHolds([move], [h])).toEqual([move]);
  });

  it('only moves are held; a v-prefixed hold matches', () => {
    const none: Decision = { ...move, action: 'none', code: 'up-to-date', to: null, path: [] };
    expect(applyFailedVersionHolds([none, move], [hold('v1.10.0')]).map((d) => d.code)).toEqual(['up-to-date', 'held-after-failure']);
  });
});

describe('catalog security flag', () => {
  const young = '2024-12-30T00:00:00Z'; // two days before NOW
  const policy = { ...defaultPolicy(), minReleaseAgeDays: 7 };
  const c = cluster();
  it('a young version waits for minReleaseAgeDays', () => {
    const [d] = planFleet(fleet(c), catalog([v('1.8.2'), v('1.8.5', { releasedAt: young })]), policy, NOW);
    expect(d?.to).toBeNull();
  });
  it('a young security fix skips the release-age wait', () => {
    const [d] = planFleet(fleet(c), catalog([v('1.8.2'), v('1.8.5', { releasedAt: young, security: true })]), policy, NOW);
    expect(d).toMatchObject({ action: 'upgrade', to: '1.8.5' });
  });
  it('but nothing else: an incompatible security fix is still not offered', () => {
    const [d] = planFleet(fleet(c), catalog([v('1.8.2'), v('1.8.5', { releasedAt: young, security: true, kubernetes: '>=1.31.0' })]), policy, NOW);
    expect(d?.to).toBeNull();
  });
  it('a version listed twice is a security fix only if every entry says so', () => {
    const [d] = planFleet(fleet(c), { extensionTypes: { 'microsoft.flux': { versions: [v('1.8.2'), v('1.8.5', { releasedAt: young, security: true }), v('1.8.5', { releasedAt: young })] } } }, policy, NOW);
    expect(d?.to).toBeNull();
  });
});
