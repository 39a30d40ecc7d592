import { LIVE_SIGNALS_SCRIPT } from '../../src/ui/liveSignalsSection';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { uiClusterRoute, uiFleetRoute, uiPageRoute, uiRolloutsRoute } from '../../src/functions/httpUi';
import { uiAuditRoute } from '../../src/functions/httpUiAudit';
import { rolloutView } from '../../src/app/rolloutBoard';
import { FleetReportCache } from '../../src/app/fleetView';
import { SIGN_IN_SCRIPT } from '../../src/ui/signInScript';
import { PAGE_SCRIPT } from '../../src/ui/pageScript';
import { PAGE_STYLES } from '../../src/ui/pageStyles';
import { FLEET_RUNS_SCRIPT } from '../../src/ui/fleetRunsSection';
import type { HandlerDeps } from '../../src/host/durableStarter';
import type { RolloutStatus } from '../../src/host/rolloutContracts';
import type { Services } from '../../src/host/services';
import type { Catalog, ClusterSnapshot } from '../../src/domain/model';
import { defaultPolicy } from '../../src/domain/policySchema';
import { InMemoryAuditLog, InMemoryHolds, InMemoryRolloutPlanStore } from '../../simulator/world/fakePorts';
import type { AuditRecord } from '../../src/domain/ports';

