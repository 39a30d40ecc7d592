/**
 * Sharded planning: the fleet rollout plans a seeded fleet shard by shard (2 subscriptions a shard, 4 shards) and rolls
 * out exactly the plan of one pass over the whole fleet: the domain's decisions (one planned audit row each) and its
 * rings (assignRings over the clusters with moves, in the order Resource Graph answers one query: cluster id ascending).
 */
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { assignRings } from '../../src/domain/rollout';
import type { Policy } from '../../src/domain/model';
import { FLEET_ROLLOUT_INSTANCE_ID, type ClusterRolloutInput } from '../../src/host/rolloutContracts';
import { setServices } from '../../src/host/services';
import { generateFleet, toCatalog, toFleetSnapshot } from '../../simulator/fleetGenerator';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { fakeWorld } from '../../simulator/world/fakePorts';

const NOW = new Date('2026-01-05T10:00:00Z');

function policy(): Policy {
  const p = defaultPolicy();
  p.rollout.ringTag = 'ring';
  p.rollout.rings = [
    { name: 'canary', maxParallel: 3, bakeMinutes: 0, maxFailureRatio: 1, requireApproval: false },
    { name: 'broad', maxParallel: 5, bakeMinutes: 0, maxFailureRatio: 1, requireApproval: false },
  ];
  return p;
}

describe('fleetRollout plans in shards', () => {
  it('plans 4 shards of 2 subscriptions and rolls out the plan of one pass over the whole fleet', async () => {
    const fleet = generateFleet({ clusters: 90, subscriptions: 7, seed: 27, extensionsPerCluster: [2, 5] });
    const snapshot = toFleetSnapshot(fleet);
    // Resource Graph answers the fleet query in cluster id order
    snapshot.clusters.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const catalog = toCatalog(fleet);
    const subscriptions = [...new Set(snapshot.clusters.map((c) => c.id.split('/')[2]!))].reverse();
    const world = fakeWorld({ clusters: snapshot.clusters, catalog, policy: policy(), scope: { subscriptions, managementGroups: [] }, dryRun: true });
    setServices(world.services);

    // expected: one pass of the domain over the whole fleet
    const decisions = planFleet(snapshot, catalog, policy(), NOW);
    const withMoves = new Set(decisions.filter((d) => d.action === 'upgrade').map((d) => d.clusterId));
    const rings = assignRings(snapshot.clusters.filter((c) => withMoves.has(c.id)).map((c) => ({ clusterId: c.id, tags: c.tags })), policy().rollout);
    const expectedOrder = rings.flatMap((r) => r.clusterIds.map((id) => `${r.ring.name} ${id}`));
    expect(rings.length).toBeGreaterThan(1); // the seed gives moves in several rings

    const harness = new DurableHarness({ now: NOW });
    await harness.start('fleetRollout', FLEET_ROLLOUT_INSTANCE_ID, { rolloutId: 'fleet-shards', trigger: { kind: 'timer' }, dryRun: true, subscriptionsPerShard: 2 });
    const status = await harness.runToCompletion(FLEET_ROLLOUT_INSTANCE_ID);

    expect(status.output).toMatchObject({ state: 'completed', rings: rings.map((r) => ({ name: r.ring.name, clusters: r.clusterIds.length })) });
    const firstExecution = harness.pastExecutions(FLEET_ROLLOUT_INSTANCE_ID)[0]?.history ?? harness.history(FLEET_ROLLOUT_INSTANCE_ID);
    expect(firstExecution.filter((e) => e.EventType === 4 && e.Name === 'planFleet')).toHaveLength(4);
    const key = (d: { clusterId: string; extensionName: string; code: string; to: string | null }): string => `${d.clusterId} ${d.extensionName} ${d.code} ${d.to ?? ''}`;
    const planned = world.audit.all().filter((r) => r.kind === 'planned');
    expect(planned.map(key).sort()).toEqual(decisions.map(key).sort());
    const rolledOut = harness
      .instanceIds()
      .filter((id) => id !== FLEET_ROLLOUT_INSTANCE_ID)
      .map((id) => harness.status(id))
      .map(async (s) => (await s).input as ClusterRolloutInput);
    expect((await Promise.all(rolledOut)).map((i) => `${i.ring} ${i.clusterId}`)).toEqual(expectedOrder);
    // the rollout's plan rows are gone once it ended
    expect(world.plans.plans.size).toBe(0);
  });
});
