/** Fleet Manager gates (fleetGates.ts): which gates are ours and what the app does at each, by the rules of issue 25. */
import { DEFAULT_GATE_PATTERN, fleetOfGate, gateAction, gateMembers, gatePlace, isOurGate, runKubernetesTarget, type FleetGate, type UpdateRun } from '../../src/domain/fleetGates';
import { thrownInputError } from '../support/thrownInputError';

const FLEET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/fleet-1';
const RUN = `${FLEET}/updateRuns/run-1`;
const aks = (n: string): string => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${n}`;
const arc = (n: string): string => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/${n}`;

function gate(over: Partial<FleetGate> = {}, target: Partial<FleetGate['target']> = {}): FleetGate {
  return { id: `${FLEET}/gates/12345678-910a-bcde-f000-000000000000`, displayName: 'extensions after canary', gateType: 'Approval', state: 'Pending', eTag: 'e1', target: { updateRunId: RUN, updateRunName: 'run-1', stage: 'canary', timing: 'After', ...target }, ...over };
}

function run(over: Partial<UpdateRun> = {}): UpdateRun {
  return {
    id: RUN,
    name: 'run-1',
    state: 'Running',
    upgradeType: 'Full',
    kubernetesVersion: '1.30.3',
    stages: [
      { name: 'canary', state: 'Running', groups: [{ name: 'g1', state: 'Completed', members: [{ name: 'm1', clusterResourceId: aks('c1'), state: 'Completed' }] }] },
      {
        name: 'prod',
        state: 'NotStarted',
        groups: [
          { name: 'east', state: 'NotStarted', members: [{ name: 'm2', clusterResourceId: aks('p1'), state: 'NotStarted' }, { name: 'm3', clusterResourceId: arc('a1'), state: 'NotStarted' }] },
          { name: 'west', state: 'NotStarted', members: [{ name: 'm4', clusterResourceId: aks('p2'), state: 'NotStarted' }] },
        ],
      },
    ],
    ...over,
  };
}

const pattern = new RegExp(DEFAULT_GATE_PATTERN, 'i');

describe('isOurGate: an Approval gate whose display name matches the pattern (default: starts with "extensions")', () => {
  it.each([
    ['extensions after canary', 'Approval', true],
    ['Extensions before prod', 'Approval', true],
    ['EXTENSIONS', 'approval', true],
    ['check extensions', 'Approval', false],
    ['Run health checks', 'Approval', false],
    ['', 'Approval', false],
    ['extensions after canary', 'ScheduledStart', false],
  ])('%j of type %s is ours: %s', (displayName, gateType, ours) => {
    expect(isOurGate({ displayName, gateType }, pattern)).toBe(ours);
  });

  it('follows a configured pattern', () => {
    expect(isOurGate({ displayName: 'addons: after', gateType: 'Approval' }, /^addons:/)).toBe(true);
    expect(isOurGate({ displayName: 'extensions', gateType: 'Approval' }, /^addons:/)).toBe(false);
  });
});

describe('fleetOfGate', () => {
  it.each([
    [`${FLEET}/gates/abc`, FLEET],
    [` ${FLEET}/gates/abc `, FLEET],
    [`${FLEET.toLowerCase()}/gates/abc`, FLEET.toLowerCase()],
    [`${FLEET}/updateRuns/run-1`, undefined],
    [`${FLEET}/gates/abc/more`, undefined],
    [aks('c1'), undefined],
    ['', undefined],
  ])('%s lies in %s', (id, fleet) => {
    expect(fleetOfGate(id)).toBe(fleet);
  });
});