const SUB = '11111111-2222-3333-4444-555555555555';
const OTHER = '99999999-2222-3333-4444-555555555555';
const id = (name: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const NOW = new Date('2024-05-01T10:00:00.000Z');
const CATALOG: Catalog = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.8.2', releaseTrain: 'stable' }] } } };
// autoUpgradeMinorVersion true: rule 5 makes every extension a `hold` (a problem row)
const cluster = (name: string): ClusterSnapshot => ({
  id: id(name), kubernetesVersion: '1.29.4', tags: { ring: 'canary' },
  extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2', autoUpgradeMinorVersion: true, releaseTrain: 'stable', provisioningState: 'Succeeded', isSystemExtension: false }],
});

function setup(fleetStatus?: RolloutStatus) {
  const fleet = Array.from({ length: 7 }, (_, i) => cluster(`aks-${i}`));
  const audit = new InMemoryAuditLog();
  let discoveries = 0;
  const unused = (): never => { throw new Error('not used'); };
  const svc: Services = {
    scope: { subscriptions: [SUB], managementGroups: [] },
    policy: defaultPolicy(),
    dryRun: true,
    inventory: { discover: () => Promise.resolve(void discoveries++).then(() => ({ clusters: fleet })), subscriptionsIn: () => Promise.resolve([]), alertsSince: () => Promise.resolve([]) },
    clusters: { readCluster: (cid) => Promise.resolve(fleet.find((c) => c.id.toLowerCase() === cid.toLowerCase()) ?? null) },
    catalog: { catalogFor: () => Promise.resolve(CATALOG) },
    writer: { applyHop: unused, readExtension: unused },
    audit,
    state: { get: () => Promise.resolve(new Map()), put: unused, putMany: unused },
    notifier: { publish: unused },
    holds: new InMemoryHolds(),
    plans: new InMemoryRolloutPlanStore(),
  };
  const deps: HandlerDeps = {
    services: () => svc,
    starter: { start: unused, raiseApproval: unused, status: (instanceId) => Promise.resolve(fleetStatus ?? { instanceId, runtimeStatus: 'NotFound' }) },
    now: () => NOW,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };
  return { deps, svc, audit, discoveries: () => discoveries };
}

const get = (path: string) => new HttpRequest({ method: 'GET', url: `http://localhost:7071${path}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely
const body = (r: HttpResponseInit) => r.jsonBody as Record<string, any>;
const row = (extra: Partial<AuditRecord>): AuditRecord => ({ rolloutId: 'r', clusterId: '', extensionName: '', extensionType: '', kind: 'rollout', from: null, to: null, moveKind: null, code: 'rollout-completed', reason: 'done', trigger: 'timer', at: '2024-05-01T09:00:00.000Z', ...extra });

describe('status page routes', () => {
  it('GET /api/ui without a key or a signed-in user: 401 and a small page saying how to get a key (no data, no script)', async () => {
    const r = await uiPageRoute(get('/api/ui'), setup().deps);
    const headers = r.headers as Record<string, string>;
    expect(r.status).toBe(401);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body as string).toContain('A function key is needed');
    expect(r.body as string).toContain('az functionapp keys list');
    expect(r.body as string).not.toContain('<script');
    expect(headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; /);
  });

  it('GET /api/ui serves the page with a CSP that pins exactly its inline script and styles', async () => {
    const r = await uiPageRoute(get('/api/ui?code=some-key'), setup().deps);
    const headers = r.headers as Record<string, string>;
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    const sha = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    // the sign-in script, the page's script, the Fleet update runs section's (src/ui/fleetRunsSection.ts) and the live signals section's (issue 24), nothing else
    expect(headers['content-security-policy']).toContain(`script-src ${sha(SIGN_IN_SCRIPT)} ${sha(PAGE_SCRIPT)} ${sha(FLEET_RUNS_SCRIPT)} ${sha(LIVE_SIGNALS_SCRIPT)};`);
    expect(r.body as string).toContain(`<script>${SIGN_IN_SCRIPT}</script><script>${PAGE_SCRIPT}</script>`);
    expect(() => new vm.Script(SIGN_IN_SCRIPT)).not.toThrow();
    expect(headers['content-security-policy']).toContain(`style-src ${sha(PAGE_STYLES)};`);
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.body as string).toContain(`<script>${PAGE_SCRIPT}</script>`);
    expect(() => new vm.Script(PAGE_SCRIPT)).not.toThrow(); // the browser script parses (compiled, not run)
    expect(r.body as string).toContain(`<script>${LIVE_SIGNALS_SCRIPT}</script>`);
    expect(() => new vm.Script(LIVE_SIGNALS_SCRIPT)).not.toThrow();
  });

  it.each([
    ['services without approvals (tests, the demo): off', {}, 'off'],
    ['authentication required, no identity provider: none', { approvals: { requireAuthentication: true, roles: [], groups: [] } }, 'none'],
    ['authentication required with a verifier: token', { approvals: { requireAuthentication: true, roles: ['R'], groups: [] }, callerVerifier: { verify: () => Promise.reject(new Error('unused')) } }, 'token'],
    ['authentication off: off', { approvals: { requireAuthentication: false, roles: [], groups: [] } }, 'off'],
  ])('GET /api/ui tells the sign-in script how approvals are proven — %s', async (_n, extra, mode) => {
    // with an identity provider the page is served without any credential: it offers sign-in itself
    if (mode === 'token') expect((await uiPageRoute(get('/api/ui'), { ...setup().deps, services: () => ({ ...setup().deps.services(), ...extra }) })).status).toBe(200);
    const t = setup();
    const svc = t.deps.services();
    const r = await uiPageRoute(get('/api/ui?code=k'), { ...t.deps, services: () => ({ ...svc, ...extra }) });
    expect(r.body as string).toContain(`<body data-approvals="${mode}">`);
  });

  it('GET /api/ui/fleet pages the problems on the server and plans once per cache period', async () => {
    const world = setup();
    const first = body(await uiFleetRoute(get('/api/ui/fleet?limit=3&offset=6'), world.deps));
    expect(first.problems).toMatchObject({ total: 7, offset: 6, limit: 3 });
    expect(first.problems.items.map((p: { cluster: string }) => p.cluster)).toEqual(['aks-6']);
    expect(first.matrix[0].cells).toEqual([{ version: '1.8.2', kubernetesMinor: '1.29', count: 7, actions: { hold: 7 } }]);
    const filtered = body(await uiFleetRoute(get('/api/ui/fleet?ring=prod'), world.deps));
    expect(filtered.problems.total).toBe(0);
    expect(filtered).not.toHaveProperty('problems.items.0');
    expect(world.discoveries()).toBe(1);
  });

  it('the fleet report cache shares one load within its period and reloads after it or after a failure', async () => {
    const cache = new FleetReportCache(1000);
    let loads = 0;
    const load = () => Promise.resolve({ n: ++loads } as never);
    await cache.get(0, load);
    await cache.get(999, load);
    expect(loads).toBe(1);
    await cache.get(1000, load);
    expect(loads).toBe(2);
    await expect(cache.get(5000, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await cache.get(5001, load);
    expect(loads).toBe(3);
  });

  it.each([
    ['/api/ui/fleet?limit=0', '$.limit', '"0" is not an integer from 1 to 500'],
    ['/api/ui/fleet?offset=-1', '$.offset', '"-1" is not an integer'],
    ['/api/ui/fleet?action=upgrade', '$.action', '"upgrade" is not one of error, blocked, wait, hold'],
    ['/api/ui/cluster?id=aks-1', '$.id', 'must be the ARM id of a managed, connected or provisioned cluster'],
  ])('GET %s is a 400 naming %s', async (path, where, problem) => {
    const route = path.startsWith('/api/ui/cluster') ? uiClusterRoute : uiFleetRoute;
    const r = await route(get(path), setup().deps);
    expect(r.status).toBe(400);
    expect(body(r).error).toMatchObject({ input: 'query', path: where });
    expect(body(r).error.problem).toContain(problem);
  });

  it('GET /api/ui/cluster: the cluster, its decisions and its timeline newest first; 404 outside the scope', async () => {
    const world = setup();
    await world.audit.append([row({ clusterId: id('aks-2'), kind: 'planned', at: '2024-05-01T08:00:00.000Z' }), row({ clusterId: id('aks-2'), kind: 'applied', at: '2024-05-01T08:05:00.000Z' })]);
    const r = body(await uiClusterRoute(get(`/api/ui/cluster?id=${encodeURIComponent(id('aks-2'))}`), world.deps));
    expect(r.cluster).toMatchObject({ id: id('aks-2'), subscription: SUB, ring: 'default', kubernetesVersion: '1.29.4' });
    expect(r.cluster).not.toHaveProperty('extensions');
    expect(r.decisions).toEqual([expect.objectContaining({ extensionName: 'flux', action: 'hold', code: 'platform-auto-upgrade' })]);
    expect(r.timeline.map((t: AuditRecord) => t.kind)).toEqual(['applied', 'planned']);
    expect((await uiClusterRoute(get(`/api/ui/cluster?id=${encodeURIComponent(id('aks-2', OTHER))}`), world.deps)).status).toBe(404);
  });

  it('GET /api/ui/cluster: "last seen by discovery" from the remembered state (the path of Arc clusters upgraded in-cluster); absent when never seen', async () => {
    const world = setup();
    const seen = { clusterId: id('aks-3'), lastSeenKubernetesVersion: 'v1.28.9+k3s1', updatedAt: '2024-05-01T09:30:00.000Z' };
    world.svc.state.get = (ids) => Promise.resolve(new Map(ids.filter((i) => i === seen.clusterId).map((i) => [i, seen])));
    const r = body(await uiClusterRoute(get(`/api/ui/cluster?id=${encodeURIComponent(id('aks-3'))}`), world.deps));
    expect(r.cluster.lastSeen).toEqual({ at: '2024-05-01T09:30:00.000Z', kubernetesVersion: 'v1.28.9+k3s1' });
    const never = body(await uiClusterRoute(get(`/api/ui/cluster?id=${encodeURIComponent(id('aks-4'))}`), world.deps));
    expect(never.cluster).not.toHaveProperty('lastSeen');
    expect(PAGE_SCRIPT).toContain("'Last seen by discovery'");
  });

  it('GET /api/ui/rollouts: no rollout yet; recent fleet-level rollout rows only, newest first', async () => {
    const world = setup();
    await world.audit.append([row({ rolloutId: 'a', at: '2024-05-01T07:00:00.000Z' }), row({ rolloutId: 'b', kind: 'halted', code: 'approval-timed-out', at: '2024-05-01T08:00:00.000Z' }), row({ rolloutId: 'c', clusterId: id('aks-1'), code: 'cluster-reconciled' })]);
    const r = body(await uiRolloutsRoute(get('/api/ui/rollouts'), world.deps));
    expect(r).toMatchObject({ now: NOW.toISOString(), rollouts: [] });
    expect(r.recent.map((x: { rolloutId: string }) => x.rolloutId)).toEqual(['b', 'a']);
  });
});

describe('GET /api/ui/audit (the audit view)', () => {
  const rows = [
    row({ rolloutId: 'fleet-2024-05-01T09:00:00.000Z', clusterId: id('aks-1'), extensionName: 'flux', kind: 'applied', code: 'applied', reason: 'moved', at: '2024-05-01T09:01:00.000Z' }),
    row({ rolloutId: 'fleet-2024-05-01T09:00:00.000Z', kind: 'approved', code: 'approved', reason: 'ring prod approved by alice', actor: 'alice@example.com', ring: 'prod', at: '2024-05-01T09:02:00.000Z' }),
    row({ rolloutId: 'fleet-2024-05-02T09:00:00.000Z', clusterId: id('aks-1'), extensionName: 'flux', kind: 'planned', code: 'up-to-date', reason: 'nothing to do', at: '2024-05-02T09:00:00.000Z' }),
  ];

  it.each([
    ['a rollout: its rows, newest first, whole rollout id, actor and reason', '?rollout=fleet-2024-05-01T09:00:00.000Z', [['approved', 'alice@example.com', 'ring prod approved by alice'], ['applied', undefined, 'moved']]],
    ['a cluster: its rows across rollouts', `?cluster=${encodeURIComponent(id('AKS-1'))}`, [['planned', undefined, 'nothing to do'], ['applied', undefined, 'moved']]],
    ['a cluster within a rollout', `?rollout=fleet-2024-05-02T09:00:00.000Z&cluster=${encodeURIComponent(id('aks-1'))}`, [['planned', undefined, 'nothing to do']]],
  ])('filters by %s', async (_name, query, expected) => {
    const world = setup();
    await world.audit.append(rows);
    const r = await uiAuditRoute(get(`/api/ui/audit${query}`), world.deps);
    expect(r.status).toBe(200);
    expect(body(r).rows.map((x: AuditRecord) => [x.kind, x.actor, x.reason])).toEqual(expected);
    expect(body(r).rows.every((x: AuditRecord) => x.rolloutId.startsWith('fleet-2024-05-0'))).toBe(true);
  });

  it.each([
    ['neither a rollout nor a cluster', '', '$', 'give a rollout id'],
    ['a cluster that is no cluster id', '?cluster=aks-1', 'cluster', 'must be the ARM id'],
    ['a rollout id with a slash', '?rollout=a%2Fb', '$.rollout', 'only letters, digits'],
    ['a limit out of range', '?rollout=r&limit=5000', '$.limit', 'from 1 to 1000'],
  ])('400 for %s, naming the parameter', async (_name, query, path, problem) => {
    const r = await uiAuditRoute(get(`/api/ui/audit${query}`), setup().deps);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.jsonBody)).toContain(problem);
    expect([body(r).error.input, body(r).error.path].join(' ')).toContain(path);
  });
});

describe('rolloutView', () => {
  const tallies = [{ name: 'canary', clusters: 2, succeeded: 2, failed: 0, skipped: 0 }, { name: 'prod', clusters: 5, succeeded: 0, failed: 0, skipped: 0 }];
  it('a rollout waiting for approval offers the ring, its cluster count and the deadline', () => {
    const status: RolloutStatus = { instanceId: 'fleet-rollout', runtimeStatus: 'Running', input: { rolloutId: 'fleet-1', trigger: { kind: 'manual', by: 'bob' }, dryRun: false }, customStatus: { ring: 'prod', ringIndex: 1, state: 'waiting-approval', tallies, until: '2024-05-02T10:00:00.000Z' } };
    expect(rolloutView(status)).toEqual({
      instanceId: 'fleet-rollout', rolloutId: 'fleet-1', runtimeStatus: 'Running', state: 'waiting-approval', trigger: 'manual:bob', dryRun: false, ring: 'prod', rings: tallies,
      until: '2024-05-02T10:00:00.000Z', approval: { ring: 'prod', clusters: 5, deadline: '2024-05-02T10:00:00.000Z' },
    });
  });
  it('an ended rollout reads its output: rings and halt; nothing to approve', () => {
    const halt = { ring: 'prod', code: 'approval-timed-out', reason: 'No approval.' };
    const status: RolloutStatus = { instanceId: 'fleet-rollout', runtimeStatus: 'Completed', input: { rolloutId: 'fleet-1' }, customStatus: { state: 'halted', ring: 'prod', until: 'x' }, output: { state: 'halted', rings: tallies, halt } };
    const view = rolloutView(status);
    expect(view).toMatchObject({ state: 'halted', rings: tallies, halt });
    expect(view).not.toHaveProperty('approval');
    expect(view).not.toHaveProperty('until');
  });
});
