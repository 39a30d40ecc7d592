import { TableClient } from '@azure/data-tables';
import type { PlannedClusterRef } from '../../../src/domain/ports';
import { PLAN_CHUNK_SIZE, ROLLOUT_PLAN_TABLE, TableRolloutPlanStore } from '../../../src/azure/tables/tableRolloutPlanStore';
import { encodeKey } from '../../../src/azure/tables/tableKeys';
import { startAzurite, type AzuriteTables } from '../../../simulator/world/azurite';

const cluster = (ring: string, n: number): PlannedClusterRef => ({
  clusterId: `/subscriptions/00000000-0000-0000-0000-00000000000${n % 3}/resourceGroups/rg-${ring}/providers/Microsoft.Kubernetes/connectedClusters/edge-${ring}-${n}`,
  kubernetesVersion: `1.30.${n % 7}`,
});
const ring = (name: string, size: number): PlannedClusterRef[] => Array.from({ length: size }, (_, n) => cluster(name, n));

describe('TableRolloutPlanStore against Azurite', () => {
  let azurite: AzuriteTables;
  let client: TableClient;
  let store: TableRolloutPlanStore;

  beforeAll(async () => {
    azurite = await startAzurite();
    client = TableClient.fromConnectionString(azurite.connectionString, ROLLOUT_PLAN_TABLE, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    store = new TableRolloutPlanStore(client, { retries: 40, retryDelayMs: 20 });
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it('stores each ring in rows of PLAN_CHUNK_SIZE and reads any slice back, across row boundaries and past the end', async () => {
    const rings = [ring('canary', 7), ring('prod', 5 * PLAN_CHUNK_SIZE + 3)];
    await store.write('fleet-2026/01#1~a', rings);
    expect(await store.read('fleet-2026/01#1~a', 0, 0, 100)).toEqual(rings[0]);
    expect(await store.read('fleet-2026/01#1~a', 1, PLAN_CHUNK_SIZE - 2, 5)).toEqual(rings[1]!.slice(PLAN_CHUNK_SIZE - 2, PLAN_CHUNK_SIZE + 3));
    expect(await store.read('fleet-2026/01#1~a', 1, 4 * PLAN_CHUNK_SIZE, 100)).toEqual(rings[1]!.slice(4 * PLAN_CHUNK_SIZE));
    expect(await store.read('fleet-2026/01#1~a', 1, 6 * PLAN_CHUNK_SIZE, 10)).toEqual([]);
    expect(await store.read('fleet-2026/01#1~a', 2, 0, 10)).toEqual([]);
    expect(await store.read('another-plan', 0, 0, 10)).toEqual([]);
    // one row per chunk: 1 for canary, 6 for prod
    const rows = [];
    for await (const e of client.listEntities()) rows.push(e.rowKey);
    expect(rows).toHaveLength(7);
  });

  it('writes a plan again idempotently (same rows, same reads)', async () => {
    const rings = [ring('early', 2 * PLAN_CHUNK_SIZE)];
    await store.write('plan-twice', rings);
    await store.write('plan-twice', rings);
    expect(await store.read('plan-twice', 0, 0, 2 * PLAN_CHUNK_SIZE)).toEqual(rings[0]);
  });

  it('deletes every row of the plans named, across transactions of 100, and only theirs', async () => {
    const big = [ring('prod', 120 * PLAN_CHUNK_SIZE)]; // 120 rows: two delete transactions
    await store.write('fleet-del~1', big);
    await store.write('fleet-del~2', [ring('canary', 3)]);
    await store.write('fleet-keep~1', [ring('canary', 3)]);
    expect(await store.delete(['fleet-del~1', 'fleet-del~2', 'never-written'])).toBe(121);
    expect(await store.read('fleet-del~1', 0, 0, 100)).toEqual([]);
    expect(await store.read('fleet-keep~1', 0, 0, 100)).toHaveLength(3);
    expect(await store.delete([])).toBe(0);
  });

  it('deleteAllBut removes the plans other rollouts left and keeps the current rollout\'s', async () => {
    await store.write('fleet-old/1~x', [ring('prod', 2 * PLAN_CHUNK_SIZE)]);
    await store.write('fleet-now~a', [ring('prod', 3)]);
    await store.write('fleet-now~b', [ring('early', 3)]);
    await store.deleteAllBut('fleet-now~');
    const left = new Set<string>();
    for await (const e of client.listEntities()) left.add(e.partitionKey!);
    expect([...left].sort()).toEqual(['fleet-now~a', 'fleet-now~b'].map((id) => encodeKey(id)));
  });
});
