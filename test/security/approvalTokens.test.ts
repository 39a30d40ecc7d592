/**
 * Approvals carry proof (issue 21): every token case against a real token issuer on this machine (local HTTPS OpenID
 * metadata and keys, RSA keys generated here), driven through the real approve and clear-hold handlers. Each refusal has
 * its exact status and one `approval-refused` audit row; nothing is raised.
 */
import https from 'node:https';
import { HttpRequest } from '@azure/functions';
import { EntraTokenVerifier, MAX_TOKEN_CHARS } from '../../src/azure/entra/entraTokenVerifier';
import type { ApproverPolicy } from '../../src/domain/approval';
import { approveRoute } from '../../src/functions/httpRollouts';
import { clearHoldRoute } from '../../src/functions/httpHolds';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { CLIENT_PRINCIPAL_HEADER, MAX_AUTHORIZATION_HEADER } from '../../src/host/principal';
import type { RolloutStarter } from '../../src/host/rolloutContracts';
import { defaultPolicy } from '../../src/domain/policySchema';
import { startEntraIssuer, type EntraIssuer, type TokenForgery } from '../../simulator/entraIssuer';
import { fakeWorld, sampleCatalog } from '../../simulator/world/fakePorts';
import { clientPrincipalHeader } from '../support/clientPrincipal';

const NOW = new Date('2024-06-05T10:00:00Z');
const CLIENT_ID = '3f2a1b4c-0000-4000-8000-00000000a001';
const REQUIRED: ApproverPolicy = { requireAuthentication: true, roles: ['Reconciler.Approve'], groups: ['6f1c2f0e-0000-4000-8000-000000000001'] };
const at = (seconds: number): number => Math.floor(NOW.getTime() / 1000) + seconds;

let issuer: EntraIssuer;
let verifier: EntraTokenVerifier;
beforeAll(async () => {
  issuer = await startEntraIssuer();
  verifier = new EntraTokenVerifier({ tenantId: issuer.tenantId, clientId: CLIENT_ID, authority: issuer.authority, agent: new https.Agent({ ca: issuer.ca }), keyRefetchCooldownMs: 0, now: () => NOW });
}, 60_000);
afterAll(() => issuer.close());

function setup(approvals: ApproverPolicy = REQUIRED, withVerifier = true) {
  const w = fakeWorld({ clusters: [], catalog: sampleCatalog(), policy: defaultPolicy() });
  const services = { ...w.services, approvals, ...(withVerifier ? { callerVerifier: verifier } : {}) };
  const raised: unknown[] = [];
  const starter: RolloutStarter = {
    start: () => Promise.resolve('started'),
    status: (instanceId) =>
      Promise.resolve({ instanceId, runtimeStatus: 'Running', input: { rolloutId: 'fleet-1', dryRun: false }, customStatus: { state: 'waiting-approval', ringIndex: 1, ringNames: ['canary', 'prod'], approvalRings: ['prod'] } }),
    raiseApproval: (_id, event) => (raised.push(event), Promise.resolve(true)),
  };
  const deps: HandlerDeps = { services: () => services, starter, now: () => NOW, log: { info: () => undefined, warn: () => undefined, error: () => undefined } };
  return { w, deps, raised };
}

const approve = (headers: Record<string, string>, body: unknown = { ring: 'prod', approvedBy: 'mallory' }) =>
  new HttpRequest({ method: 'POST', url: 'http://localhost/api/rollouts/fleet-rollout/approve', params: { id: 'fleet-rollout' }, headers, body: { string: JSON.stringify(body) } });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const alice = { aud: CLIENT_ID, preferred_username: 'alice@contoso.com', oid: 'a11ce000-0000-4000-8000-000000000001', roles: ['Reconciler.Approve'] };
const sign = (claims: Record<string, unknown>, forgery: TokenForgery = 'none') => issuer.token(claims, { forgery, now: NOW });

