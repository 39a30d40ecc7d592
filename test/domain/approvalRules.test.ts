/**
 * The approval rules at their boundaries (README "Approvals": an approval is raised only for a running fleet rollout
 * that is not a dry run, for a ring it has that asks for an approval and whose turn is now or later).
 */
import { authorizeApprover, judgeApproval, UNAUTHENTICATED_PREFIX, type ApprovalTarget, type ApproverPolicy, type Principal } from '../../src/domain/approval';

const RING_NAMES = ['canary', 'prod', 'default'];
const waiting = (customStatus: Record<string, unknown>, runtimeStatus = 'Running', input: unknown = { rolloutId: 'fleet-1', dryRun: false }): ApprovalTarget => ({
  runtimeStatus,
  input,
  customStatus: { ringNames: RING_NAMES, approvalRings: RING_NAMES, ...customStatus },
});

describe('judgeApproval: the runtime status of the instance', () => {
  it('an unknown instance is an unknown rollout', () => {
    expect(judgeApproval({ runtimeStatus: 'NotFound' }, 'canary')).toEqual({ verdict: 'unknown-rollout', problem: 'no rollout with this instance id' });
  });

  it.each(['Running', 'Pending', 'ContinuedAsNew'])('%s is alive: an approval of the waiting ring is accepted', (runtimeStatus) => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 0 }, runtimeStatus), 'canary')).toEqual({ verdict: 'accepted', ring: 'canary', ahead: false });
  });

  it.each(['Completed', 'Failed', 'Terminated', 'Suspended', 'Canceled'])('%s: nothing waits, the problem names the status', (runtimeStatus) => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 0 }, runtimeStatus), 'canary')).toEqual({
      verdict: 'not-waiting',
      problem: `the rollout is ${runtimeStatus}: nothing waits for an approval`,
    });
  });
});

describe('judgeApproval: the rollout input', () => {
  it.each<[string, unknown]>([
    ['no input', undefined],
    ['a null input', null],
    ['an input that is not an object', 'fleet-1'],
    ['dryRun false', { dryRun: false }],
    ['dryRun given as text (only true means a dry run)', { dryRun: 'true' }],
    ['a clusterId that is not text', { clusterId: 42 }],
  ])('%s: read as a fleet rollout that is not a dry run', (_name, input) => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 0 }, 'Running', input), 'canary').verdict).toBe('accepted');
  });

  it('a dry run asks for no approval', () => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 0 }, 'Running', { dryRun: true }), 'canary')).toEqual({
      verdict: 'not-waiting',
      problem: 'the rollout is a dry run: it asks for no approval',
    });
  });

  it('a single-cluster rollout asks for no approval', () => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 0 }, 'Running', { clusterId: '/subscriptions/s/c' }), 'canary')).toEqual({
      verdict: 'not-waiting',
      problem: 'a single-cluster rollout asks for no approval',
    });
  });
});

describe('judgeApproval: the state of a fleet rollout', () => {
  it.each(['halted', 'completed', 'completed-with-failures'])('%s: nothing waits, the problem names the state', (state) => {
    expect(judgeApproval(waiting({ state, ringIndex: 0 }), 'prod')).toEqual({ verdict: 'not-waiting', problem: `the rollout is ${state}: nothing waits for an approval` });
  });

  it.each(['rolling', 'baking', 'waiting-freeze', undefined])('%s: a later ring may still be approved ahead', (state) => {
    expect(judgeApproval(waiting({ state, ringIndex: 0 }), 'prod')).toEqual({ verdict: 'accepted', ring: 'prod', ahead: true });
  });

  it.each<[string, unknown]>([
    ['no custom status', undefined],
    ['a null custom status', null],
    ['no ring names', { state: 'planning', ringIndex: 0 }],
    ['ring names that are not a list', { state: 'planning', ringIndex: 0, ringNames: 'canary' }],
    ['ring names with a non-text entry', { state: 'planning', ringIndex: 0, ringNames: ['canary', 7] }],
  ])('%s: the rings are not planned yet', (_name, customStatus) => {
    expect(judgeApproval({ runtimeStatus: 'Running', input: { dryRun: false }, customStatus }, 'canary')).toEqual({
      verdict: 'not-waiting',
      problem: 'the rollout has not planned its rings yet: try again in a moment',
    });
  });
});

describe('judgeApproval: which ring', () => {
  it('a rollout without rings has no ring to approve', () => {
    expect(judgeApproval({ runtimeStatus: 'Running', customStatus: { state: 'planning', ringNames: [] } }, 'canary')).toEqual({
      verdict: 'bad-ring',
      problem: 'the rollout has no ring "canary"; its rings: (none)',
    });
  });

  it('a ring that asks for no approval is named as the rollout spells it', () => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 0, approvalRings: ['prod'] }), 'CANARY')).toEqual({ verdict: 'bad-ring', problem: 'ring "canary" asks for no approval' });
  });

  it('approval rings compare case-insensitively', () => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 1, approvalRings: ['PROD'] }), 'prod')).toEqual({ verdict: 'accepted', ring: 'prod', ahead: false });
  });

  it.each<[string, unknown]>([
    ['no approval rings listed', undefined],
    ['approval rings that are not a list of names', [1, 2]],
  ])('%s: every ring asks for one', (_name, approvalRings) => {
    const target: ApprovalTarget = { runtimeStatus: 'Running', customStatus: { state: 'waiting-approval', ringIndex: 2, ringNames: RING_NAMES, approvalRings } };
    expect(judgeApproval(target, 'default')).toEqual({ verdict: 'accepted', ring: 'default', ahead: false });
  });

  it('an empty approval-ring list means no ring asks for one', () => {
    expect(judgeApproval(waiting({ state: 'waiting-approval', ringIndex: 0, approvalRings: [] }), 'canary').verdict).toBe('bad-ring');
  });
});

