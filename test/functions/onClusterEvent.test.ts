import { handleClusterEvent, previewUpgrade } from '../../src/functions/onClusterEvent';
import type { HandlerDeps, HandlerLog } from '../../src/host/durableStarter';
import { clusterRolloutInstanceId, type ClusterRolloutInput, type RolloutStarter, type RolloutStatus } from '../../src/host/rolloutContracts';
import type { Services } from '../../src/host/services';
import type { Catalog, ClusterSnapshot } from '../../src/domain/model';
import type { AuditRecord, ClusterState } from '../../src/domain/ports';
import { defaultPolicy } from '../../src/domain/policySchema';

const SUB = '11111111-2222-3333-4444-555555555555';
const OTHER_SUB = '99999999-2222-3333-4444-555555555555';
const AKS = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const NOW = new Date('2024-05-01T10:00:00Z');

const CATALOG: Catalog = {
  extensionTypes: {
    'microsoft.flux': {
      versions: [
        { version: '1.8.2', releaseTrain: 'stable', kubernetes: '>=1.27.0 <1.31.0' },
        { version: '1.10.1', releaseTrain: 'stable', kubernetes: '>=1.30.0' },
      ],
    },
  },
};

function cluster(kubernetesVersion: string): ClusterSnapshot {
  return {
    id: AKS,
    kubernetesVersion,
    location: 'westeurope',
    tags: { ring: 'canary' },
    extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2', autoUpgradeMinorVersion: false, releaseTrain: 'stable', provisioningState: 'Succeeded', isSystemExtension: false }],
  };
}

/** A RolloutStarter that remembers starts; an instance started once is Running until told otherwise. */
class FakeStarter {
  readonly statuses = new Map<string, RolloutStatus['runtimeStatus']>();
  readonly starts: { orchestration: string; instanceId: string; input: unknown }[] = [];
  readonly starter: RolloutStarter = {
    start: ((orchestration: string, instanceId: string, input: unknown) => {
      const s = this.statuses.get(instanceId);
      if (s === 'Running' || s === 'Pending') return Promise.resolve('already-running' as const);
      this.starts.push({ orchestration, instanceId, input });
      this.statuses.set(instanceId, 'Running');
      return Promise.resolve('started' as const);
    }),
    status: (instanceId) => Promise.resolve({ instanceId, runtimeStatus: this.statuses.get(instanceId) ?? 'NotFound' }),
    raiseApproval: () => Promise.resolve(false),
  };
}

function setup(options: { live?: ClusterSnapshot | null | Error; state?: Partial<ClusterState>; scope?: Services['scope'] } = {}) {
  const audit: AuditRecord[] = [];
  const states = new Map<string, ClusterState>();
  if (options.state) states.set(AKS, { clusterId: AKS, lastSeenKubernetesVersion: '1.29.4', updatedAt: '2024-04-01T00:00:00Z', ...options.state });
  const reads: string[] = [];
  const live = options.live === undefined ? cluster('1.30.2') : options.live;
  const unused = (): never => {
    throw new Error('not used by the event handler');
  };
  const svc: Services = {
    scope: options.scope ?? { subscriptions: [SUB], managementGroups: [] },
    policy: { ...defaultPolicy(), rollout: { ...defaultPolicy().rollout, rings: [{ name: 'canary', maxParallel: 1, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false }] } },
    dryRun: true,
    inventory: { discover: unused, subscriptionsIn: () => Promise.resolve([]), alertsSince: unused },
    clusters: {
      readCluster: (id) => {
        reads.push(id);
        return live instanceof Error ? Promise.reject(live) : Promise.resolve(live);
      },
    },
    catalog: { catalogFor: () => Promise.resolve(CATALOG) },
    writer: { applyHop: unused, readExtension: unused },
    audit: { append: (rows) => Promise.resolve(void audit.push(...rows)), query: unused, claimApproval: unused },
    state: {
      get: (ids) => Promise.resolve(new Map(ids.flatMap((id) => (states.has(id) ? [[id, states.get(id)!] as const] : [])))),
      put: (s) => Promise.resolve(void states.set(s.clusterId, s)),
      putMany: unused,
    },
    holds: { list: () => Promise.resolve([]), add: unused, clear: unused },
    plans: { write: unused, read: unused, delete: unused, deleteAllBut: unused },
    notifier: { publish: unused },
  };
  const logs: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  const log: HandlerLog = {
    info: (message, meta) => logs.push({ level: 'info', message, ...(meta ? { meta } : {}) }),
    warn: (message, meta) => logs.push({ level: 'warn', message, ...(meta ? { meta } : {}) }),
    error: (message, meta) => logs.push({ level: 'error', message, ...(meta ? { meta } : {}) }),
  };
  const fake = new FakeStarter();
  const deps: HandlerDeps = { services: () => svc, starter: fake.starter, now: () => NOW, log };
  return { deps, svc, audit, states, reads, logs, fake };
}