describe('gateAction: what the app does at a gate read live', () => {
  it.each<[string, FleetGate | null, UpdateRun | null, string]>([
    ['a gate that no longer exists', null, run(), 'gate-deleted'],
    ['a gate approved by someone else first', gate({ state: 'Completed' }), run(), 'gate-approved-elsewhere'],
    ['a skipped gate', gate({ state: 'Skipped' }), run(), 'gate-skipped'],
    ['a gate whose run was deleted', gate(), null, 'gate-deleted'],
    ['a gate of a stopped run', gate(), run({ state: 'Stopped' }), 'update-run-stopped'],
    ['a gate of a stopping run', gate(), run({ state: 'Stopping' }), 'update-run-stopped'],
    ['a gate of a failed run', gate(), run({ state: 'Failed' }), 'update-run-stopped'],
    ['a gate of a completed run', gate(), run({ state: 'Completed' }), 'update-run-stopped'],
    ['a gate of a run not started', gate(), run({ state: 'NotStarted' }), 'update-run-stopped'],
    ['a gate on a stage the run does not have', gate({}, { stage: 'staging' }), run(), 'gate-deleted'],
    ['a gate on a group the stage does not have', gate({}, { stage: 'prod', group: 'north' }), run(), 'gate-deleted'],
  ])('%s is left alone (%s)', (_name, g, r, code) => {
    const action = gateAction(g, r);
    expect(action).toMatchObject({ kind: 'leave', code });
    expect(action.kind === 'leave' && action.reason.length > 0).toBe(true);
  });

  it.each<[string, Partial<FleetGate['target']>, string]>([
    ['a stage the run does not have', { stage: 'staging' }, 'Update run run-1 has no stage staging; nothing to approve.'],
    ['a group the stage does not have', { stage: 'prod', group: 'north' }, 'Update run run-1 has no group north in stage prod; nothing to approve.'],
    ['a gate without a stage', { stage: undefined }, 'Update run run-1 has no stage (none); nothing to approve.'],
  ])('the reason names %s', (_name, target, reason) => {
    const g = gate();
    const t = { ...g.target, ...target };
    if (target.stage === undefined && 'stage' in target) delete t.stage;
    expect(gateAction({ ...g, target: t }, run())).toEqual({ kind: 'leave', code: 'gate-deleted', reason });
  });

  it('a Pending After gate of a Running run rolls out the members of its stage', () => {
    expect(gateAction(gate(), run())).toEqual({ kind: 'rollout', clusterIds: [aks('c1')], otherMembers: [] });
  });

  it('a Pending gate of a Pending run (waiting on the gate) is acted on too', () => {
    expect(gateAction(gate(), run({ state: 'Pending' })).kind).toBe('rollout');
  });

  it('a Before stage gate checks every AKS member of every group of the stage on the run target; Arc members are listed apart', () => {
    expect(gateAction(gate({}, { stage: 'prod', timing: 'Before' }), run())).toEqual({
      kind: 'readiness',
      clusterIds: [aks('p1'), aks('p2')],
      kubernetes: { kind: 'version', version: '1.30.3' },
      otherMembers: [arc('a1')],
    });
  });

  it('a group gate stands for its group only (stage and group names in any case)', () => {
    expect(gateAction(gate({}, { stage: 'PROD', group: 'West', timing: 'Before' }), run())).toMatchObject({ kind: 'readiness', clusterIds: [aks('p2')], otherMembers: [] });
  });
});

describe('gateMembers', () => {
  it('is undefined for a stage gate without a stage name', () => {
    expect(gateMembers(run(), { updateRunId: RUN, updateRunName: 'run-1', timing: 'After' })).toBeUndefined();
  });
});

describe('runKubernetesTarget: the version the run moves its members to', () => {
  it.each<[string, string | undefined, unknown]>([
    ['Full', '1.30.3', { kind: 'version', version: '1.30.3' }],
    ['ControlPlaneOnly', '1.31', { kind: 'version', version: '1.31.0' }],
    ['NodeImageOnly', undefined, null],
    ['nodeimageonly', '1.30.3', null],
    ['Full', undefined, { kind: 'nextMinor' }],
  ])('%s to %s: %j', (upgradeType, kubernetesVersion, target) => {
    expect(runKubernetesTarget({ upgradeType, ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}) })).toEqual(target);
  });

  it('a run version that is no Kubernetes version is refused naming the field', () => {
    expect(thrownInputError(() => runKubernetesTarget({ upgradeType: 'Full', kubernetesVersion: 'latest' })).input).toBe('update run managedClusterUpdate.upgrade.kubernetesVersion');
  });
});

describe('gatePlace', () => {
  it.each([
    [{ stage: 'canary', timing: 'After' as const }, 'run-1 / canary (After)'],
    [{ stage: 'prod', group: 'east', timing: 'Before' as const }, 'run-1 / prod / east (Before)'],
    [{ timing: 'Before' as const }, 'run-1 / ? (Before)'],
  ])('%j reads %s', (target, text) => {
    expect(gatePlace({ updateRunId: RUN, updateRunName: 'run-1', ...target })).toBe(text);
  });
});
