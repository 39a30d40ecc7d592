import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { planRoute } from '../../src/functions/httpPlan';
import { approveRoute, reconcileRoute, rolloutStatusRoute } from '../../src/functions/httpRollouts';
import { APPROVAL_EVENT, clusterRolloutInstanceId, FLEET_ROLLOUT_INSTANCE_ID, type RolloutStarter, type RolloutStatus } from '../../src/host/rolloutContracts';
import type { Services } from '../../src/host/services';
import { InputError } from '../../src/domain/inputError';
import type { Catalog, ClusterSnapshot } from '../../src/domain/model';
import type { AuditRecord } from '../../src/domain/ports';
import { defaultPolicy } from '../../src/domain/policySchema';
import { clientPrincipalHeader } from '../support/clientPrincipal';

const SUB = '11111111-2222-3333-4444-555555555555';
const id = (name: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const NOW = new Date('2024-05-01T10:00:00.000Z');
const CATALOG: Catalog = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.8.2', releaseTrain: 'stable' }, { version: '1.8.3', releaseTrain: 'stable' }] } } };
const cluster = (name: string, tags: Record<string, string> = {}): ClusterSnapshot => ({
  id: id(name),
  kubernetesVersion: '1.29.4',
  tags,
  extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2', autoUpgradeMinorVersion: false, releaseTrain: 'stable', provisioningState: 'Succeeded', isSystemExtension: false }],
});

function setup(options: { statuses?: Record<string, RolloutStatus['runtimeStatus']>; dryRun?: boolean; settingsError?: InputError } = {}) {
  const statuses = new Map(Object.entries(options.statuses ?? {}));
  const starts: { orchestration: string; instanceId: string; input: unknown }[] = [];
  const approvals: { instanceId: string; event: unknown }[] = [];
  const audit: AuditRecord[] = [];
  const fleet = [cluster('aks-1', { ring: 'canary' }), cluster('aks-2')];
  const unused = (): never => {
    throw new Error('not used by the HTTP API');
  };
  const starter: RolloutStarter = {
    start: ((orchestration: string, instanceId: string, input: unknown) => {
      const s = statuses.get(instanceId);
      if (s === 'Running' || s === 'Pending') return Promise.resolve('already-running' as const);
      starts.push({ orchestration, instanceId, input });
      statuses.set(instanceId, 'Running');
      return Promise.resolve('started' as const);
    }),
    status: (instanceId) => {
      const runtimeStatus = statuses.get(instanceId) ?? 'NotFound';
      return Promise.resolve(runtimeStatus === 'NotFound' ? { instanceId, runtimeStatus } : { instanceId, runtimeStatus, input: { rolloutId: `r-${instanceId}` }, customStatus: { state: 'waiting-approval', ring: 'canary', ringIndex: 0, ringNames: ['canary', 'prod'], approvalRings: ['canary', 'prod'] } });
    },
    raiseApproval: (instanceId, event) => {
      if (statuses.get(instanceId) !== 'Running') return Promise.resolve(false);
      approvals.push({ instanceId, event });
      return Promise.resolve(true);
    },
  };
  const svc: Services = {
    scope: { subscriptions: [SUB], managementGroups: [] },
    policy: { ...defaultPolicy(), rollout: { ...defaultPolicy().rollout, rings: [{ name: 'canary', maxParallel: 1, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false }] } },
    dryRun: options.dryRun ?? false,
    inventory: { discover: () => Promise.resolve({ clusters: fleet }), subscriptionsIn: () => Promise.resolve([]), alertsSince: unused },
    clusters: { readCluster: (cid) => Promise.resolve(fleet.find((c) => c.id.toLowerCase() === cid.toLowerCase()) ?? null) },
    catalog: { catalogFor: () => Promise.resolve(CATALOG) },
    writer: { applyHop: unused, readExtension: unused },
    audit: { append: (rows) => Promise.resolve(void audit.push(...rows)), query: unused, claimApproval: (row) => { const found = audit.find((r) => r.kind === 'approved' && r.rolloutId === row.rolloutId && r.ring?.toLowerCase() === row.ring?.toLowerCase()); if (found) return Promise.resolve(found); audit.push(row); return Promise.resolve(undefined); } },
    state: { get: () => Promise.resolve(new Map()), put: unused, putMany: unused },
    holds: { list: () => Promise.resolve([]), add: unused, clear: unused },
    plans: { write: unused, read: unused, delete: unused, deleteAllBut: unused },
    notifier: { publish: unused },
  };
  const errors: unknown[] = [];
  const deps: HandlerDeps = {
    services: () => {
      if (options.settingsError) throw options.settingsError;
      return svc;
    },
    starter,
    now: () => NOW,
    log: { info: () => undefined, warn: () => undefined, error: (m, meta) => errors.push([m, meta]) },
  };
  return { deps, starts, approvals, audit, errors };
}

const get = (url: string, params: Record<string, string> = {}) => new HttpRequest({ method: 'GET', url: `http://localhost:7071${url}`, params });
const post = (url: string, body?: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  new HttpRequest({ method: 'POST', url: `http://localhost:7071${url}`, params, headers, ...(body !== undefined ? { body: { string: body } } : {}) });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely
const body = (r: HttpResponseInit) => r.jsonBody as Record<string, any>;

describe('GET /api/plan', () => {
  it('returns every decision and the summary', async () => {
    const r = await planRoute(get('/api/plan'), setup().deps);
    expect(r.status).toBe(200);
    expect(body(r).decisions).toHaveLength(2);
    expect(body(r).decisions[0]).toMatchObject({ clusterId: id('aks-1'), extensionName: 'flux', action: 'upgrade', to: '1.8.3', code: 'patch-available' });
    expect(body(r).summary).toEqual({ clusters: 2, extensions: 2, byAction: { upgrade: 2 } });
  });
  it('filters one cluster (case-insensitive id)', async () => {
    const r = await planRoute(get(`/api/plan?cluster=${encodeURIComponent(id('aks-2').toUpperCase())}`), setup().deps);
    expect(body(r).decisions.map((d: { clusterId: string }) => d.clusterId)).toEqual([id('aks-2')]);
    expect(body(r).summary.clusters).toBe(1);
  });
  it('404 for a cluster not in the fleet', async () => {
    const r = await planRoute(get(`/api/plan?cluster=${encodeURIComponent(id('nope'))}`), setup().deps);
    expect(r.status).toBe(404);
    expect(body(r).error).toMatchObject({ input: 'cluster' });
  });
  it('a bad app setting is a 500 naming the setting, without a stack', async () => {
    const r = await planRoute(get('/api/plan'), setup({ settingsError: new InputError('RECONCILER_DRY_RUN', '$', 'must be true, false, 1 or 0') }).deps);
    expect(r.status).toBe(500);
    expect(body(r)).toEqual({ error: { input: 'RECONCILER_DRY_RUN', path: '$', problem: 'the app setting is invalid: must be true, false, 1 or 0' } });
  });
});

describe('GET /api/rollouts/{id}', () => {
  it('returns the status of a known instance', async () => {
    const r = await rolloutStatusRoute(get('/api/rollouts/fleet-rollout', { id: 'fleet-rollout' }), setup({ statuses: { 'fleet-rollout': 'Running' } }).deps);
    expect(r.status).toBe(200);
    expect(body(r)).toMatchObject({ instanceId: 'fleet-rollout', runtimeStatus: 'Running', customStatus: { ring: 'canary' } });
  });
  it('404 for an unknown instance', async () => {
    const r = await rolloutStatusRoute(get('/api/rollouts/x', { id: 'x' }), setup().deps);
    expect(r.status).toBe(404);
    expect(body(r).error.problem).toContain('"x"');
  });
  it('a failing durable client is a 500 without the error text', async () => {
    const t = setup();
    t.deps.starter.status = () => Promise.reject(new Error('secret internals at line 42'));
    const r = await rolloutStatusRoute(get('/api/rollouts/x', { id: 'x' }), t.deps);
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.jsonBody)).not.toContain('secret internals');
    expect(t.errors).toHaveLength(1);
  });
});

