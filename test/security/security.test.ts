/**
 * Security review in code: function keys on every HTTP route, approvals record who and need a ring, the ARM writer
 * only sends version/autoUpgradeMinorVersion, scope checks before every write, and no setting value in logs or audit.
 */
import { HttpRequest } from '@azure/functions';
import { armConnection } from '../../src/azure/arm/armConnection';
import { ArmClusterReader } from '../../src/azure/arm/armClusterReader';
import { ArmExtensionWriter } from '../../src/azure/arm/armExtensionWriter';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { ClusterSnapshot, Policy } from '../../src/domain/model';
import { applyHopActivity, planClusterActivity } from '../../src/functions/activities';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { approveRoute, PRINCIPAL_HEADER, reconcileRoute } from '../../src/functions/httpRollouts';
import type { ApproverPolicy } from '../../src/domain/approval';
import { CLIENT_PRINCIPAL_HEADER } from '../../src/host/principal';
import { MAX_BODY_BYTES, MAX_INSTANCE_ID } from '../../src/host/requestLimits';
import { clientPrincipalHeader } from '../support/clientPrincipal';
import { handleClusterEvent } from '../../src/functions/onClusterEvent';
import { FLEET_ROLLOUT_INSTANCE_ID, type RolloutStarter, type RolloutStatus } from '../../src/host/rolloutContracts';
import { setServices } from '../../src/host/services';
import '../../src/functions/httpApi';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeInventory } from '../../simulator/world/fakePorts';
import { capturedRegistrations } from '../../simulator/world/functionsCore';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../simulator/types';
import { acceptedHops, type AcceptedHop } from '../../simulator/acceptedHops';

const IN_SUB = '00000000-0000-0000-0000-000000000001';
const OUT_SUB = '99999999-0000-0000-0000-000000000009';
const ctx = () => ({ info: () => undefined, warn: () => undefined, error: () => undefined, log: () => undefined }) as never;

describe('(a) HTTP functions use function keys', () => {
  it('every HTTP route that returns data is registered with authLevel function; only the static page GET /api/ui is anonymous', () => {
    const http = capturedRegistrations().flatMap((r) => Object.values(r.metadata.bindings).filter((b) => b.type === 'httpTrigger').map((b) => ({ name: r.metadata.name, b })));
    expect(http.length).toBeGreaterThanOrEqual(4);
    for (const { name, b } of http) expect([name, b.authLevel]).toEqual([name, name === 'httpUi' ? 'anonymous' : 'function']);
  });
});

