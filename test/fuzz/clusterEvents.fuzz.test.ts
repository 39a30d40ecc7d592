/**
 * Fuzzing of Event Grid / CloudEvents input: parseClusterEvent and handleClusterEvent over arbitrary JSON, wrong types,
 * missing fields, huge strings and forged cluster ids. Never throws; drops carry event-malformed / event-ignored;
 * never starts a rollout for an id outside the scope or not a cluster; never writes.
 */
import fc from 'fast-check';
import { parseClusterEvent } from '../../src/azure/eventGrid/clusterEvents';
import { isClusterId, subscriptionOf } from '../../src/domain/armId';
import type { HandlerDeps, HandlerLog } from '../../src/host/durableStarter';
import { handleClusterEvent } from '../../src/functions/onClusterEvent';
import type { RolloutStarter } from '../../src/host/rolloutContracts';
import { defaultPolicy } from '../../src/domain/policySchema';
import { fakeWorld, sampleCatalog } from '../../simulator/world/fakePorts';
import type { ClusterSnapshot } from '../../src/domain/model';
import { forgedClusterId, IN_SCOPE_SUB, inScopeClusterId } from './hostileIds';

const NOW = new Date('2024-05-01T10:00:00Z');
const SEED = 20240501;

const eventGridShape = (clusterId: string) => ({
  id: 'evt-1',
  topic: clusterId,
  subject: 'aks-1',
  eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded',
  eventTime: '2024-05-01T10:00:00Z',
  data: { nodePoolName: 'system' },
  dataVersion: '1',
  metadataVersion: '1',
});
const armWriteCloudEvent = (clusterId: string) => ({
  specversion: '1.0',
  id: 'evt-2',
  source: `/subscriptions/${IN_SCOPE_SUB}`,
  subject: clusterId,
  type: 'Microsoft.Resources.ResourceWriteSuccess',
  time: '2024-05-01T10:00:00Z',
  data: { resourceUri: clusterId, operationName: 'Microsoft.ContainerService/managedClusters/write', status: 'Succeeded' },
});
const notificationEvent = (clusterId: string) => ({
  id: 'evt-3',
  topic: `/subscriptions/${IN_SCOPE_SUB}`,
  subject: clusterId,
  eventType: 'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated',
  eventTime: '2024-05-01T10:00:00Z',
  data: { resourceInfo: { id: clusterId, name: 'x', type: 'Microsoft.ContainerService/managedClusters' }, operationalInfo: { resourceEventTime: '2024-05-01T10:00:00Z' } },
});
const announceEvent = (clusterId: string) => ({
  specversion: '1.0',
  id: 'evt-4',
  source: clusterId,
  type: 'Microsoft.ContainerService.NewKubernetesVersionAvailable',
  data: { latestSupportedKubernetesVersion: '1.31.1' },
});
const SHAPES = [eventGridShape, armWriteCloudEvent, notificationEvent, announceEvent];

const huge = fc.constantFrom('a', '/', '.', 'é').map((c) => c.repeat(100_000));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, undefined, 0, -1, true, [], {}, '', ' ', NaN),
  huge,
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** A valid-looking event whose fields are replaced, deleted or retyped at random. */
const mutatedEvent = fc
  .tuple(
    fc.constantFrom(...SHAPES),
    fc.oneof(inScopeClusterId, forgedClusterId),
    fc.array(fc.tuple(fc.constantFrom('delete', 'set', 'setData', 'deleteData'), fc.constantFrom('id', 'topic', 'subject', 'eventType', 'type', 'eventTime', 'source', 'specversion', 'data', 'resourceUri', 'operationName', 'resourceInfo', 'nodePoolName', 'latestSupportedKubernetesVersion'), hostileValue), { maxLength: 3 }),
  )
  .map(([shape, id, mutations]) => {
    const event = shape(id) as Record<string, unknown>;
    for (const [op, key, value] of mutations) {
      const data = typeof event.data === 'object' && event.data !== null ? (event.data as Record<string, unknown>) : undefined;
      if (op === 'delete') delete event[key];
      else if (op === 'set') event[key] = value;
      else if (op === 'setData' && data) data[key] = value;
      else if (op === 'deleteData' && data) delete data[key];
    }
    return event;
  });

const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 4, arbitrary: mutatedEvent },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SHAPES), forgedClusterId).map(([shape, id]) => shape(id)) },
);

