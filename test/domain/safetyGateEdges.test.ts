/**
 * The health gate and the ring gate at their edges (README "Safety gates": listed severities and status levels,
 * case-insensitive; alerts since the touch, `Closed` ones not counted; a ring halts above its failure budget or below
 * its success floor, a dry run is not held to the floor).
 */
import { describeAlert, extensionHealthSignals, matchingAlerts, type AlertSignal } from '../../src/domain/healthGate';
import type { ExtensionHealth } from '../../src/domain/model';
import { ringGate, rolloutFinalState, type RingTally } from '../../src/domain/ringGate';
import { AKS, alert } from './planFixtures';


describe('matchingAlerts: the alerts the gate counts', () => {
  const since = '2026-06-01T10:00:00Z';
  const gate = { alertSeverities: ['SEV0', 'sev1'], extensionStatusLevels: [] };
  it.each<[string, Partial<AlertSignal>, boolean]>([
    ['a severity listed in upper case, reported in mixed case', { severity: 'Sev0' }, true],
    ['a severity listed in lower case, reported in upper case', { severity: 'SEV1' }, true],
    ['an unlisted severity', { severity: 'Sev2' }, false],
    ['started one millisecond before the touch', { startDateTime: '2026-06-01T09:59:59.999Z' }, false],
    ['started exactly at the touch', { startDateTime: '2026-06-01T10:00:00.000Z' }, true],
    ['started at the touch, written with another offset', { startDateTime: '2026-06-01T12:00:00+02:00' }, true],
    ['acknowledged but not closed', { alertState: 'Acknowledged' }, true],
    ['closed, in lower case', { alertState: 'closed' }, false],
    ['closed, in upper case', { alertState: 'CLOSED' }, false],
    ['resolved and closed', { monitorCondition: 'Resolved', alertState: 'Closed' }, false],
  ])('%s → counts: %s', (_name, over, counts) => {
    const a = alert(over);
    expect(matchingAlerts(gate, [a], since)).toEqual(counts ? [a] : []);
  });

  it('keeps the counted alerts in the order given', () => {
    const a = alert({ id: 'a', severity: 'Sev1' });
    const b = alert({ id: 'b', severity: 'Sev3' });
    const c = alert({ id: 'c', severity: 'Sev0' });
    expect(matchingAlerts(gate, [a, b, c], since)).toEqual([a, c]);
  });

  it('no severity listed: no alert counts', () => {
    expect(matchingAlerts({ alertSeverities: [], extensionStatusLevels: ['Error'] }, [alert()], since)).toEqual([]);
  });
});

describe('describeAlert', () => {
  it('without a rule: no rule named; the condition in lower case', () => {
    expect(describeAlert(alert({ monitorCondition: 'Resolved', severity: 'Sev0', name: 'oom' }))).toBe(`alert Sev0 "oom" resolved at 2026-06-01T10:05:00Z on ${AKS}`);
  });
  it('with an empty rule: no rule named', () => {
    expect(describeAlert(alert({ alertRule: '' }))).toBe(`alert Sev1 "flux-reconcile-errors" fired at 2026-06-01T10:05:00Z on ${AKS}`);
  });
});

describe('extensionHealthSignals: the extension’s own signals', () => {
  const errors = { alertSeverities: [], extensionStatusLevels: ['ERROR'] };
  const health = (over: Partial<ExtensionHealth>): ExtensionHealth => ({ statuses: [], ...over });

  it('a status level compares case-insensitively both ways', () => {
    expect(extensionHealthSignals(errors, 'flux', health({ statuses: [{ code: 'A', level: 'error', message: 'pods crash' }] }))).toEqual(['extension flux status error A: pods crash']);
    expect(extensionHealthSignals({ ...errors, extensionStatusLevels: ['warning'] }, 'flux', health({ statuses: [{ code: 'B', level: 'Warning', message: 'slow' }] }))).toEqual(['extension flux status Warning B: slow']);
  });

  it('a status without a level never counts', () => {
    expect(extensionHealthSignals(errors, 'flux', health({ statuses: [{ code: 'A', message: 'no level' }] }))).toEqual([]);
  });

  it('a status without a code or a message is named without gaps or placeholders', () => {
    expect(extensionHealthSignals(errors, 'flux', health({ statuses: [{ level: 'Error', message: 'pods crash' }] }))).toEqual(['extension flux status Error : pods crash']);
    expect(extensionHealthSignals(errors, 'flux', health({ statuses: [{ level: 'Error', code: 'A' }] }))).toEqual(['extension flux status Error A:']);
    expect(extensionHealthSignals(errors, 'flux', health({ statuses: [{ level: 'Error', code: 'A', message: 'two\n  lines' }] }))).toEqual(['extension flux status Error A: two lines']);
  });

  it('errorInfo and a Failed extensionState count only when Error is listed', () => {
    const broken = health({ extensionState: 'Failed', errorInfo: { code: 'E1', message: 'boom' } });
    expect(extensionHealthSignals(errors, 'flux', broken)).toEqual(['extension flux errorInfo E1: boom', 'extension flux extensionState Failed']);
    expect(extensionHealthSignals({ ...errors, extensionStatusLevels: ['Warning', 'Information'] }, 'flux', broken)).toEqual([]);
  });

  it.each<[string, string | undefined, boolean]>([
    ['Failed', 'Failed', true],
    ['failed in lower case', 'failed', true],
    ['Ready', 'Ready', false],
    ['absent (older API versions)', undefined, false],
  ])('extensionState %s → counts: %s', (_name, extensionState, counts) => {
    const h = extensionState === undefined ? health({}) : health({ extensionState });
    expect(extensionHealthSignals(errors, 'flux', h)).toEqual(counts ? ['extension flux extensionState Failed'] : []);
  });
});

