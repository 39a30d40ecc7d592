/** Gate verdicts (gateVerdicts.ts): readiness before a stage, outcome after it, the ring a stage follows. */
import type { Decision, RingPolicy } from '../../src/domain/model';
import { outcomeVerdict, readinessBlockers, readinessVerdict, ringForStage, type GateBlocker } from '../../src/domain/gateVerdicts';
import { AKS } from './planFixtures';

function decision(action: Decision['action'], code: Decision['code'] = 'up-to-date', extensionName = 'flux'): Decision {
  return { clusterId: AKS, extensionName, extensionType: 'microsoft.flux', action, from: '1.8.2', to: null, moveKind: null, path: [], code, reason: `${action} because` };
}

const blocker = (n: number): GateBlocker => ({ clusterId: `${AKS}-${n}`, extensionName: `ext${n}`, action: 'blocked', code: 'incompatible-no-allowed-version', reason: 'r' });

describe('readinessBlockers: blocked and error decisions stop a run; every other action does not', () => {
  it.each<[Decision['action'], boolean]>([
    ['blocked', true],
    ['error', true],
    ['upgrade', false],
    ['hold', false],
    ['wait', false],
    ['skip', false],
    ['none', false],
  ])('%s blocks: %s', (action, blocks) => {
    expect(readinessBlockers([decision(action)]).length).toBe(blocks ? 1 : 0);
  });

  it('keeps the cluster, extension, action, code and reason of each blocker', () => {
    expect(readinessBlockers([decision('none'), decision('blocked', 'incompatible-no-allowed-version', 'dapr')])).toEqual([
      { clusterId: AKS, extensionName: 'dapr', action: 'blocked', code: 'incompatible-no-allowed-version', reason: 'blocked because' },
    ]);
  });
});

describe('readinessVerdict', () => {
  it('approves when no member would be blocked', () => {
    expect(readinessVerdict([], 3, false)).toEqual({ approve: true, reason: 'All 3 member(s) have an allowed path on the target version.' });
  });

  it('holds with gate-held-not-ready naming cluster/extension (code) of the first three blockers and how many more', () => {
    const verdict = readinessVerdict([blocker(1), blocker(2), blocker(3), blocker(4), blocker(5)], 4, false);
    expect(verdict).toMatchObject({ approve: false, code: 'gate-held-not-ready' });
    const reason = verdict.reason;
    expect(reason).toContain('5 extension(s) of 4 member(s)');
    expect(reason).toContain('aks-1-1/ext1 (incompatible-no-allowed-version), aks-1-2/ext2 (incompatible-no-allowed-version), aks-1-3/ext3 (incompatible-no-allowed-version) and 2 more.');
    expect(reason).not.toContain('ext4');
  });

  it('says nothing of "more" with three blockers or fewer', () => {
    expect(readinessVerdict([blocker(1)], 1, false).reason).not.toContain('more');
    expect(readinessVerdict([blocker(1), blocker(2), blocker(3)], 1, false).reason).not.toContain('more');
  });

  it('a dry run approves nothing but says it would', () => {
    expect(readinessVerdict([], 2, true)).toEqual({ approve: false, code: 'dry-run', reason: 'Dry run: all 2 member(s) ready; the gate would be approved.' });
  });

  it('a dry run still reports blockers as not ready', () => {
    expect(readinessVerdict([blocker(1)], 1, true)).toMatchObject({ approve: false, code: 'gate-held-not-ready' });
  });
});

describe('outcomeVerdict: the stage against its ring policy', () => {
  const ring: Pick<RingPolicy, 'name' | 'maxFailureRatio' | 'minSuccessRatio'> = { name: 'canary', maxFailureRatio: 0.25, minSuccessRatio: 0.5 };

  it.each([
    [{ clusters: 4, succeeded: 3, failed: 1, skipped: 0 }, true, undefined],
    [{ clusters: 4, succeeded: 2, failed: 2, skipped: 0 }, false, 'gate-held-by-outcome'],
    [{ clusters: 4, succeeded: 1, failed: 0, skipped: 3 }, false, 'gate-held-by-outcome'],
    [{ clusters: 4, succeeded: 2, failed: 0, skipped: 2 }, true, undefined],
    [{ clusters: 0, succeeded: 0, failed: 0, skipped: 0 }, true, undefined],
  ])('%j: approve %s', (tally, approve, code) => {
    const verdict = outcomeVerdict(tally, ring, false);
    expect(verdict.approve).toBe(approve);
    if (!verdict.approve) expect(verdict.code).toBe(code);
  });

  it('an approval says how the stage ended', () => {
    expect(outcomeVerdict({ clusters: 4, succeeded: 3, failed: 1, skipped: 0 }, ring, false)).toEqual({
      approve: true,
      reason: "3 of 4 member(s) moved their extensions (1 failed, 0 with nothing to move), within ring canary's policy.",
    });
  });

  it('a hold says what a person can do', () => {
    const verdict = outcomeVerdict({ clusters: 2, succeeded: 0, failed: 2, skipped: 0 }, ring, false);
    expect(verdict.reason).toContain('2 of 2 clusters failed in ring canary');
    expect(verdict.reason).toContain('approve the gate yourself');
  });

  it('a dry run approves nothing; its failures still hold', () => {
    expect(outcomeVerdict({ clusters: 2, succeeded: 0, failed: 0, skipped: 2 }, ring, true)).toEqual({ approve: false, code: 'dry-run', reason: 'Dry run: 2 member(s) planned; the gate would be approved.' });
    expect(outcomeVerdict({ clusters: 2, succeeded: 0, failed: 2, skipped: 0 }, ring, true)).toMatchObject({ approve: false, code: 'gate-held-by-outcome' });
  });
});

describe('ringForStage: the ring of the same name, else the default ring', () => {
  const ringOf = (name: string): RingPolicy => ({ name, maxParallel: 1, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false });
  const rollout = { rings: [ringOf('canary'), ringOf('prod')], defaultRing: ringOf('default') };

  it.each([
    ['canary', 'canary'],
    ['PROD', 'prod'],
    ['staging', 'default'],
    [undefined, 'default'],
  ])('stage %s follows ring %s', (stage, ring) => {
    expect(ringForStage(rollout, stage).name).toBe(ring);
  });
});
