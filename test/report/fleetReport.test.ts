import { buildFleetReport, filterProblems, kubernetesMinor, subscriptionOf } from '../../src/report/fleetReport';
import { markdownReport } from '../../src/report/markdownReport';
import { buildPlanReport } from '../../src/report/planReport';
import type { ClusterSnapshot, Decision, DecisionAction, FleetSnapshot } from '../../src/domain/model';
import { defaultPolicy } from '../../src/domain/policySchema';

const SUB_A = 'aaaaaaaa-0000-0000-0000-000000000001';
const SUB_B = 'bbbbbbbb-0000-0000-0000-000000000002';
const aks = (sub: string, name: string) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const cluster = (id: string, kubernetesVersion: string, ring?: string): ClusterSnapshot => ({ id, kubernetesVersion, tags: ring ? { Ring: ring } : {}, extensions: [] });
const decision = (clusterId: string, extensionType: string, from: string, action: DecisionAction, extensionName = extensionType.split('.').pop()!): Decision => ({
  clusterId, extensionName, extensionType, action, from, to: action === 'upgrade' || action === 'hold' ? '9.9.9' : null, moveKind: null, path: [], code: 'up-to-date', reason: `${action} | because`,
});

const rollout = { ...defaultPolicy().rollout, ringTag: 'ring', rings: [{ name: 'canary', maxParallel: 1, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false }, { name: 'prod', maxParallel: 1, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: true }] };
const c1 = aks(SUB_A, 'c1');
const c2 = aks(SUB_A, 'c2');
const c3 = aks(SUB_B, 'c3');
const snapshot: FleetSnapshot = { clusters: [cluster(c1, '1.29.4', 'canary'), cluster(c2, '1.29.0', 'prod'), cluster(c3, '1.30.2')] };
const decisions = [
  decision(c1, 'Microsoft.Flux', '1.8.2', 'upgrade'),
  decision(c2, 'microsoft.flux', '1.8.2', 'blocked'),
  decision(c3, 'microsoft.flux', '1.10.0', 'none'),
  decision(c1, 'microsoft.dapr', '1.12.0', 'hold'),
  decision(c2, 'microsoft.dapr', '1.12.0', 'wait'),
  decision(c3, 'microsoft.dapr', '1.13.1', 'error'),
];

describe('fleet report', () => {
  const report = buildFleetReport(snapshot, decisions, rollout, '2024-06-05T10:00:00.000Z');

  it('counts, per extension type, the extensions at each version on each Kubernetes minor, with their actions', () => {
    const flux = report.matrix.find((t) => t.extensionType === 'microsoft.flux')!;
    expect(flux.versions).toEqual(['1.10.0', '1.8.2']); // highest first, by semver (not by text)
    expect(flux.kubernetesMinors).toEqual(['1.29', '1.30']);
    expect(flux.cells).toEqual([
      { version: '1.10.0', kubernetesMinor: '1.30', count: 1, actions: { none: 1 }, noneCodes: { 'up-to-date': 1 } },
      { version: '1.8.2', kubernetesMinor: '1.29', count: 2, actions: { upgrade: 1, blocked: 1 } },
    ]);
    expect(report.matrix.map((t) => t.extensionType)).toEqual(['microsoft.dapr', 'microsoft.flux']);
  });

  it('lists blocked, error, wait and hold decisions, most severe first, with subscription and ring (an up-to-date none is not held back)', () => {
    expect(report.problems.map((p) => [p.action, p.cluster, p.subscription, p.ring])).toEqual([
      ['error', 'c3', SUB_B, 'default'], // no ring tag: the default ring
      ['blocked', 'c2', SUB_A, 'prod'], // tag name compared case-insensitively ("Ring")
      ['wait', 'c2', SUB_A, 'prod'],
      ['hold', 'c1', SUB_A, 'canary'],
    ]);
    expect(report.filters).toEqual({ subscriptions: [SUB_A, SUB_B], rings: ['canary', 'prod', 'default'], extensionTypes: ['microsoft.dapr', 'microsoft.flux'] });
    expect(report.summary).toEqual({ clusters: 3, extensions: 6, byAction: { upgrade: 1, blocked: 1, none: 1, hold: 1, wait: 1, error: 1 } });
  });

  it.each([
    [{ ring: 'PROD' }, ['blocked', 'wait']],
    [{ subscription: SUB_B }, ['error']],
    [{ extensionType: 'microsoft.dapr', action: 'hold' }, ['hold']],
    [{ ring: '', action: ' ' }, ['error', 'blocked', 'wait', 'hold']],
    [{ ring: 'nowhere' }, []],
  ])('filters problems by %j', (filter, actions) => {
    expect(filterProblems(report.problems, filter).map((p) => p.action)).toEqual(actions);
  });

  it.each([
    ['1.29.4', '1.29'],
    ['v1.30', '1.30'],
    ['v1.28.9+k3s1', '1.28'],
    ['1.30.0-eks-a1b2c3d', '1.30'],
    ['1.29.8-gke.1031000', '1.29'],
    ['1.29.1-hotfix', '1.29'],
    ['latest', null],
    ['1.29.', null],
  ])('Kubernetes minor of %s is %s (null: not a Kubernetes version; a distribution suffix is allowed)', (version, minor) => expect(kubernetesMinor(version)).toBe(minor));

  it('reads the subscription from an ARM id', () => {
    expect(subscriptionOf(c3)).toBe(SUB_B);
    expect(subscriptionOf('not-an-id')).toBe('');
  });

  it('markdown: one table per type, glyph and word per action, pipes escaped, long problem lists cut with a count', () => {
    const md = markdownReport(buildPlanReport(snapshot, decisions, rollout, '2024-06-05T10:00:00.000Z'), 2);
    expect(md).toContain('| 1.8.2 | **2** (⊘ 1 blocked, ↑ 1 upgrade) | · |');
    expect(md).toContain('### Held back (4)');
    expect(md).toContain('error \\| because');
    expect(md).toContain('… and 2 more');
    expect(md.split('\n').filter((l) => l.startsWith('| c')).length).toBe(3); // the one move, then 2 of the 4 held back
  });
});
