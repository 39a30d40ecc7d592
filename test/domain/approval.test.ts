import { authorizeApprover, judgeApproval, type ApprovalTarget, type ApproverPolicy, type Principal } from '../../src/domain/approval';

const fleet = (customStatus: Record<string, unknown>, input: Record<string, unknown> = { rolloutId: 'fleet-1', dryRun: false }): ApprovalTarget => ({ runtimeStatus: 'Running', input, customStatus });
const RINGS = { ringNames: ['canary', 'prod', 'default'], approvalRings: ['canary', 'prod'] };
const waitingCanary = fleet({ state: 'waiting-approval', ringIndex: 0, ...RINGS });

describe('judgeApproval: an approval means something', () => {
  it.each<[string, ApprovalTarget, string, string]>([
    ['unknown rollout', { runtimeStatus: 'NotFound' }, 'prod', 'unknown-rollout'],
    ['completed rollout', { runtimeStatus: 'Completed' }, 'prod', 'not-waiting'],
    ['failed rollout', { runtimeStatus: 'Failed' }, 'prod', 'not-waiting'],
    ['terminated rollout', { runtimeStatus: 'Terminated' }, 'prod', 'not-waiting'],
    ['dry-run rollout', fleet({ state: 'rolling', ringIndex: 0, ...RINGS }, { rolloutId: 'f', dryRun: true }), 'prod', 'not-waiting'],
    ['single-cluster rollout', fleet({}, { rolloutId: 'c', clusterId: '/subscriptions/x', dryRun: false }), 'prod', 'not-waiting'],
    ['halted rollout still running its last activity', fleet({ state: 'halted', ringIndex: 0, ...RINGS }), 'prod', 'not-waiting'],
    ['completed state', fleet({ state: 'completed', ringIndex: 2, ...RINGS }), 'prod', 'not-waiting'],
    ['rings not planned yet', fleet({ state: 'planning', ringIndex: 0 }), 'prod', 'not-waiting'],
    ['a ring the rollout does not have ("prd" for "prod")', waitingCanary, 'prd', 'bad-ring'],
    ['a ring that asks for no approval', waitingCanary, 'default', 'bad-ring'],
    ['a ring already past', fleet({ state: 'waiting-approval', ringIndex: 1, ...RINGS }), 'canary', 'bad-ring'],
    ['the current ring while it rolls (its approval is past)', fleet({ state: 'rolling', ringIndex: 0, ...RINGS }), 'canary', 'bad-ring'],
    ['the ring that waits', waitingCanary, 'canary', 'accepted'],
    ['a later ring, ahead of its turn', waitingCanary, 'prod', 'accepted'],
    ['a later ring while the current one bakes', fleet({ state: 'baking', ringIndex: 0, ...RINGS }), 'prod', 'accepted'],
    ['a pending rollout that planned its rings', { runtimeStatus: 'Pending', input: { dryRun: false }, customStatus: { state: 'waiting-approval', ringIndex: 0, ...RINGS } }, 'canary', 'accepted'],
  ])('%s → %s', (_name, target, ring, verdict) => {
    expect(judgeApproval(target, ring).verdict).toBe(verdict);
  });

  it('names the ring as the rollout spells it, and says when it is ahead', () => {
    expect(judgeApproval(waitingCanary, 'PROD')).toEqual({ verdict: 'accepted', ring: 'prod', ahead: true });
    expect(judgeApproval(waitingCanary, 'Canary')).toEqual({ verdict: 'accepted', ring: 'canary', ahead: false });
  });

  it('an unknown ring lists the rings of the rollout', () => {
    expect(judgeApproval(waitingCanary, 'prd')).toEqual({ verdict: 'bad-ring', problem: 'the rollout has no ring "prd"; its rings: canary, prod, default' });
  });
});

describe('authorizeApprover: who approves', () => {
  const alice: Principal = { identityProvider: 'aad', name: 'alice@contoso.com', roles: ['Rollout.Approver'], groups: [] };
  const bob: Principal = { identityProvider: 'aad', name: 'bob@contoso.com', roles: [], groups: ['6f1c2f0e-0000-4000-8000-000000000001'] };
  const eve: Principal = { identityProvider: 'aad', name: 'eve@contoso.com', roles: ['Reader'], groups: [] };
  const required: ApproverPolicy = { requireAuthentication: true, roles: ['rollout.approver'], groups: ['6F1C2F0E-0000-4000-8000-000000000001'] };
  const off: ApproverPolicy = { requireAuthentication: false, roles: [], groups: [] };

  it.each<[string, ApproverPolicy, Principal | undefined, string | undefined, unknown]>([
    ['required, nobody signed in → 401', required, undefined, 'mallory', { ok: false, status: 401 }],
    ['required, an allowed app role (case-insensitive)', required, alice, 'mallory', { ok: true, approvedBy: 'alice@contoso.com', authenticated: true }],
    ['required, an allowed group (case-insensitive)', required, bob, undefined, { ok: true, approvedBy: 'bob@contoso.com', authenticated: true }],
    ['required, neither role nor group → 403', required, eve, undefined, { ok: false, status: 403 }],
    ['required, nothing configured refuses everyone → 403', { requireAuthentication: true, roles: [], groups: [] }, alice, undefined, { ok: false, status: 403 }],
    ['off, nobody signed in: the claimed name, marked unauthenticated', off, undefined, 'ann', { ok: true, approvedBy: 'unauthenticated:ann', authenticated: false }],
    ['off, no claim either', off, undefined, undefined, { ok: true, approvedBy: 'unauthenticated:unknown', authenticated: false }],
    ['off, a principal passed in proves nothing: the claim is recorded, marked', off, eve, 'ann', { ok: true, approvedBy: 'unauthenticated:ann', authenticated: false }],
  ])('%s', (_name, policy, principal, claimed, expected) => {
    expect(authorizeApprover(policy, principal, claimed)).toMatchObject(expected as object);
  });
});
