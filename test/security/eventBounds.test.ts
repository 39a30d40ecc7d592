/**
 * Issue 12: a 100 KB Event Grid event id used to reach Table storage (rolloutId, trigger columns) after a rollout had
 * started, and fail there for good. Against Azurite: an event whose id is as long as allowed, made of the characters
 * that table keys escape, is handled end to end (its rows land); one character more is dropped as event-malformed
 * before anything is read, started or written.
 */
import { createTableStores } from '../../src/azure/tables/tableStores';
import { EVENT_LIMITS } from '../../src/azure/eventGrid/clusterEvents';
import { defaultPolicy } from '../../src/domain/policySchema';
import { handleClusterEvent } from '../../src/functions/onClusterEvent';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { startAzurite, type AzuriteTables } from '../../simulator/world/azurite';
import { fakeWorld, sampleCatalog } from '../../simulator/world/fakePorts';

const SUB = '00000000-0000-0000-0000-000000000001';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const NOW = new Date('2024-05-01T10:00:00Z');

describe('event ids are bounded before Table storage (Azurite)', () => {
  let azurite: AzuriteTables;
  beforeAll(async () => {
    azurite = await startAzurite({ inMemory: true });
  });
  afterAll(async () => {
    await azurite.stop();
  });

  function world() {
    const w = fakeWorld({ clusters: [{ id: CLUSTER, kubernetesVersion: '1.30.2', tags: {}, extensions: [] }], catalog: sampleCatalog(), policy: defaultPolicy(), scope: { subscriptions: [SUB], managementGroups: [] } });
    const { audit, state } = createTableStores({ connectionString: azurite.connectionString, retry: { retries: 1, retryDelayMs: 10 } });
    const services = { ...w.services, audit, state };
    const started: string[] = [];
    const deps: HandlerDeps = {
      services: () => services,
      starter: { start: (_o, id) => (started.push(id), Promise.resolve('started' as const)), status: (instanceId) => Promise.resolve({ instanceId, runtimeStatus: 'NotFound' as const }), raiseApproval: () => Promise.resolve(false) },
      now: () => NOW,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    };
    return { services, deps, started, audit };
  }
  const event = (id: string) => ({ id, topic: CLUSTER, subject: 'aks-1', eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded', eventTime: NOW.toISOString(), data: { nodePoolName: 'system' }, dataVersion: '1', metadataVersion: '1' });

  it('an id at the limit, of key-escaped characters, starts the rollout and its audit row lands', async () => {
    const t = world();
    await t.services.state.put({ clusterId: CLUSTER, reconciledKubernetesVersion: '1.29.4', lastSeenKubernetesVersion: '1.29.4', updatedAt: NOW.toISOString() });
    const id = '/#?\\%'.repeat(EVENT_LIMITS.id / 4).slice(0, EVENT_LIMITS.id);
    const out = await handleClusterEvent(event(id), t.deps);
    expect(out).toMatchObject({ action: 'started', code: 'event-accepted' });
    expect(t.started).toHaveLength(1);
    const rows = await t.audit.query({ rolloutId: out.rolloutId ?? '', limit: 10 });
    expect(rows).toEqual([expect.objectContaining({ code: 'event-accepted', trigger: `event:${id}` })]);
  });

  it('one character more: dropped as event-malformed, nothing read, started or written', async () => {
    const t = world();
    const read = jest.spyOn(t.services.clusters, 'readCluster');
    const out = await handleClusterEvent(event('a'.repeat(EVENT_LIMITS.id + 1)), t.deps);
    expect(out).toMatchObject({ action: 'dropped', code: 'event-malformed' });
    expect(read).not.toHaveBeenCalled();
    expect(t.started).toEqual([]);
  });

  it('the 100 KB id of the issue: dropped the same way', async () => {
    const t = world();
    const out = await handleClusterEvent(event('e'.repeat(100_000)), t.deps);
    expect(out).toMatchObject({ action: 'dropped', code: 'event-malformed' });
    expect(out.detail).toMatch(/\$\.id: must be at most 256 characters/);
    expect(t.started).toEqual([]);
  });
});