const rollingSucceeded = (id = 'evt-1', topic = AKS) => ({ id, topic, subject: 'aks-1', eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded', eventTime: '2024-05-01T10:00:00Z', data: { nodePoolName: 'system' }, dataVersion: '1', metadataVersion: '1' });
const armWriteCloudEvent = (id: string) => ({
  specversion: '1.0',
  id,
  source: `/subscriptions/${SUB}`,
  subject: AKS,
  type: 'Microsoft.Resources.ResourceWriteSuccess',
  time: '2024-05-01T10:00:00Z',
  data: { resourceUri: AKS, operationName: 'Microsoft.ContainerService/managedClusters/write', status: 'Succeeded' },
});

describe('onClusterEvent: in scope, minor above reconciled', () => {
  it('re-reads the cluster and starts the cluster rollout once under the derived id', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.29.4' } });
    const out = await handleClusterEvent(rollingSucceeded(), t.deps);
    const instanceId = clusterRolloutInstanceId(AKS, '1.30.2');
    expect(out).toMatchObject({ action: 'started', code: 'event-accepted', instanceId });
    expect(t.reads).toEqual([AKS]);
    expect(t.fake.starts).toHaveLength(1);
    const input = t.fake.starts[0]!.input as ClusterRolloutInput;
    expect(t.fake.starts[0]!.orchestration).toBe('clusterRollout');
    expect(input).toMatchObject({ clusterId: AKS, ring: 'canary', dryRun: true, trigger: { kind: 'event', eventId: 'evt-1', eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded' } });
    expect(t.audit).toEqual([expect.objectContaining({ kind: 'event', code: 'event-accepted', clusterId: AKS, rolloutId: input.rolloutId, trigger: 'event:evt-1' })]);
  });

  it('a duplicate event (either schema) while it runs starts nothing', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.29.4' } });
    await handleClusterEvent(rollingSucceeded('evt-1'), t.deps);
    const second = await handleClusterEvent(rollingSucceeded('evt-1'), t.deps);
    const third = await handleClusterEvent(armWriteCloudEvent('evt-2'), t.deps);
    expect(second.action).toBe('already-running');
    expect(third.action).toBe('already-running');
    expect(t.fake.starts).toHaveLength(1);
  });

  it('another rollout working on the cluster: nothing started, recorded as rollout-in-flight', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.29.4', inFlightRolloutId: 'fleet-sub-1', inFlightSince: '2024-05-01T09:00:00Z' } });
    const out = await handleClusterEvent(rollingSucceeded(), t.deps);
    expect(out).toMatchObject({ action: 'ignored', code: 'rollout-in-flight', instanceId: 'fleet-sub-1' });
    expect(t.fake.starts).toHaveLength(0);
    expect(t.audit.map((r) => r.code)).toEqual(['rollout-in-flight']);
  });

  it('a stale in-flight mark (over six hours old) does not block the rollout', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.29.4', inFlightRolloutId: 'died', inFlightSince: '2024-04-30T10:00:00Z' } });
    expect((await handleClusterEvent(rollingSucceeded(), t.deps)).action).toBe('started');
  });

  it('a completed rollout for the same version is not restarted', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.29.4' } });
    t.fake.statuses.set(clusterRolloutInstanceId(AKS, '1.30.2'), 'Completed');
    const out = await handleClusterEvent(rollingSucceeded(), t.deps);
    expect(out.action).toBe('already-done');
    expect(t.fake.starts).toHaveLength(0);
  });

  it('a minor not above the reconciled one is recorded and ignored', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.30.0' } });
    const out = await handleClusterEvent(rollingSucceeded(), t.deps);
    expect(out).toMatchObject({ action: 'ignored', code: 'event-ignored' });
    expect(t.fake.starts).toHaveLength(0);
    expect(t.audit.map((r) => r.code)).toEqual(['event-ignored']);
  });

  it('first sight (no reconciled version) records lastSeen only and starts nothing', async () => {
    const t = setup();
    const out = await handleClusterEvent(rollingSucceeded(), t.deps);
    expect(out.action).toBe('recorded');
    expect(t.fake.starts).toHaveLength(0);
    expect(t.states.get(AKS)).toMatchObject({ lastSeenKubernetesVersion: '1.30.2', updatedAt: NOW.toISOString() });
    expect(t.states.get(AKS)?.reconciledKubernetesVersion).toBeUndefined();
  });
});

