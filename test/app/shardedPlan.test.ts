import { fleetShards, mergeShardRings, partReads, ringSlot, type PlanPart, type PlannedRingRef } from '../../src/app/shardedPlan';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { ClusterSnapshot, RingPolicy } from '../../src/domain/model';

const sub = (n: number): string => `0000000${n}-0000-0000-0000-000000000000`;
const cluster = (subscription: string): ClusterSnapshot => ({ id: `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a`, kubernetesVersion: '1.30.1', tags: {}, extensions: [] });
const ring = (name: string): RingPolicy => ({ name, maxParallel: 1, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false });

describe('fleetShards', () => {
  it.each([
    { name: 'runs of the shard size, ascending and lower-case, duplicates once', subs: [sub(3), sub(1).toUpperCase(), sub(2), sub(1)], size: 2, expected: [[sub(1), sub(2)], [sub(3)]] },
    { name: 'one shard when the scope fits', subs: [sub(2), sub(1)], size: 300, expected: [[sub(1), sub(2)]] },
    { name: 'a size below 1 counts as 1', subs: [sub(1), sub(2)], size: 0, expected: [[sub(1)], [sub(2)]] },
  ])('subscriptions: $name', ({ subs, size, expected }) => {
    const shards = fleetShards({ subscriptions: subs, managementGroups: [] }, size);
    expect(shards.map((s) => s.scope)).toEqual(expected.map((subscriptions) => ({ subscriptions, managementGroups: [] })));
    expect(shards.every((s) => s.keep === undefined)).toBe(true);
  });

  it('puts the management groups last, keeping only clusters of subscriptions not listed', () => {
    const shards = fleetShards({ subscriptions: [sub(1)], managementGroups: ['platform'] }, 300);
    expect(shards.map((s) => s.scope)).toEqual([{ subscriptions: [sub(1)], managementGroups: [] }, { subscriptions: [], managementGroups: ['platform'] }]);
    const keep = shards[1]!.keep!;
    expect([keep(cluster(sub(1).toUpperCase())), keep(cluster(sub(2)))]).toEqual([false, true]);
  });

  it('keeps every cluster of a management-group-only scope, and an empty scope is one empty shard', () => {
    expect(fleetShards({ subscriptions: [], managementGroups: ['root'] })).toEqual([{ scope: { subscriptions: [], managementGroups: ['root'] } }]);
    expect(fleetShards({ subscriptions: [], managementGroups: [] })).toEqual([{ scope: { subscriptions: [], managementGroups: [] } }]);
  });
});

describe('partReads', () => {
  const parts: PlanPart[] = [
    { planId: 'a', ringIndex: 0, clusters: 3 },
    { planId: 'b', ringIndex: 1, clusters: 0 },
    { planId: 'c', ringIndex: 2, clusters: 4 },
  ];
  it.each([
    { name: 'inside the first part', offset: 0, count: 2, expected: [{ planId: 'a', ringIndex: 0, offset: 0, count: 2 }] },
    { name: 'across a part boundary (an empty part skipped)', offset: 2, count: 3, expected: [{ planId: 'a', ringIndex: 0, offset: 2, count: 1 }, { planId: 'c', ringIndex: 2, offset: 0, count: 2 }] },
    { name: 'inside a later part', offset: 4, count: 2, expected: [{ planId: 'c', ringIndex: 2, offset: 1, count: 2 }] },
    { name: 'cut at the ring end', offset: 5, count: 10, expected: [{ planId: 'c', ringIndex: 2, offset: 2, count: 2 }] },
    { name: 'past the end: nothing', offset: 7, count: 5, expected: [] },
    { name: 'no count: nothing', offset: 1, count: 0, expected: [] },
  ])('$name', ({ offset, count, expected }) => {
    expect(partReads(parts, offset, count)).toEqual(expected);
  });
});

describe('mergeShardRings', () => {
  it('adds each slot up shard after shard, in slot order, whatever slots a shard lacks', () => {
    const [canary, prod, other] = [ring('canary'), ring('prod'), ring('default')];
    const shard1: PlannedRingRef[] = [{ ring: prod, slot: 1, clusters: 2, parts: [{ planId: 's1', ringIndex: 0, clusters: 2 }] }];
    const shard2: PlannedRingRef[] = [
      { ring: canary, slot: 0, clusters: 1, parts: [{ planId: 's2', ringIndex: 0, clusters: 1 }] },
      { ring: prod, slot: 1, clusters: 3, parts: [{ planId: 's2', ringIndex: 1, clusters: 3 }] },
      { ring: other, slot: 2, clusters: 1, parts: [{ planId: 's2', ringIndex: 2, clusters: 1 }] },
    ];
    expect(mergeShardRings([shard1, [], shard2])).toEqual([
      { ring: canary, slot: 0, clusters: 1, parts: [{ planId: 's2', ringIndex: 0, clusters: 1 }] },
      { ring: prod, slot: 1, clusters: 5, parts: [{ planId: 's1', ringIndex: 0, clusters: 2 }, { planId: 's2', ringIndex: 1, clusters: 3 }] },
      { ring: other, slot: 2, clusters: 1, parts: [{ planId: 's2', ringIndex: 2, clusters: 1 }] },
    ]);
    expect(shard1[0]!.parts).toHaveLength(1); // inputs untouched
  });

  it('ringSlot: a policy ring by position, the default ring after them', () => {
    const rollout = defaultPolicy().rollout;
    rollout.rings = [ring('canary'), ring('prod')];
    expect([ringSlot(rollout.rings[1]!, rollout), ringSlot(rollout.defaultRing, rollout)]).toEqual([1, 2]);
  });
});
