import { TableClient } from '@azure/data-tables';
import type { ClusterState } from '../../../src/domain/ports';
import { CLUSTER_STATE_TABLE, TableClusterStateStore } from '../../../src/azure/tables/tableClusterStateStore';
import { createTableStores } from '../../../src/azure/tables/tableStores';
import { startAzurite, type AzuriteTables } from '../../../simulator/world/azurite';

const id = (sub: string, name: string): string => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;

describe('TableClusterStateStore against Azurite', () => {
  let azurite: AzuriteTables;
  let store: TableClusterStateStore;

  beforeAll(async () => {
    azurite = await startAzurite();
    const client = TableClient.fromConnectionString(azurite.connectionString, CLUSTER_STATE_TABLE, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    store = new TableClusterStateStore(client, { retries: 40, retryDelayMs: 20 });
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it('returns nothing for unknown clusters and what was put for known ones, whatever the case of the id', async () => {
    const state: ClusterState = {
      clusterId: id('sub-a', 'c#1?/ü'),
      lastSeenKubernetesVersion: '1.30.2',
      reconciledKubernetesVersion: '1.29.4',
      lastRolloutId: 'fleet-1',
      lastResult: 'cluster-reconciled',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    expect((await store.get([state.clusterId])).size).toBe(0);
    await store.put(state);
    const upper = state.clusterId.toUpperCase();
    const found = await store.get([state.clusterId, upper, id('sub-a', 'missing')]);
    expect(found.get(state.clusterId)).toEqual(state);
    expect(found.get(upper)).toEqual(state);
    expect(found.has(id('sub-a', 'missing'))).toBe(false);
  });

  it('replaces the whole state on put (dropped optional fields disappear)', async () => {
    const clusterId = id('sub-b', 'c2');
    await store.put({ clusterId, lastSeenKubernetesVersion: '1.29.0', reconciledKubernetesVersion: '1.29.0', updatedAt: 't1' });
    await store.put({ clusterId, lastSeenKubernetesVersion: '1.30.0', updatedAt: 't2' });
    expect((await store.get([clusterId])).get(clusterId)).toEqual({ clusterId, lastSeenKubernetesVersion: '1.30.0', updatedAt: 't2' });
  });

  it('reads many clusters across partitions (partition scans and point reads)', async () => {
    const many = Array.from({ length: 40 }, (_, i) => id(i < 30 ? 'sub-many' : 'sub-few', `c${i}`));
    for (const clusterId of many.filter((_, i) => i % 2 === 0)) await store.put({ clusterId, lastSeenKubernetesVersion: '1.31.1', updatedAt: 't' });
    const found = await store.get(many);
    expect([...found.keys()].sort()).toEqual(many.filter((_, i) => i % 2 === 0).sort());
  });

  it('putMany writes hundreds of states across partitions in transactions, equal to put one by one', async () => {
    const states = Array.from({ length: 250 }, (_, i) => ({ clusterId: id(`sub-bulk-${i % 3}`, `bulk-${i}`), lastSeenKubernetesVersion: '1.30.1', reconciledKubernetesVersion: i % 2 ? '1.30.1' : '1.29.9', updatedAt: 't' }));
    await store.putMany(states);
    await store.putMany(states); // idempotent
    const found = await store.get(states.map((s) => s.clusterId));
    expect(found.size).toBe(250);
    for (const s of states) expect(found.get(s.clusterId)).toEqual(s);
  });

  it('keeps the in-flight mark and a later put without it clears it', async () => {
    const clusterId = id('sub-flight', 'busy');
    await store.put({ clusterId, lastSeenKubernetesVersion: '1.30.1', inFlightRolloutId: 'cluster-x-1.30.1', inFlightSince: '2026-01-01T00:00:00Z', updatedAt: 't' });
    expect((await store.get([clusterId])).get(clusterId)).toMatchObject({ inFlightRolloutId: 'cluster-x-1.30.1', inFlightSince: '2026-01-01T00:00:00Z' });
    await store.put({ clusterId, lastSeenKubernetesVersion: '1.30.1', reconciledKubernetesVersion: '1.30.1', updatedAt: 't2' });
    expect((await store.get([clusterId])).get(clusterId)?.inFlightRolloutId).toBeUndefined();
  });

  it('survives a storage outage during put', async () => {
    const clusterId = id('sub-c', 'outage');
    await azurite.pause();
    const writing = store.put({ clusterId, lastSeenKubernetesVersion: '1.31.0', updatedAt: 't' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await azurite.resume();
    await writing;
    expect((await store.get([clusterId])).get(clusterId)?.lastSeenKubernetesVersion).toBe('1.31.0');
  });

  it('createTableStores builds both stores from a connection string (http implied insecure-ok)', async () => {
    const { audit, state } = createTableStores({ connectionString: azurite.connectionString });
    const clusterId = id('sub-d', 'via-factory');
    await state.put({ clusterId, lastSeenKubernetesVersion: '1.30.0', updatedAt: 't' });
    expect((await store.get([clusterId])).size).toBe(1);
    await audit.append([{ rolloutId: 'r', clusterId, extensionName: '', extensionType: '', kind: 'rollout', from: null, to: null, moveKind: null, code: 'rollout-completed', reason: 'done', trigger: 'timer', at: 't' }]);
    expect(await audit.query({ clusterId })).toHaveLength(1);
    expect(() => createTableStores({})).toThrow(/not configured/);
  });
});