describe('POST /api/rollouts/{id}/approve', () => {
  const url = '/api/rollouts/fleet-rollout/approve';
  it('refuses an approval meant for another run of the instance (409), raising and recording nothing', async () => {
    const t = setup({ statuses: { 'fleet-rollout': 'Running' } });
    const r = await approveRoute(post(url, '{"ring":"prod","rolloutId":"fleet-yesterday"}', { id: 'fleet-rollout' }), t.deps);
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.jsonBody)).toMatch(/rolloutId/);
    expect(t.approvals).toEqual([]);
    expect(t.audit).toEqual([]);
    const ok = await approveRoute(post(url, '{"ring":"prod","rolloutId":"r-fleet-rollout"}', { id: 'fleet-rollout' }), t.deps);
    expect(ok.status).toBe(202);
  });

  it('authentication off: raises the approval with the approver the body claims, recorded as an unauthenticated claim', async () => {
    const t = setup({ statuses: { 'fleet-rollout': 'Running' } });
    const r = await approveRoute(post(url, '{"ring":"prod","approvedBy":"ann"}', { id: 'fleet-rollout' }), t.deps);
    expect(r.status).toBe(202);
    expect(t.approvals).toEqual([{ instanceId: 'fleet-rollout', event: { ring: 'prod', approvedBy: 'unauthenticated:ann' } }]);
    expect(t.audit).toEqual([expect.objectContaining({ kind: 'approved', code: 'approved', rolloutId: 'r-fleet-rollout', ring: 'prod', actor: 'unauthenticated:ann', at: NOW.toISOString() })]);
    expect(t.audit[0]?.reason).toMatch(/unauthenticated claim/);
    expect(APPROVAL_EVENT).toBe('RingApproval');
  });
  it('x-ms-client-principal and x-ms-client-principal-name are never believed: with authentication off the body\'s claim is recorded, marked', async () => {
    const t = setup({ statuses: { 'fleet-rollout': 'Running' } });
    await approveRoute(post(url, '{"ring":"prod","approvedBy":"ann"}', { id: 'fleet-rollout' }, { 'x-ms-client-principal': clientPrincipalHeader({ name: 'bob@contoso.com' }) }), t.deps);
    expect(t.audit[0]?.actor).toBe('unauthenticated:ann');
    const u = setup({ statuses: { 'fleet-rollout': 'Running' } }); // a ring is approved once: a second rollout's worth of audit
    await approveRoute(post(url, '{"ring":"prod","approvedBy":"ann"}', { id: 'fleet-rollout' }, { 'x-ms-client-principal-name': 'bob@contoso.com' }), u.deps);
    expect(u.audit[0]?.actor).toBe('unauthenticated:ann');
  });
  it('404 for an unknown instance, nothing recorded', async () => {
    const t = setup();
    const r = await approveRoute(post(url, '{"ring":"prod"}', { id: 'fleet-rollout' }), t.deps);
    expect(r.status).toBe(404);
    expect(t.audit).toEqual([]);
  });
  it('409 for a completed instance', async () => {
    const r = await approveRoute(post(url, '{"ring":"prod"}', { id: 'fleet-rollout' }), setup({ statuses: { 'fleet-rollout': 'Completed' } }).deps);
    expect(r.status).toBe(409);
  });
  it.each([
    ['no body', undefined, '$', /required/],
    ['not JSON', '{ring:', '$', /not valid JSON/],
    ['no ring', '{}', '$.ring', /./],
    ['empty ring', '{"ring":"  "}', '$.ring', /must name the ring/],
    ['unknown field', '{"ring":"prod","force":true}', '$', /force/],
  ])('400 for %s', async (_n, text, path, problem) => {
    const t = setup({ statuses: { 'fleet-rollout': 'Running' } });
    const r = await approveRoute(post(url, text, { id: 'fleet-rollout' }), t.deps);
    expect(r.status).toBe(400);
    expect(body(r).error).toMatchObject({ input: 'request body', path });
    expect(body(r).error.problem).toMatch(problem);
    expect(t.approvals).toEqual([]);
  });
});