describe('an approval counts only with a token the app verified', () => {
  it('a correct v2 token with the approver role: 202, the approver is the token\'s user (the body\'s claim is ignored)', async () => {
    const t = setup();
    const res = await approveRoute(approve(bearer(await sign(alice))), t.deps);
    expect(res.status).toBe(202);
    expect(t.raised).toEqual([{ ring: 'prod', approvedBy: 'alice@contoso.com' }]);
    expect(t.w.audit.all()).toEqual([expect.objectContaining({ kind: 'approved', code: 'approved', actor: 'alice@contoso.com', ring: 'prod' })]);
  });

  it('a v1 token (iss https://sts.windows.net/<tenant>/, aud api://<client id>) in an approver group: 202', async () => {
    const t = setup();
    const token = await sign({ iss: issuer.issuerV1, aud: `api://${CLIENT_ID}`, ver: '1.0', upn: 'bob@contoso.com', groups: ['6F1C2F0E-0000-4000-8000-000000000001'] });
    expect((await approveRoute(approve(bearer(token)), t.deps)).status).toBe(202);
    expect(t.w.audit.all()[0]?.actor).toBe('bob@contoso.com');
  });

  it('a token that expired 30 s ago is still inside the 60 s clock skew: 202', async () => {
    const t = setup();
    expect((await approveRoute(approve(bearer(await sign({ ...alice, iat: at(-3600), nbf: at(-3600), exp: at(-30) }))), t.deps)).status).toBe(202);
  });

  type Case = [string, 401 | 403, () => Promise<Record<string, string>>, RegExp];
  it.each<Case>([
    ['no token at all', 401, () => Promise.resolve({}), /Authorization: Bearer/],
    ['signed with a key the tenant never published (same kid)', 401, async () => bearer(await sign(alice, 'wrong-key')), /signature/],
    ['expired (90 s ago, past the skew)', 401, async () => bearer(await sign({ ...alice, iat: at(-3600), nbf: at(-3600), exp: at(-90) })), /expired/],
    ['not yet valid (nbf in 10 minutes)', 401, async () => bearer(await sign({ ...alice, nbf: at(600), exp: at(4200) })), /not valid yet/],
    ['for another audience', 401, async () => bearer(await sign({ ...alice, aud: 'api://some-other-app' })), /audience/],
    ['from another issuer (another tenant)', 401, async () => bearer(await sign({ ...alice, iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000ff/v2.0' })), /issuer/],
    ['alg: none', 401, async () => bearer(await sign(alice, 'alg-none')), /RS256/],
    ['HS256 keyed with the tenant\'s public key', 401, async () => bearer(await sign(alice, 'hmac-with-public-key')), /RS256/],
    ['a token longer than the limit (correctly signed)', 401, async () => bearer(await sign({ ...alice, padding: 'x'.repeat(MAX_TOKEN_CHARS) })), /longer than/],
    ['an Authorization header longer than the limit', 401, () => Promise.resolve({ authorization: `Bearer ${'a'.repeat(MAX_AUTHORIZATION_HEADER)}` }), /longer than/],
    ['another scheme (Basic)', 401, () => Promise.resolve({ authorization: 'Basic YWxpY2U6cHc=' }), /Bearer/],
    ['a forged x-ms-client-principal with the approver role and no token', 401, () => Promise.resolve({ [CLIENT_PRINCIPAL_HEADER]: clientPrincipalHeader({ name: 'alice@contoso.com', roles: ['Reconciler.Approve'] }) }), /Bearer/],
    ['a correct token without an approver role or group', 403, async () => bearer(await sign({ ...alice, preferred_username: 'eve@contoso.com', roles: ['Reader'], groups: [] })), /eve@contoso.com has none/],
  ])('%s: %i, one approval-refused audit row, nothing raised', async (_name, status, headers, problem) => {
    const t = setup();
    const res = await approveRoute(approve(await headers()), t.deps);
    expect(res.status).toBe(status);
    expect((res.jsonBody as { error: { problem: string } }).error.problem).toMatch(problem);
    expect(t.raised).toEqual([]);
    const rows = t.w.audit.all();
    expect(rows).toEqual([expect.objectContaining({ kind: 'refused', code: 'approval-refused', rolloutId: 'fleet-rollout', ring: 'prod', at: NOW.toISOString() })]);
    expect(rows[0]?.reason).toContain(`(${status})`);
    expect(rows[0]?.actor).toBe(status === 403 ? 'eve@contoso.com' : undefined);
  });

  it('a kid rotated mid-run: the cached keys miss it, the verifier fetches the keys again and accepts the token', async () => {
    // a ring is approved once (issue 22), so each approval is of a fresh rollout; the verifier and its key cache are shared
    expect((await approveRoute(approve(bearer(await sign(alice))), setup().deps)).status).toBe(202);
    const fetched = issuer.counts.keys;
    await issuer.rotate();
    expect((await approveRoute(approve(bearer(await sign(alice))), setup().deps)).status).toBe(202);
    expect(issuer.counts.keys).toBe(fetched + 1);
    // a known kid is served from the cache: no fetch
    expect((await approveRoute(approve(bearer(await sign(alice))), setup().deps)).status).toBe(202);
    expect(issuer.counts.keys).toBe(fetched + 1);
  });
});

describe('secure by default', () => {
  it('no identity provider configured (the template\'s default): even a forged principal with the role is refused 403, saying how to configure one; audited', async () => {
    const t = setup({ requireAuthentication: true, roles: [], groups: [] }, false);
    const res = await approveRoute(approve({ [CLIENT_PRINCIPAL_HEADER]: clientPrincipalHeader({ name: 'alice@contoso.com', roles: ['Reconciler.Approve'] }) }), t.deps);
    expect(res.status).toBe(403);
    expect((res.jsonBody as { error: { problem: string } }).error.problem).toMatch(/RECONCILER_ENTRA_TENANT_ID.*RECONCILER_ENTRA_CLIENT_ID/);
    expect(t.raised).toEqual([]);
    expect(t.w.audit.all()).toEqual([expect.objectContaining({ kind: 'refused', code: 'approval-refused' })]);
  });

  it('authentication off: a forged principal header is no proof either; the claim is recorded marked unauthenticated', async () => {
    const t = setup({ requireAuthentication: false, roles: [], groups: [] }, false);
    const res = await approveRoute(approve({ [CLIENT_PRINCIPAL_HEADER]: clientPrincipalHeader({ name: 'alice@contoso.com', roles: ['Reconciler.Approve'] }) }), t.deps);
    expect(res.status).toBe(202);
    expect(t.raised).toEqual([{ ring: 'prod', approvedBy: 'unauthenticated:mallory' }]);
    expect(t.w.audit.all()[0]).toMatchObject({ actor: 'unauthenticated:mallory', reason: expect.stringMatching(/unauthenticated claim/) });
  });
});

describe('clearing a held version takes the same proof', () => {
  const del = (headers: Record<string, string>) =>
    new HttpRequest({ method: 'DELETE', url: 'http://localhost/api/holds/microsoft.flux/1.8.3', params: { extensionType: 'microsoft.flux', version: '1.8.3' }, headers });
  it('a forged token is 401 with an approval-refused row naming the version; a correct one clears (200, actor = token user)', async () => {
    const t = setup();
    await t.w.holds.add({ extensionType: 'microsoft.flux', version: '1.8.3', clusterId: 'c', rolloutId: 'r', heldAt: NOW.toISOString(), reason: 'failed' });
    const refused = await clearHoldRoute(del(bearer(await sign(alice, 'wrong-key'))), t.deps);
    expect(refused.status).toBe(401);
    expect(t.w.audit.all()).toEqual([expect.objectContaining({ kind: 'refused', code: 'approval-refused', extensionType: 'microsoft.flux', to: '1.8.3' })]);
    const ok = await clearHoldRoute(del(bearer(await sign(alice))), t.deps);
    expect(ok.status).toBe(200);
    expect(t.w.audit.all()[1]).toMatchObject({ code: 'hold-cleared', actor: 'alice@contoso.com' });
  });
});
