import { handleClusterEvent } from '../../src/functions/onClusterEvent';
import type { HandlerDeps } from '../../src/host/durableStarter';
import type { Services } from '../../src/host/services';
import type { AuditRecord, Notification, PublishResult } from '../../src/domain/ports';
import { defaultPolicy } from '../../src/domain/policySchema';

const SUB = '11111111-2222-3333-4444-555555555555';
const AKS = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const NOW = new Date('2024-05-01T10:00:00Z');

/**
 * The spec example `specification/eventgrid/data-plane/Microsoft.ContainerService/stable/2018-01-01/examples/
 * event-grid-schema/node_pool_rolling_failed.json`, its placeholders filled with a real cluster id.
 */
const rollingFailed = (topic = AKS) => ({
  topic,
  subject: 'aks-1',
  eventType: 'Microsoft.ContainerService.NodePoolRollingFailed',
  id: '1234567890abcdef1234567890abcdef12345678',
  data: { nodePoolName: 'nodepool1' },
  dataVersion: '1',
  metadataVersion: '1',
  eventTime: '2023-03-29T18:00:00.0000000Z',
});

function setup(publish: (events: Notification[]) => Promise<PublishResult>) {
  const audit: AuditRecord[] = [];
  const published: Notification[] = [];
  const reads: string[] = [];
  const unused = (): never => {
    throw new Error('not used for this event');
  };
  const svc: Services = {
    scope: { subscriptions: [SUB], managementGroups: [] },
    policy: defaultPolicy(),
    dryRun: true,
    inventory: { discover: unused, subscriptionsIn: () => Promise.resolve([]), alertsSince: unused },
    clusters: { readCluster: (id) => (reads.push(id), Promise.resolve(null)) },
    catalog: { catalogFor: unused },
    writer: { applyHop: unused, readExtension: unused },
    audit: { append: (rows) => Promise.resolve(void audit.push(...rows)), query: unused, claimApproval: unused },
    state: { get: unused, put: unused, putMany: unused },
    notifier: { publish: (events) => (published.push(...events), publish(events)) },
    holds: { list: unused, add: unused, clear: unused },
    plans: { write: unused, read: unused, delete: unused, deleteAllBut: unused },
  };
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const starts: unknown[] = [];
  const deps: HandlerDeps = {
    services: () => svc,
    starter: { start: (...args: unknown[]) => (starts.push(args), Promise.resolve('started' as const)), status: unused, raiseApproval: unused },
    now: () => NOW,
    log,
  };
  return { deps, audit, published, reads, starts };
}

describe('onClusterEvent: NodePoolRollingFailed is recorded and notified, never dropped', () => {
  it('the spec example: one audit row and one notification with code node-pool-rolling-failed; nothing read or started', async () => {
    const t = setup((events) => Promise.resolve({ delivered: events.length, undelivered: 0, skipped: false }));

    const out = await handleClusterEvent(rollingFailed(), t.deps);

    expect(out).toMatchObject({ action: 'recorded', code: 'node-pool-rolling-failed', clusterId: AKS });
    expect(t.audit).toEqual([
      expect.objectContaining({ kind: 'event', clusterId: AKS, code: 'node-pool-rolling-failed', rolloutId: 'event-1234567890abcdef1234567890abcdef12345678', trigger: 'event:1234567890abcdef1234567890abcdef12345678' }),
    ]);
    expect(t.audit[0]!.reason).toMatch(/node pool "nodepool1" failed; no extension was moved; notified$/);
    expect(t.published).toEqual([
      expect.objectContaining({ type: 'K8sExtensionReconciler.NodePoolRollingFailed', subject: AKS, data: expect.objectContaining({ code: 'node-pool-rolling-failed', nodePoolName: 'nodepool1', clusterId: AKS }) }),
    ]);
    expect(t.reads).toEqual([]);
    expect(t.starts).toEqual([]);
  });

  it('a topic that is down is said in the audit row; the event is still recorded', async () => {
    const t = setup((events) => Promise.resolve({ delivered: 0, undelivered: events.length, skipped: false, error: '503: down' }));
    await handleClusterEvent(rollingFailed(), t.deps);
    expect(t.published).toHaveLength(1);
    expect(t.audit[0]!.reason).toMatch(/notification undelivered: 503: down\)$/);
  });

  it('a cluster outside the scope is dropped like any other event: no notification', async () => {
    const t = setup(() => Promise.reject(new Error('must not publish')));
    const out = await handleClusterEvent(rollingFailed(AKS.replace(SUB, '99999999-2222-3333-4444-555555555555')), t.deps);
    expect(out).toMatchObject({ action: 'ignored', code: 'outside-scope' });
    expect(t.published).toEqual([]);
  });
});
