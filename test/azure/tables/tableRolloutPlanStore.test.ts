import { TableClient } from '@azure/data-tables';
import type { PlannedClusterRef } from '../../../src/domain/ports';
import { PLAN_CHUNK_SIZE, ROLLOUT_PLAN_TABLE, TableRolloutPlanStore } from '../../../src/azure/tables/tableRolloutPlanStore';
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
});