describe('(b) approvals: authenticated approver, meaningful ring, bounded requests', () => {
  const REQUIRED: ApproverPolicy = { requireAuthentication: true, roles: ['Rollout.Approver'], groups: [] };
  function setup(opts: { approvals?: ApproverPolicy; status?: Partial<RolloutStatus> } = {}) {
    const w = fakeWorld({ clusters: [], catalog: sampleCatalog(), policy: defaultPolicy() });
    const services = { ...w.services, ...(opts.approvals ? { approvals: opts.approvals } : {}) };
    const raised: unknown[] = [];
    let statusReads = 0;
    const starter: RolloutStarter = {
      start: () => Promise.resolve('started'),
      status: (instanceId) => {
        statusReads++;
        return Promise.resolve({
          instanceId,
          runtimeStatus: 'Running',
          input: { rolloutId: 'fleet-1', dryRun: false },
          customStatus: { state: 'waiting-approval', ring: 'canary', ringIndex: 1, ringNames: ['first', 'canary', 'prod'], approvalRings: ['canary', 'prod'] },
          ...opts.status,
        });
      },
      raiseApproval: (_id, event) => (raised.push(event), Promise.resolve(true)),
    };
    const deps: HandlerDeps = { services: () => services, starter, now: () => new Date('2024-06-05T10:00:00Z'), log: { info: () => undefined, warn: () => undefined, error: () => undefined } };
    return { w, deps, raised, statusReads: () => statusReads };
  }
  const approve = (body: string | undefined, headers: Record<string, string> = {}, id = 'fleet-rollout') =>
    new HttpRequest({ method: 'POST', url: `http://localhost/api/rollouts/${encodeURIComponent(id)}/approve`, params: { id }, headers, ...(body !== undefined ? { body: { string: body } } : {}) });
  const approver = clientPrincipalHeader({ name: 'alice@contoso.com', roles: ['Rollout.Approver'] });

  it('authentication required: the audit row carries the authenticated principal as actor (over a claimed approvedBy) and the ring', async () => {
    const t = setup({ approvals: REQUIRED });
    const res = await approveRoute(approve(JSON.stringify({ ring: 'PROD', approvedBy: 'mallory' }), { [CLIENT_PRINCIPAL_HEADER]: approver }), t.deps);
    expect(res.status).toBe(202);
    expect(t.raised).toEqual([{ ring: 'prod', approvedBy: 'alice@contoso.com' }]);
    expect(t.w.audit.all()).toEqual([expect.objectContaining({ kind: 'approved', code: 'approved', actor: 'alice@contoso.com', ring: 'prod', rolloutId: 'fleet-1' })]);
  });

  it.each<[string, Record<string, string>, number]>([
    ['no principal', {}, 401],
    ['only the forgeable x-ms-client-principal-name', { [PRINCIPAL_HEADER]: 'alice@contoso.com' }, 401],
    ['a principal header that is not base64 JSON', { [CLIENT_PRINCIPAL_HEADER]: 'e30=garbage' }, 401],
    ['a principal without the approver role', { [CLIENT_PRINCIPAL_HEADER]: clientPrincipalHeader({ name: 'eve@contoso.com', roles: ['Reader'] }) }, 403],
  ])('authentication required, %s: %i before the rollout is even looked up; nothing raised or audited', async (_n, headers, status) => {
    const t = setup({ approvals: REQUIRED });
    const res = await approveRoute(approve(JSON.stringify({ ring: 'prod', approvedBy: 'alice@contoso.com' }), headers), t.deps);
    expect(res.status).toBe(status);
    expect(t.statusReads()).toBe(0);
    expect(t.raised).toEqual([]);
    expect(t.w.audit.all()).toEqual([]);
  });

  it.each<[string, string, Partial<RolloutStatus>, number]>([
    ['a ring the rollout does not have ("prd")', 'prd', {}, 400],
    ['a ring already past', 'first', {}, 400],
    ['a dry-run rollout', 'prod', { input: { rolloutId: 'fleet-1', dryRun: true } }, 409],
    ['a halted rollout', 'prod', { customStatus: { state: 'halted', ringIndex: 1, ringNames: ['first', 'canary', 'prod'], approvalRings: ['canary', 'prod'] } }, 409],
    ['a completed rollout', 'prod', { runtimeStatus: 'Completed' }, 409],
    ['an unknown rollout', 'prod', { runtimeStatus: 'NotFound' }, 404],
  ])('%s: %#, answered without an event or an approved row', async (_n, ring, status, code) => {
    const t = setup({ approvals: REQUIRED, status });
    const res = await approveRoute(approve(JSON.stringify({ ring }), { [CLIENT_PRINCIPAL_HEADER]: approver }), t.deps);
    expect(res.status).toBe(code);
    expect(t.raised).toEqual([]);
    expect(t.w.audit.all()).toEqual([]);
  });

  it('authentication off (local func start): the claimed approver is recorded as an unauthenticated claim', async () => {
    const t = setup();
    const res = await approveRoute(approve(JSON.stringify({ ring: 'prod', approvedBy: 'bob' })), t.deps);
    expect(res.status).toBe(202);
    expect(t.w.audit.all()).toEqual([expect.objectContaining({ actor: 'unauthenticated:bob', reason: expect.stringMatching(/unauthenticated claim/) })]);
  });

  it.each([[undefined], ['{}'], ['{"ring":"  "}'], ['{"ring":42}'], ['not json'], [JSON.stringify({ ring: 'r'.repeat(129) })]])('body %p: 400, nothing raised, nothing audited', async (body) => {
    const t = setup();
    const res = await approveRoute(approve(body), t.deps);
    expect(res.status).toBe(400);
    expect(t.raised).toEqual([]);
    expect(t.w.audit.all()).toEqual([]);
  });

  it.each([['x'.repeat(MAX_INSTANCE_ID + 1)], ['../fleet-rollout'], ['fleet rollout'], ['a\u0000b']])('route id %#: 400 naming the id, nothing looked up', async (id) => {
    const t = setup();
    const res = await approveRoute(approve('{"ring":"prod"}', {}, id), t.deps);
    expect(res.status).toBe(400);
    expect(res.jsonBody).toMatchObject({ error: { input: 'id' } });
    expect(t.statusReads()).toBe(0);
  });

  it('a body over the limit is 413 without being parsed, by content-length or by its size', async () => {
    const t = setup();
    const big = JSON.stringify({ ring: 'prod', approvedBy: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await approveRoute(approve(big), t.deps)).status).toBe(413);
    expect((await approveRoute(approve('{"ring":"prod"}', { 'content-length': String(MAX_BODY_BYTES + 1) }), t.deps)).status).toBe(413);
    expect(t.statusReads()).toBe(0);
    expect(t.raised).toEqual([]);
  });

  it('POST /api/reconcile: a 20 MB clusterId is 413 and a long one 400, nothing started, no Azure call', async () => {
    const t = setup();
    const clusters = jest.spyOn(t.w.services.clusters, 'readCluster');
    const started = jest.spyOn(t.deps.starter, 'start');
    const reconcile = (body: string) => new HttpRequest({ method: 'POST', url: 'http://localhost/api/reconcile', body: { string: body } });
    const huge = `/subscriptions/${IN_SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${'a'.repeat(20 * 1024 * 1024)}`;
    expect((await reconcileRoute(reconcile(JSON.stringify({ clusterId: huge })), t.deps)).status).toBe(413);
    const long = `/subscriptions/${IN_SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${'a'.repeat(2000)}`;
    const res = await reconcileRoute(reconcile(JSON.stringify({ clusterId: long })), t.deps);
    expect(res.status).toBe(400);
    expect(res.jsonBody).toMatchObject({ error: { path: '$.clusterId' } });
    expect(clusters).not.toHaveBeenCalled();
    expect(started).not.toHaveBeenCalled();
  });
});