describe('ringGate: failure budget and success floor at their edges', () => {
  const tally = (clusters: number, succeeded: number, failed: number, skipped = clusters - succeeded - failed): RingTally => ({ clusters, succeeded, failed, skipped });
  const budget = (t: RingTally, name: string, ratio: number): unknown => ({
    ok: false,
    code: 'ring-failure-budget-exceeded',
    reason: `${t.failed} of ${t.clusters} clusters failed in ring ${name}, above its budget of ${ratio}.`,
  });

  it.each<[string, RingTally, { maxFailureRatio: number; minSuccessRatio?: number }, boolean, string]>([
    ['failures exactly at the budget (2/4 = 0.5): ok', tally(4, 2, 2), { maxFailureRatio: 0.5 }, false, 'ok'],
    ['one failure over the budget: halts', tally(4, 1, 3), { maxFailureRatio: 0.5 }, false, 'ring-failure-budget-exceeded'],
    ['a dry run over the budget still halts', tally(4, 0, 3), { maxFailureRatio: 0.5 }, true, 'ring-failure-budget-exceeded'],
    ['successes exactly at a floor of 1 (5/5): ok', tally(5, 5, 0), { maxFailureRatio: 1, minSuccessRatio: 1 }, false, 'ok'],
    ['one short of a floor of 1 (4/5): floor not met', tally(5, 4, 0), { maxFailureRatio: 1, minSuccessRatio: 1 }, false, 'ring-success-floor-not-met'],
    ['exactly at a floor of 0.5 (2/4): ok', tally(4, 2, 0), { maxFailureRatio: 1, minSuccessRatio: 0.5 }, false, 'ok'],
    ['exactly at a floor of 0.7 (7/10): ok', tally(10, 7, 0), { maxFailureRatio: 1, minSuccessRatio: 0.7 }, false, 'ok'],
    ['one short of a floor of 0.7 (6/10): floor not met', tally(10, 6, 0), { maxFailureRatio: 1, minSuccessRatio: 0.7 }, false, 'ring-success-floor-not-met'],
    ['just below a floor of 0.5 (1/3): floor not met', tally(3, 1, 0), { maxFailureRatio: 1, minSuccessRatio: 0.5 }, false, 'ring-success-floor-not-met'],
    ['a floor of 0 with no success: ok', tally(3, 0, 0), { maxFailureRatio: 1, minSuccessRatio: 0 }, false, 'ok'],
    ['an empty ring under a floor of 1: ok', tally(0, 0, 0), { maxFailureRatio: 0, minSuccessRatio: 1 }, false, 'ok'],
    ['a dry run below a floor of 1: ok', tally(5, 0, 0), { maxFailureRatio: 0, minSuccessRatio: 1 }, true, 'ok'],
  ])('%s', (_name, t, limits, dryRun, expected) => {
    const r = ringGate(t, { name: 'prod', ...limits }, dryRun);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });

  it('the budget sentence names failures, clusters, ring and budget', () => {
    const t = tally(4, 1, 3);
    expect(ringGate(t, { name: 'prod', maxFailureRatio: 0.5, minSuccessRatio: 1 }, false)).toEqual(budget(t, 'prod', 0.5));
  });
});

describe('rolloutFinalState', () => {
  it.each<[boolean, { failed: number }[], string]>([
    [true, [], 'halted'],
    [true, [{ failed: 2 }], 'halted'],
    [false, [], 'completed'],
    [false, [{ failed: 1 }, { failed: 0 }], 'completed-with-failures'],
  ])('halted=%s rings=%j → %s', (halted, rings, expected) => {
    expect(rolloutFinalState(halted, rings)).toBe(expected);
  });
});
