/** GET /api/holds and DELETE /api/holds/{extensionType}/{version}: list, clear (audited, with who), 404, 400. */
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { defaultPolicy } from '../../src/domain/policySchema';
import { clearHoldRoute, listHoldsRoute } from '../../src/functions/httpHolds';
import { planRoute } from '../../src/functions/httpPlan';
import type { HandlerDeps } from '../../src/host/durableStarter';
import type { CallerVerifier } from '../../src/domain/ports';
import { fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const NOW = new Date('2026-06-02T08:00:00Z');

function setup(): { world: FakeWorld; deps: HandlerDeps } {
  const world = fakeWorld({ clusters: [sampleCluster('a')], catalog: sampleCatalog(), policy: defaultPolicy() });
  const unused = (): never => {
    throw new Error('not used');
  };
  const deps: HandlerDeps = {
    services: () => world.services,
    starter: { start: unused, status: unused, raiseApproval: unused },
    now: () => NOW,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };
  return { world, deps };
}

const del = (extensionType: string, version: string, headers: Record<string, string> = {}, query = '') =>
  new HttpRequest({ method: 'DELETE', url: `http://localhost:7071/api/holds/${encodeURIComponent(extensionType)}/${encodeURIComponent(version)}${query}`, params: { extensionType, version }, headers });
/** The header App Service authentication sets: base64 JSON of the caller's claims (never believed by the app). */
const principal = (name: string, roles: string[] = []): Record<string, string> => ({
  'x-ms-client-principal': Buffer.from(JSON.stringify({ auth_typ: 'aad', name_typ: 'name', role_typ: 'roles', claims: [{ typ: 'name', val: name }, ...roles.map((r) => ({ typ: 'roles', val: r }))] })).toString('base64'),
});
/** A stand-in verifier: the token "<name>;<role>,<role>" proves that caller (real tokens: test/security/approvalTokens.test.ts). */
const stubVerifier: CallerVerifier = {
  verify: (token) => {
    const [name = '', roles = ''] = token.split(';');
    return Promise.resolve(name ? { ok: true, caller: { identityProvider: 'aad', name, roles: roles.split(',').filter(Boolean), groups: [] } } : { ok: false, status: 401, problem: 'no' });
  },
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely
const body = (r: HttpResponseInit) => r.jsonBody as Record<string, any>;

describe('hold routes', () => {
  it('lists the holds, clears one with the caller named in the audit row, then 404s for it', async () => {
    const { world, deps } = setup();
    await world.holds.add({ extensionType: 'microsoft.flux', version: '1.10.0', clusterId: 'c', rolloutId: 'r', heldAt: 't', reason: 'x' });
    const listed = await listHoldsRoute(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/holds' }), deps);
    expect(body(listed)).toEqual({ holds: [{ extensionType: 'microsoft.flux', version: '1.10.0', clusterId: 'c', rolloutId: 'r', heldAt: 't', reason: 'x' }] });

    // authentication off (local): the claimed name, marked; a principal header beside it proves nothing
    const cleared = await clearHoldRoute(del('Microsoft.Flux', '1.10.0', principal('boss@contoso.com'), '?by=ops@contoso.com'), deps);
    expect(cleared.status).toBe(200);
    expect(body(cleared)).toEqual({ extensionType: 'microsoft.flux', version: '1.10.0', clearedBy: 'unauthenticated:ops@contoso.com' });
    expect(world.holds.holds).toEqual([]);
    expect(world.audit.all()).toEqual([expect.objectContaining({ kind: 'hold', code: 'hold-cleared', extensionType: 'microsoft.flux', to: '1.10.0', actor: 'unauthenticated:ops@contoso.com', at: NOW.toISOString() })]);

    const again = await clearHoldRoute(del('microsoft.flux', '1.10.0'), deps);
    expect(again.status).toBe(404);
    expect(body(again).error.problem).toBe('version 1.10.0 of microsoft.flux is not held');
  });

  it('with authentication required only a verified approver clears a hold: 401 for principal headers, 403 without the role; the hold stays, each refusal audited', async () => {
    const { world, deps } = setup();
    world.services.approvals = { requireAuthentication: true, roles: ['Reconciler.Approve'], groups: [] };
    world.services.callerVerifier = stubVerifier;
    let tick = 0;
    deps.now = () => new Date(NOW.getTime() + 1000 * tick++); // one row per refusal (rows of the same instant are one row)
    await world.holds.add({ extensionType: 'microsoft.flux', version: '1.10.0', clusterId: 'c', rolloutId: 'r', heldAt: 't', reason: 'x' });
    expect((await clearHoldRoute(del('microsoft.flux', '1.10.0', { 'x-ms-client-principal-name': 'forged@contoso.com' }), deps)).status).toBe(401);
    expect((await clearHoldRoute(del('microsoft.flux', '1.10.0', principal('ops@contoso.com', ['Reconciler.Approve'])), deps)).status).toBe(401);
    expect((await clearHoldRoute(del('microsoft.flux', '1.10.0', { authorization: 'Bearer dev@contoso.com;Reader' }), deps)).status).toBe(403);
    expect(world.holds.holds).toHaveLength(1);
    expect(world.audit.all().map((r) => [r.kind, r.code, r.actor])).toEqual([
      ['refused', 'approval-refused', undefined],
      ['refused', 'approval-refused', undefined],
      ['refused', 'approval-refused', 'dev@contoso.com'],
    ]);
    const ok = await clearHoldRoute(del('microsoft.flux', '1.10.0', { authorization: 'Bearer ops@contoso.com;Reconciler.Approve' }), deps);
    expect(body(ok)).toMatchObject({ clearedBy: 'ops@contoso.com' });
    expect(world.holds.holds).toEqual([]);
  });

  it.each([
    ['microsoft.flux', 'latest', '$.version', '"latest" is not a semver version'],
    ['bad type!', '1.0.0', '$.extensionType', 'expected an extension type such as "microsoft.flux"'],
  ])('400 for %s / %s naming the field', async (type, version, path, problem) => {
    const { deps } = setup();
    const r = await clearHoldRoute(del(type, version), deps);
    expect(r.status).toBe(400);
    expect(body(r)).toEqual({ error: { input: 'route', path, problem } });
  });
});

describe('GET /api/plan and the safety gates', () => {
  it('lists the freezes in force or to come (not past ones) and plans a held version as held-after-failure', async () => {
    const { world, deps } = setup();
    const freeze = (from: string, to: string) => ({ from, to, reason: `${from}`, clusterIds: [], clusterTags: {} });
    world.services.policy.rollout.freezes = [freeze('2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z'), freeze('2026-06-01T00:00:00Z', '2026-06-03T00:00:00Z'), freeze('2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z')];
    await world.holds.add({ extensionType: 'microsoft.flux', version: '1.8.3', clusterId: 'c', rolloutId: 'r', heldAt: 't', reason: 'x' });
    const r = await planRoute(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/plan' }), deps);
    expect(body(r).freezes.map((f: { from: string }) => f.from)).toEqual(['2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z']);
    expect(body(r).decisions[0]).toMatchObject({ action: 'hold', code: 'held-after-failure', to: '1.8.3' });
  });
});
