import fc from 'fast-check';
import { assignRings, inBatches, ringFailureBudgetExceeded } from '../../src/domain/rollout';
import type { RingPolicy, RolloutPolicy } from '../../src/domain/model';

function ring(name: string, over: Partial<RingPolicy> = {}): RingPolicy {
  return { name, maxParallel: 2, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false, ...over };
}

function rollout(rings: RingPolicy[]): RolloutPolicy {
  return {
    ringTag: 'ring',
    rings,
    defaultRing: ring('default'),
    approvalTimeoutMinutes: 60,
    maintenanceWindows: [],
    healthCheckTimeoutMinutes: 10,
    healthCheckIntervalSeconds: 30,
  };
}

/** Tags with the ring tag when given. */
function ringTags(tag: string | null): Record<string, string> {
  const tags: Record<string, string> = {};
  if (tag !== null) tags.ring = tag;
  return tags;
}

describe('assignRings', () => {
  const policy = rollout([ring('canary'), ring('prod')]);

  it.each([
    ['matches ring tag values case-insensitively', [{ clusterId: 'a', tags: { ring: 'CANARY' } }], [['canary', ['a']]]],
    ['matches the tag name case-insensitively', [{ clusterId: 'a', tags: { Ring: 'prod' } }], [['prod', ['a']]]],
    ['puts untagged clusters in the default ring', [{ clusterId: 'a', tags: {} }], [['default', ['a']]]],
    ['puts unknown tag values in the default ring', [{ clusterId: 'a', tags: { ring: 'lab' } }], [['default', ['a']]]],
    [
      'orders rings by policy with the default ring last and drops empty rings',
      [
        { clusterId: 'x', tags: {} },
        { clusterId: 'p', tags: { ring: 'prod' } },
        { clusterId: 'q', tags: { ring: 'prod' } },
      ],
      [
        ['prod', ['p', 'q']],
        ['default', ['x']],
      ],
    ],
    ['keeps a cluster once when listed twice', [{ clusterId: 'a', tags: {} }, { clusterId: 'A', tags: { ring: 'prod' } }], [['default', ['a']]]],
    ['returns no rings for no clusters', [], []],
  ] as const)('%s', (_name, clusters, expected) => {
    const result = assignRings(clusters.map((c) => ({ clusterId: c.clusterId, tags: { ...c.tags } })), policy);
    expect(result.map((r) => [r.ring.name, r.clusterIds])).toEqual(expected);
  });

  it('assigns every cluster to exactly one ring (property)', () => {
    const names = ['canary', 'prod', 'lab', 'CANARY'];
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ clusterId: fc.string({ minLength: 1 }), tag: fc.option(fc.constantFrom(...names)) }), { selector: (c) => c.clusterId.toLowerCase() }), (clusters) => {
        const rings = assignRings(
          clusters.map((c) => ({ clusterId: c.clusterId, tags: ringTags(c.tag) })),
          policy,
        );
        const all = rings.flatMap((r) => r.clusterIds);
        expect(all.sort()).toEqual(clusters.map((c) => c.clusterId).sort());
        expect(rings.every((r) => r.clusterIds.length > 0)).toBe(true);
      }),
    );
  });
});

describe('ringFailureBudgetExceeded', () => {
  it.each([
    [0, 10, 0, false],
    [1, 10, 0, true],
    [1, 10, 0.1, false],
    [2, 10, 0.1, true],
    [5, 10, 0.5, false],
    [0, 0, 0, false],
    [3, 3, 1, false],
  ])('%i failed of %i with ratio %f → %s', (failed, total, ratio, expected) => {
    expect(ringFailureBudgetExceeded(failed, total, { maxFailureRatio: ratio })).toBe(expected);
  });
});

describe('inBatches', () => {
  it.each([
    [[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
    [[1, 2], 5, [[1, 2]]],
    [[1, 2], 0, [[1], [2]]],
    [[], 3, []],
  ])('splits %j by %i', (items, size, expected) => {
    expect(inBatches(items, size)).toEqual(expected);
  });
});
