/**
 * RolloutPlan rows do not outlive their rollout (Azurite, real Table client, replay engine): a fleet rollout that ends
 * deletes its plan, and a plan a rollout left behind (terminated before its end) is deleted when the next one plans.
 */
import { TableClient } from '@azure/data-tables';
import { encodeKey } from '../../src/azure/tables/tableKeys';
import { ROLLOUT_PLAN_TABLE } from '../../src/azure/tables/tableRolloutPlanStore';
import { startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';

describe('RolloutPlan rows end with their rollout', () => {
  let world: E2eWorld;
  let table: TableClient;
  const partitions = async (): Promise<string[]> => {
    const keys = new Set<string>();
    for await (const e of table.listEntities()) keys.add(e.partitionKey!);
    return [...keys].sort();
  };
  beforeAll(async () => {
    world = await startE2eWorld({ generate: { clusters: 16, subscriptions: 3, seed: 11, extensionsPerCluster: [2, 4] } });
    table = TableClient.fromConnectionString(world.azurite.connectionString, ROLLOUT_PLAN_TABLE, { allowInsecureConnection: true });
  });
  afterAll(() => world.close());

  it('a rollout that moved clusters leaves no plan rows, and a plan left by an ended rollout is swept by the next', async () => {
    // a plan left behind by a rollout that was terminated (never reached its end)
    await world.services.plans.write('fleet-terminated~1', [[{ clusterId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/a', kubernetesVersion: '1.30.1' }]]);
    expect(await partitions()).toEqual([encodeKey('fleet-terminated~1')]);
    // the rollout writes its own plan while it runs (its rows are read ring by ring)
    let seenWhileRunning: string[] = [];
    const read = world.services.plans.read.bind(world.services.plans);
    world.services.plans.read = async (...args) => {
      seenWhileRunning = await partitions();
      return read(...args);
    };

    const { rolloutId } = await world.runTimer();

    const status = await world.harness.status('fleet-rollout');
    expect(status.output).toMatchObject({ state: 'completed' });
    expect((status.output as { moves: { applied: number } }).moves.applied).toBeGreaterThan(0);
    expect(seenWhileRunning.length).toBeGreaterThan(0);
    expect(seenWhileRunning.every((p) => p.startsWith(encodeKey(`${rolloutId}~`)))).toBe(true); // the old plan was swept first
    expect(await partitions()).toEqual([]);
  });
});
