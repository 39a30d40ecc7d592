import { assignRings, inBatches, ringFailureBudgetExceeded, type RingMember } from '../../src/domain/rollout';
import type { RingPolicy, RolloutPolicy } from '../../src/domain/model';

function ring(name: string, over: Partial<RingPolicy> = {}): RingPolicy {
  return { name, maxParallel: 2, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false, ...over };
}

function rollout(rings: RingPolicy[], ringTag = 'ring'): RolloutPolicy {
  return { ringTag, rings, defaultRing: ring('default'), approvalTimeoutMinutes: 60, maintenanceWindows: [], healthCheckTimeoutMinutes: 10, healthCheckIntervalSeconds: 30 };
}

const assigned = (clusters: RingMember[], policy: RolloutPolicy): [string, string[]][] => assignRings(clusters, policy).map((r) => [r.ring.name, r.clusterIds]);

describe('assignRings: the ring tag among other tags', () => {
  const policy = rollout([ring('canary'), ring('prod')]);

  it.each([
    ['the ring tag listed after other tags', { env: 'canary', team: 'x', ring: 'prod' }, 'prod'],
    ['the ring tag listed first', { ring: 'prod', env: 'canary' }, 'prod'],
    ['other tags only', { env: 'prod', owner: 'canary' }, 'default'],
    ['a ring value with surrounding spaces', { ring: '  Prod ' }, 'prod'],
  ])('%s', (_name, tags, expected) => {
    expect(assigned([{ clusterId: 'a', tags }], policy)).toEqual([[expected, ['a']]]);
  });

  it('reads the policy ring tag name, not a fixed one', () => {
    expect(assigned([{ clusterId: 'a', tags: { ring: 'canary', Wave: 'prod' } }], rollout([ring('canary'), ring('prod')], 'wave'))).toEqual([['prod', ['a']]]);
  });
});

describe('assignRings: ring names listed twice', () => {
  it('a cluster goes to the first ring of that name (case-insensitive), the later one stays empty and is dropped', () => {
    const first = ring('canary', { maxParallel: 1 });
    const second = ring('Canary', { maxParallel: 9 });
    const rings = assignRings([{ clusterId: 'a', tags: { ring: 'CANARY' } }], rollout([first, ring('prod'), second]));
    expect(rings).toEqual([{ ring: first, clusterIds: ['a'] }]);
  });

  it('keeps the policy order of rings, not the order clusters arrive in, with the default ring last', () => {
    const policy = rollout([ring('canary'), ring('early'), ring('prod')]);
    const clusters: RingMember[] = [
      { clusterId: 'p1', tags: { ring: 'prod' } },
      { clusterId: 'x', tags: {} },
      { clusterId: 'c1', tags: { ring: 'canary' } },
      { clusterId: 'p2', tags: { ring: 'PROD' } },
    ];
    expect(assigned(clusters, policy)).toEqual([
      ['canary', ['c1']],
      ['prod', ['p1', 'p2']],
      ['default', ['x']],
    ]);
  });

  it('a policy with no rings puts every cluster in the default ring', () => {
    expect(assigned([{ clusterId: 'a', tags: { ring: 'prod' } }, { clusterId: 'b', tags: {} }], rollout([]))).toEqual([['default', ['a', 'b']]]);
  });
});

describe('ringFailureBudgetExceeded: never for an empty ring', () => {
  it.each([
    [0, 0],
    [1, 0],
    [1, -1],
  ])('%i failed of %i clusters is within budget', (failed, total) => {
    expect(ringFailureBudgetExceeded(failed, total, { maxFailureRatio: 0 })).toBe(false);
  });

  it('one failure of one cluster exceeds a zero budget', () => {
    expect(ringFailureBudgetExceeded(1, 1, { maxFailureRatio: 0 })).toBe(true);
  });
});

describe('inBatches: fractional sizes round down', () => {
  it.each([
    [2.9, [[1, 2], [3]]],
    [0.5, [[1], [2], [3]]],
    [-3, [[1], [2], [3]]],
    [3, [[1, 2, 3]]],
  ])('size %f', (size, expected) => {
    expect(inBatches([1, 2, 3], size)).toEqual(expected);
  });
});