describe('judgeApproval: the ring index (now, ahead or past)', () => {
  type Row = [string, Record<string, unknown>, string, unknown];
  const past = (ring: string): unknown => ({ verdict: 'bad-ring', problem: `ring "${ring}" is already past its approval` });
  it.each<Row>([
    ['first ring, waiting for it', { state: 'waiting-approval', ringIndex: 0 }, 'canary', { verdict: 'accepted', ring: 'canary', ahead: false }],
    ['first ring, still planning', { state: 'planning', ringIndex: 0 }, 'canary', { verdict: 'accepted', ring: 'canary', ahead: false }],
    ['first ring while it rolls', { state: 'rolling', ringIndex: 0 }, 'canary', past('canary')],
    ['first ring while it bakes', { state: 'baking', ringIndex: 0 }, 'canary', past('canary')],
    ['the next ring while the first rolls', { state: 'rolling', ringIndex: 0 }, 'prod', { verdict: 'accepted', ring: 'prod', ahead: true }],
    ['the ring before the current one, even while the current waits', { state: 'waiting-approval', ringIndex: 1 }, 'canary', past('canary')],
    ['the ring before the current one while it plans', { state: 'planning', ringIndex: 1 }, 'canary', past('canary')],
    ['last ring, waiting for it', { state: 'waiting-approval', ringIndex: 2 }, 'default', { verdict: 'accepted', ring: 'default', ahead: false }],
    ['last ring while it rolls', { state: 'rolling', ringIndex: 2 }, 'default', past('default')],
    ['last ring ahead of its turn', { state: 'rolling', ringIndex: 1 }, 'default', { verdict: 'accepted', ring: 'default', ahead: true }],
    ['a ring index past the last ring: every ring is past', { state: 'rolling', ringIndex: 3 }, 'default', past('default')],
    ['no ring index counts as the first ring', { state: 'waiting-approval' }, 'canary', { verdict: 'accepted', ring: 'canary', ahead: false }],
    ['a ring index that is not a number counts as the first ring', { state: 'rolling', ringIndex: '2' }, 'prod', { verdict: 'accepted', ring: 'prod', ahead: true }],
    ['a ring index that is not a number: the first ring while it rolls is past', { state: 'rolling', ringIndex: '2' }, 'canary', past('canary')],
  ])('%s', (_name, status, ring, expected) => {
    expect(judgeApproval(waiting(status), ring)).toEqual(expected);
  });
});

describe('authorizeApprover: roles and groups at their edges', () => {
  const person = (roles: string[], groups: string[] = []): Principal => ({ identityProvider: 'aad', name: 'pat@contoso.com', roles, groups });
  const policy = (roles: string[], groups: string[] = []): ApproverPolicy => ({ requireAuthentication: true, roles, groups });
  const yes = { ok: true, approvedBy: 'pat@contoso.com', authenticated: true };
  const no = { ok: false, status: 403, problem: 'pat@contoso.com has none of the approver roles or groups', caller: 'pat@contoso.com' };

  it.each<[string, ApproverPolicy, Principal, unknown]>([
    ['a role configured in upper case, held in lower case', policy(['Reconciler.Approve']), person(['reconciler.approve']), yes],
    ['a role configured in lower case, held in upper case', policy(['reconciler.approve']), person(['RECONCILER.APPROVE']), yes],
    ['only groups configured: a member of one', policy([], ['g-1', 'G-2']), person([], ['g-2']), yes],
    ['only groups configured: a group held in upper case', policy([], ['g-1']), person([], ['G-1']), yes],
    ['only groups configured: a role of the same name does not count', policy([], ['g-1']), person(['g-1']), no],
    ['only roles configured: a group of the same name does not count', policy(['approver']), person([], ['approver']), no],
    ['the second configured role', policy(['a', 'b']), person(['b']), yes],
    ['a principal without roles or groups', policy(['a'], ['g']), person([]), no],
  ])('%s', (_name, p, principal, expected) => {
    expect(authorizeApprover(p, principal, undefined)).toEqual(expected);
  });

  it('nobody configured: everybody is refused, with the reason', () => {
    expect(authorizeApprover(policy([]), person(['a'], ['g']), undefined)).toEqual({ ok: false, status: 403, problem: 'no approver role or group is configured: nobody may approve', caller: 'pat@contoso.com' });
  });

  it('authentication required and nobody signed in: 401 naming what is needed', () => {
    expect(authorizeApprover(policy(['a']), undefined, 'ann')).toEqual({
      ok: false,
      status: 401,
      problem: 'approvals need a verified caller: send a Microsoft Entra ID access token (Authorization: Bearer)',
    });
  });

  it('authentication off: nothing is proven, so even a principal passed in is recorded as the unauthenticated claim', () => {
    expect(authorizeApprover({ requireAuthentication: false, roles: ['a'], groups: [] }, person(['a']), 'ann')).toEqual({ ok: true, approvedBy: `${UNAUTHENTICATED_PREFIX}ann`, authenticated: false });
    expect(authorizeApprover({ requireAuthentication: false, roles: [], groups: [] }, person([]), undefined)).toEqual({ ok: true, approvedBy: `${UNAUTHENTICATED_PREFIX}unknown`, authenticated: false });
    expect(authorizeApprover({ requireAuthentication: false, roles: [], groups: [] }, undefined, 'ann')).toEqual({ ok: true, approvedBy: `${UNAUTHENTICATED_PREFIX}ann`, authenticated: false });
    expect(UNAUTHENTICATED_PREFIX).toBe('unauthenticated:');
  });
});