function world(liveIds: string[], scope = { subscriptions: [IN_SCOPE_SUB], managementGroups: [] as string[] }) {
  const clusters: ClusterSnapshot[] = liveIds.map((id) => ({ id, kubernetesVersion: '1.30.2', location: 'westeurope', tags: {}, extensions: [] }));
  const w = fakeWorld({ clusters, catalog: sampleCatalog(), policy: defaultPolicy(), scope });
  const reads: string[] = [];
  const reader = w.services.clusters;
  w.services.clusters = { readCluster: (id) => (reads.push(id), reader.readCluster(id)) };
  const writes: unknown[] = [];
  w.services.writer = {
    applyHop: (hop) => (writes.push(hop), Promise.reject(new Error('writer must not be called'))),
    readExtension: (c, e) => (writes.push([c, e]), Promise.reject(new Error('writer must not be called'))),
  };
  const starts: { instanceId: string; input: unknown }[] = [];
  const starter: RolloutStarter = {
    start: (_o, instanceId, input) => (starts.push({ instanceId, input }), Promise.resolve('started' as const)),
    status: (instanceId) => Promise.resolve({ instanceId, runtimeStatus: 'NotFound' as const }),
    raiseApproval: () => Promise.resolve(false),
  };
  const logs: unknown[] = [];
  const log: HandlerLog = { info: (...a) => void logs.push(a), warn: (...a) => void logs.push(a), error: (...a) => void logs.push(a) };
  const deps: HandlerDeps = { services: () => w.services, starter, now: () => NOW, log };
  return { w, deps, reads, writes, starts, logs };
}

const inScope = (id: string): boolean => subscriptionOf(id) === IN_SCOPE_SUB.toLowerCase();

describe('parseClusterEvent under fuzzing', () => {
  it('never throws; accepted events always name a cluster id; rejections carry a known reason', () => {
    fc.assert(
      fc.property(anyInput, (raw) => {
        const r = parseClusterEvent(raw);
        if (r.ok) {
          expect(isClusterId(r.event.clusterId)).toBe(true);
          expect(r.event.clusterId).not.toMatch(/[?#\\\s]|(^|\/)\.\.?(\/|$)/);
        } else {
          expect(['malformed', 'unsupported-type', 'not-a-cluster']).toContain(r.rejection.reason);
          expect(typeof r.rejection.detail).toBe('string');
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('forged ids (traversal, extra segments, child resources, look-alikes, ?#) are never accepted as in-scope clusters', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), forgedClusterId, (shape, id) => {
        const r = parseClusterEvent(shape(id));
        // a well-formed id of another subscription parses; the handler's scope check drops it (next describe)
        if (r.ok) expect(inScope(r.event.clusterId)).toBe(false);
      }),
      { seed: SEED + 1, numRuns: 2000 },
    );
  });

  it('real-shaped events for a plain in-scope cluster id are accepted (the generators are not vacuous)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), inScopeClusterId, (shape, id) => {
        const r = parseClusterEvent(shape(id));
        expect(r).toMatchObject({ ok: true, event: { clusterId: id } });
      }),
      { seed: SEED + 2, numRuns: 500 },
    );
  });
});

describe('handleClusterEvent under fuzzing', () => {
  it('never throws, drops with event-malformed/event-ignored, reads and starts only in-scope cluster ids, never writes', async () => {
    let started = 0;
    let dropped = 0;
    await fc.assert(
      fc.asyncProperty(anyInput, fc.boolean(), async (raw, remembered) => {
        const t = world([]);
        // every forged/in-scope id the event may name is live, so reads would succeed if the handler let them through
        const o = (typeof raw === 'object' && raw !== null ? raw : {}) as { topic?: unknown; source?: unknown; subject?: unknown; data?: { resourceUri?: unknown; resourceInfo?: { id?: unknown } } };
        for (const id of [o.topic, o.source, o.subject, o.data?.resourceUri, o.data?.resourceInfo?.id]) {
          if (typeof id === 'string' && id.length < 2000) t.w.fleet.clusters.set(id.toLowerCase(), { id, kubernetesVersion: '1.30.2', location: 'x', tags: {}, extensions: [] });
        }
        if (remembered) for (const id of t.w.fleet.clusters.keys()) await t.w.state.put({ clusterId: id, reconciledKubernetesVersion: '1.29.1', lastSeenKubernetesVersion: '1.29.1', updatedAt: '2024-01-01T00:00:00Z' });
        const out = await handleClusterEvent(raw, t.deps);
        if (out.action === 'dropped') {
          dropped++;
          expect(['event-malformed', 'event-ignored']).toContain(out.code);
        }
        for (const id of t.reads) {
          expect(isClusterId(id)).toBe(true);
          expect(inScope(id)).toBe(true);
        }
        for (const s of t.starts) {
          started++;
          const input = s.input as { clusterId: string };
          expect(isClusterId(input.clusterId)).toBe(true);
          expect(inScope(input.clusterId)).toBe(true);
        }
        expect(t.writes).toEqual([]);
      }),
      { seed: SEED + 3, numRuns: 2000 },
    );
    expect(dropped).toBeGreaterThan(100);
    expect(started).toBeGreaterThan(10);
  });

  it('events for clusters outside the scope are ignored with outside-scope and nothing is read or started', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SHAPES), fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), async (shape, sub, name) => {
        const id = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
        const t = world([id]);
        const out = await handleClusterEvent(shape(id), t.deps);
        expect(out).toMatchObject({ action: 'ignored', code: 'outside-scope' });
        expect(t.reads).toEqual([]);
        expect(t.starts).toEqual([]);
      }),
      { seed: SEED + 4, numRuns: 500 },
    );
  });
});