/** Pinned, healthy AKS extensions with a different stable version the simulator accepts, one per cluster. */
function hops(sim: FleetSimulator, n: number): AcceptedHop[] {
  return acceptedHops(sim, { onePerCluster: true }).slice(0, n);
}

describe('(c) and (e) against the simulator: the ARM writer and reader', () => {
  let sim: FleetSimulator;
  const MARK = 'SECRET-MARKER-arm';
  beforeAll(async () => {
    const fleet = generateFleet({ clusters: 12, subscriptions: 1, seed: 7 });
    let i = 0;
    for (const c of fleet.clusters)
      for (const e of c.extensions) {
        e.configurationSettings = { ...(e.configurationSettings ?? {}), 'plain.value': `${MARK}-plain-${i}` };
        e.configurationProtectedSettings = { 'secret.key': `${MARK}-protected-${i++}` };
      }
    sim = await startFleetSimulator({ fleet, lroSteps: 1 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('writes only version, autoUpgradeMinorVersion and autoUpgradeMode, and no setting value reaches results, warnings or console', async () => {
    const conn = { ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca };
    const warnings: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    try {
      const writer = new ArmExtensionWriter(conn, { pollIntervalMs: 20, retryDelayMs: 10 });
      const reader = new ArmClusterReader(conn, { retryDelayMs: 10, onWarning: (m) => warnings.push(m) });
      const picked = hops(sim, 4);
      expect(picked.length).toBeGreaterThanOrEqual(3);
      const seen: unknown[] = [];
      for (const hop of picked) {
        seen.push(await reader.readCluster(hop.clusterId));
        seen.push(await writer.applyHop(hop));
        seen.push(await writer.readExtension(hop.clusterId, hop.extensionName));
      }
      const bodies = sim.counters().writeBodies;
      expect(bodies).toHaveLength(picked.length);
      for (const b of bodies) expect([...b.properties].every((p) => p === 'version' || p === 'autoUpgradeMinorVersion' || p === 'autoUpgradeMode')).toBe(true);
      // the simulator did serve the markers (the check below is not vacuous)
      expect(JSON.stringify(sim.fleet)).toContain(MARK);
      const logged = JSON.stringify([seen, warnings, spies.map((s) => s.mock.calls)]);
      expect(logged).not.toContain(MARK);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  }, 30_000);
});

describe('(d) scope checks before every write', () => {
  const inside = sampleCluster('inside', { ring: 'canary' });
  const outside: ClusterSnapshot = { ...sampleCluster('outside', { ring: 'canary' }), id: aksId('outside', OUT_SUB) };
  const world = () => {
    const w = fakeWorld({ clusters: [inside, outside], catalog: sampleCatalog(), policy: defaultPolicy(), scope: { subscriptions: [IN_SUB], managementGroups: [] } });
    setServices(w.services);
    return w;
  };

  it('applyHop refuses a cluster outside the configured scope and the writer is never called', async () => {
    const w = world();
    const out = await applyHopActivity.handler({ clusterId: outside.id, extensionName: 'flux', from: '1.8.0', version: '1.8.3', dryRun: false }, ctx());
    expect(out).toMatchObject({ kind: 'failed', errorCode: 'OutsideScope' });
    expect(w.writer.applied).toEqual([]);
    expect(w.fleet.version(outside.id, 'flux')).toBe('1.8.0');
    // control: the same hop inside the scope is applied
    expect(await applyHopActivity.handler({ clusterId: inside.id, extensionName: 'flux', from: '1.8.0', version: '1.8.3', dryRun: false }, ctx())).toMatchObject({ kind: 'succeeded' });
  });

  it('with a management-group scope, applyHop refuses a cluster whose subscription is not under the group', async () => {
    const w = fakeWorld({ clusters: [inside, outside], catalog: sampleCatalog(), policy: defaultPolicy(), scope: { subscriptions: [], managementGroups: ['platform'] } });
    (w.services.inventory as FakeInventory).managementGroups = { platform: [IN_SUB] };
    setServices(w.services);
    expect(await applyHopActivity.handler({ clusterId: outside.id, extensionName: 'flux', from: '1.8.0', version: '1.8.3', dryRun: false }, ctx())).toMatchObject({ kind: 'failed', errorCode: 'OutsideScope' });
    expect(w.writer.applied).toEqual([]);
    expect(await applyHopActivity.handler({ clusterId: inside.id, extensionName: 'flux', from: '1.8.0', version: '1.8.3', dryRun: false }, ctx())).toMatchObject({ kind: 'succeeded' });
  });

  it('planCluster refuses a cluster outside the scope without reading it, even with a stale ClusterState row', async () => {
    const w = world();
    await w.state.put({ clusterId: outside.id, reconciledKubernetesVersion: '1.29.0', lastSeenKubernetesVersion: '1.29.0', updatedAt: '2024-01-01T00:00:00Z' });
    const out = await planClusterActivity.handler({ clusterId: outside.id, rolloutId: 'r', trigger: { kind: 'timer' }, now: '2024-06-05T10:00:00Z' }, ctx());
    expect(out).toMatchObject({ outsideScope: true });
  });

  it('an event for an out-of-scope cluster with a stale state row starts nothing and writes nothing', async () => {
    const w = world();
    await w.state.put({ clusterId: outside.id, reconciledKubernetesVersion: '1.29.0', lastSeenKubernetesVersion: '1.29.0', updatedAt: '2024-01-01T00:00:00Z' });
    const starts: unknown[] = [];
    const deps: HandlerDeps = {
      services: () => w.services,
      starter: { start: (...a) => (starts.push(a), Promise.resolve('started')), status: (instanceId) => Promise.resolve({ instanceId, runtimeStatus: 'NotFound' }), raiseApproval: () => Promise.resolve(false) },
      now: () => new Date('2024-06-05T10:00:00Z'),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    };
    const event = { id: 'e', topic: outside.id, subject: 'x', eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded', eventTime: '2024-06-05T10:00:00Z', data: { nodePoolName: 'np' } };
    expect(await handleClusterEvent(event, deps)).toMatchObject({ action: 'ignored', code: 'outside-scope' });
    expect(starts).toEqual([]);
    expect(w.writer.applied).toEqual([]);
  });

  it('a full fleet rollout with a stale state row for an out-of-scope cluster touches only in-scope clusters', async () => {
    const w = world();
    // the inventory (Resource Graph) returns only the scope; a stale row remembers the outside cluster
    w.services.inventory = { discover: () => Promise.resolve({ clusters: [JSON.parse(JSON.stringify(inside)) as ClusterSnapshot] }), subscriptionsIn: () => Promise.resolve([]), alertsSince: () => Promise.resolve([]) };
    await w.state.put({ clusterId: outside.id, reconciledKubernetesVersion: '1.29.0', lastSeenKubernetesVersion: '1.29.0', updatedAt: '2024-01-01T00:00:00Z' });
    const harness = new DurableHarness({ autoApprove: true });
    expect(await harness.start('fleetRollout', FLEET_ROLLOUT_INSTANCE_ID, { rolloutId: 'fleet-1', trigger: { kind: 'timer' }, dryRun: false })).toBe('started');
    await harness.runToCompletion(FLEET_ROLLOUT_INSTANCE_ID);
    expect(w.writer.applied.length).toBeGreaterThan(0);
    expect(w.writer.applied.every((h) => h.clusterId === inside.id)).toBe(true);
    expect(w.fleet.version(outside.id, 'flux')).toBe('1.8.0');
  });
});

describe('(e) no setting value in any log line or audit row of a full fake rollout', () => {
  it('greps every log line, console call and audit row for the markers', async () => {
    const MARK = 'SECRET-MARKER-fake';
    const policy: Policy = defaultPolicy();
    policy.rollout.ringTag = 'ring';
    policy.rollout.rings = [{ name: 'canary', maxParallel: 2, bakeMinutes: 0, maxFailureRatio: 1, requireApproval: true }];
    const clusters = ['a', 'b', 'c'].map((n, i) => {
      const c = sampleCluster(n, { ring: 'canary' });
      // settings as ARM returns them ride along on the extension objects the fakes hand out
      Object.assign(c.extensions[0]!, { configurationSettings: { k: `${MARK}-plain-${i}` }, configurationProtectedSettings: { s: `${MARK}-protected-${i}` } });
      return c;
    });
    const w = fakeWorld({ clusters, catalog: sampleCatalog(), policy });
    w.writer.script(clusters[1]!.id, 'flux', '1.8.3', { outcome: 'failed', message: 'helm failed' });
    setServices(w.services);
    const lines: unknown[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    try {
      const harness = new DurableHarness({ autoApprove: true, log: (...a) => void lines.push(a) });
      await harness.start('fleetRollout', FLEET_ROLLOUT_INSTANCE_ID, { rolloutId: 'fleet-1', trigger: { kind: 'timer' }, dryRun: false });
      const status = await harness.runToCompletion(FLEET_ROLLOUT_INSTANCE_ID);
      expect(w.writer.applied.length).toBeGreaterThan(0);
      expect(w.audit.all().length).toBeGreaterThan(3);
      expect(JSON.stringify(w.fleet.clusters.get(clusters[0]!.id.toLowerCase()))).toContain(MARK); // markers were there to leak
      const everything = JSON.stringify([lines, spies.map((s) => s.mock.calls), w.audit.all(), w.notifier.all(), status]);
      expect(everything).not.toContain(MARK);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