describe('POST /api/reconcile', () => {
  it('starts the fleet rollout (empty body) and answers 202 with the instance id; a forged principal header names no one', async () => {
    const t = setup();
    const r = await reconcileRoute(post('/api/reconcile', undefined, {}, { 'x-ms-client-principal': clientPrincipalHeader({ name: 'ann' }) }), t.deps);
    expect(r.status).toBe(202);
    expect(body(r)).toEqual({ instanceId: FLEET_ROLLOUT_INSTANCE_ID, rolloutId: 'fleet-2024-05-01T10:00:00.000Z', dryRun: false, statusUri: '/api/rollouts/fleet-rollout' });
    expect(t.starts).toEqual([{ orchestration: 'fleetRollout', instanceId: FLEET_ROLLOUT_INSTANCE_ID, input: { rolloutId: 'fleet-2024-05-01T10:00:00.000Z', trigger: { kind: 'manual' }, dryRun: false } }]);
  });
  it('409 while the fleet rollout runs', async () => {
    const t = setup({ statuses: { [FLEET_ROLLOUT_INSTANCE_ID]: 'Running' } });
    const r = await reconcileRoute(post('/api/reconcile', '{}'), t.deps);
    expect(r.status).toBe(409);
    expect(t.starts).toEqual([]);
  });
  it.each([
    [false, undefined, false],
    [false, true, true],
    [true, false, true],
  ])('global dry run %s + requested %s → %s (a request cannot turn dry run off)', async (global, requested, expected) => {
    const t = setup({ dryRun: global });
    await reconcileRoute(post('/api/reconcile', JSON.stringify(requested === undefined ? {} : { dryRun: requested })), t.deps);
    expect((t.starts[0]?.input as { dryRun: boolean }).dryRun).toBe(expected);
  });
  it('starts one cluster under its derived instance id and ring', async () => {
    const t = setup();
    const r = await reconcileRoute(post('/api/reconcile', JSON.stringify({ clusterId: id('aks-1'), dryRun: true })), t.deps);
    const instanceId = clusterRolloutInstanceId(id('aks-1'), '1.29.4');
    expect(r.status).toBe(202);
    expect(body(r).instanceId).toBe(instanceId);
    expect(t.starts).toEqual([{ orchestration: 'clusterRollout', instanceId, input: expect.objectContaining({ clusterId: id('aks-1'), ring: 'canary', dryRun: true, trigger: { kind: 'manual' } }) }]);
  });
  it.each([
    ['dryRun not boolean', 400, '{"dryRun":"yes"}', '$.dryRun'],
    ['clusterId not a cluster', 400, '{"clusterId":"/subscriptions/x/resourceGroups/rg"}', '$.clusterId'],
    ['cluster outside scope', 400, JSON.stringify({ clusterId: id('aks-1', '99999999-2222-3333-4444-555555555555') }), '$.clusterId'],
    ['unknown cluster', 404, JSON.stringify({ clusterId: id('ghost') }), '$.clusterId'],
    ['body an array', 400, '[]', '$'],
  ])('%s → %d', async (_n, status, text, path) => {
    const t = setup();
    const r = await reconcileRoute(post('/api/reconcile', text), t.deps);
    expect(r.status).toBe(status);
    expect(body(r).error.path).toBe(path);
    expect(t.starts).toEqual([]);
  });
});