describe('onClusterEvent: Kubernetes version text with a distribution suffix (issue 20 item 2)', () => {
  it.each([
    ['k3s', 'v1.30.2+k3s1'],
    ['EKS', '1.30.2-eks-a1b2c3d'],
    ['GKE', '1.30.2-gke.1031000'],
  ])('%s (%s) above the reconciled minor starts the rollout under its own text; state keeps the text', async (_name, text) => {
    const t = setup({ live: cluster(text), state: { reconciledKubernetesVersion: 'v1.29.4+k3s1' } });
    const out = await handleClusterEvent(rollingSucceeded(), t.deps);
    expect(out).toMatchObject({ action: 'started', instanceId: clusterRolloutInstanceId(AKS, text) });
  });

  it('first sight of a suffixed version is recorded with the cluster\'s own text', async () => {
    const t = setup({ live: cluster('v1.28.9+k3s1') });
    expect((await handleClusterEvent(rollingSucceeded(), t.deps)).action).toBe('recorded');
    expect(t.states.get(AKS)?.lastSeenKubernetesVersion).toBe('v1.28.9+k3s1');
  });

  it('a suffixed minor equal to the reconciled one is ignored, not dropped as malformed', async () => {
    const t = setup({ live: cluster('1.30.5-eks-a1b2c3d'), state: { reconciledKubernetesVersion: '1.30.2-eks-a1b2c3d' } });
    expect(await handleClusterEvent(rollingSucceeded(), t.deps)).toMatchObject({ action: 'ignored', code: 'event-ignored' });
  });
});

describe('onClusterEvent: dropped events', () => {
  it('out of scope: dropped with an outside-scope audit row, cluster never read', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.29.4' } });
    const other = AKS.replace(SUB, OTHER_SUB);
    const out = await handleClusterEvent(rollingSucceeded('evt-9', other), t.deps);
    expect(out).toMatchObject({ action: 'ignored', code: 'outside-scope' });
    expect(t.reads).toEqual([]);
    expect(t.fake.starts).toHaveLength(0);
    expect(t.audit).toEqual([expect.objectContaining({ code: 'outside-scope', clusterId: other, kind: 'event' })]);
  });

  it('management-group scope: accepts a cluster whose subscription is under the group, drops one that is not', async () => {
    const inside = setup({ state: { reconciledKubernetesVersion: '1.29.4' }, scope: { subscriptions: [], managementGroups: ['mg'] } });
    inside.svc.inventory.subscriptionsIn = (groups) => Promise.resolve(groups.includes('mg') ? [AKS.split('/')[2]!.toUpperCase()] : []);
    expect((await handleClusterEvent(rollingSucceeded(), inside.deps)).action).toBe('started');
    const outside = setup({ state: { reconciledKubernetesVersion: '1.29.4' }, scope: { subscriptions: [], managementGroups: ['mg'] } });
    outside.svc.inventory.subscriptionsIn = () => Promise.resolve(['11111111-1111-1111-1111-111111111111']);
    const out = await handleClusterEvent(rollingSucceeded(), outside.deps);
    expect(out).toMatchObject({ action: 'ignored', code: 'outside-scope' });
    expect(outside.reads).toEqual([]);
  });

  it('management-group scope: a failed lookup propagates so Event Grid retries', async () => {
    const t = setup({ state: { reconciledKubernetesVersion: '1.29.4' }, scope: { subscriptions: [], managementGroups: ['mg'] } });
    t.svc.inventory.subscriptionsIn = () => Promise.reject(Object.assign(new Error('Service Unavailable'), { statusCode: 503 }));
    await expect(handleClusterEvent(rollingSucceeded(), t.deps)).rejects.toThrow(/Service Unavailable/);
  });

  it.each([
    ['not an object', 42],
    ['missing data field', { ...rollingSucceeded(), data: {} }],
  ])('malformed (%s): dropped, logged with its reason, never thrown', async (_n, raw) => {
    const t = setup();
    const out = await handleClusterEvent(raw, t.deps);
    expect(out).toMatchObject({ action: 'dropped', code: 'event-malformed' });
    expect(t.logs).toContainEqual(expect.objectContaining({ level: 'warn', meta: expect.objectContaining({ code: 'event-malformed', reason: 'malformed' }) }));
    expect(t.reads).toEqual([]);
    expect(t.audit).toEqual([]);
  });

  it('a cluster that no longer exists is ignored', async () => {
    const t = setup({ live: null, state: { reconciledKubernetesVersion: '1.29.4' } });
    expect((await handleClusterEvent(rollingSucceeded(), t.deps)).action).toBe('ignored');
    expect(t.fake.starts).toHaveLength(0);
  });

  it('a transient Azure error while re-reading propagates so Event Grid retries', async () => {
    const t = setup({ live: Object.assign(new Error('ServiceUnavailable'), { statusCode: 503 }) });
    await expect(handleClusterEvent(rollingSucceeded(), t.deps)).rejects.toThrow('ServiceUnavailable');
    expect(t.fake.starts).toHaveLength(0);
  });
});

describe('onClusterEvent: informational events', () => {
  const announce = { id: 'evt-5', topic: AKS, subject: 'aks-1', eventType: 'Microsoft.ContainerService.NewKubernetesVersionAvailable', eventTime: '2024-05-01T10:00:00Z', data: { latestSupportedKubernetesVersion: '1.30.1', latestStableKubernetesVersion: '1.30.1' }, dataVersion: '1', metadataVersion: '1' };

  it('NewKubernetesVersionAvailable is recorded with a preview sentence and starts nothing', async () => {
    const t = setup({ live: cluster('1.29.4'), state: { reconciledKubernetesVersion: '1.29.4' } });
    const out = await handleClusterEvent(announce, t.deps);
    expect(out).toMatchObject({ action: 'ignored', code: 'event-ignored' });
    expect(out.detail).toContain('upgrading to 1.30 would move flux 1.8.2 → 1.10.1');
    expect(t.audit).toEqual([expect.objectContaining({ code: 'event-ignored', reason: out.detail })]);
    expect(t.fake.starts).toHaveLength(0);
  });

  it('ClusterSupportEnding is recorded without a preview', async () => {
    const t = setup({ live: cluster('1.29.4'), state: { reconciledKubernetesVersion: '1.29.4' } });
    const out = await handleClusterEvent({ ...announce, eventType: 'Microsoft.ContainerService.ClusterSupportEnding', data: { kubernetesVersion: '1.29.4' } }, t.deps);
    expect(out.action).toBe('ignored');
    expect(out.detail).not.toContain('would move');
    expect(t.fake.starts).toHaveLength(0);
  });

  it('the preview names no extension when nothing would move', async () => {
    const t = setup();
    expect(await previewUpgrade(t.svc, cluster('1.29.4'), '1.29.9', NOW)).toBe('upgrading to 1.29 would move no extension');
  });
});

describe('onClusterEvent with the replay harness and the port fakes', () => {
  it('an upgrade event rolls that cluster once; a duplicate after completion moves nothing twice', async () => {
    const { DurableHarness } = await import('../../simulator/world/durableHarness');
    const { aksId, fakeWorld, sampleCatalog, sampleCluster } = await import('../../simulator/world/fakePorts');
    const { setServices } = await import('../../src/host/services');
    const sub = '00000000-0000-0000-0000-000000000001';
    const world = fakeWorld({ clusters: [sampleCluster('aks-a', { kubernetesVersion: '1.31.1', fluxVersion: '1.8.0' }), sampleCluster('aks-b', { kubernetesVersion: '1.31.1', fluxVersion: '1.8.0' })], catalog: sampleCatalog(), policy: defaultPolicy(), scope: { subscriptions: [sub], managementGroups: [] } });
    for (const name of ['aks-a', 'aks-b']) await world.state.put({ clusterId: aksId(name), lastSeenKubernetesVersion: '1.30.2', reconciledKubernetesVersion: '1.30.2', updatedAt: '2024-01-01T00:00:00Z' });
    setServices(world.services);
    const harness = new DurableHarness({ now: NOW });
    const deps: HandlerDeps = { services: () => world.services, starter: harness, now: () => harness.now, log: { info: () => undefined, warn: () => undefined, error: () => undefined } };
    const event = (id: string) => ({ id, topic: aksId('aks-a'), subject: 'aks-a', eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded', eventTime: NOW.toISOString(), data: { nodePoolName: 'system' }, dataVersion: '1', metadataVersion: '1' });

    const first = await handleClusterEvent(event('e1'), deps);
    expect(first.action).toBe('started');
    expect((await harness.runToCompletion(first.instanceId!)).runtimeStatus).toBe('Completed');
    const appliedAfterFirst = world.writer.applied.length;
    expect(appliedAfterFirst).toBeGreaterThan(0);
    expect(world.writer.applied.every((h) => h.clusterId.toLowerCase() === aksId('aks-a').toLowerCase())).toBe(true);
    expect(world.fleet.version(aksId('aks-a'), 'flux')).toBe('1.10.0');
    expect(world.fleet.version(aksId('aks-b'), 'flux')).toBe('1.8.0');

    const duplicate = await handleClusterEvent(event('e1'), deps);
    expect(duplicate.action).not.toBe('started');
    await harness.runUntilIdle({ fireTimers: true });
    expect(world.writer.applied).toHaveLength(appliedAfterFirst);
  });
});
