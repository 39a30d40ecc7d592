import { approverOf, bearerToken, MAX_AUTHORIZATION_HEADER, NO_IDENTITY_PROVIDER, verifiedName } from '../../src/host/principal';
import type { CallerVerifier } from '../../src/domain/ports';
import { principalOfClaims } from '../../src/azure/entra/entraTokenVerifier';
import { clientPrincipalHeader } from '../support/clientPrincipal';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
/** A verifier that accepts the token "good" as alice (roles given) and refuses anything else: what the route does with its answer. */
const verifier = (roles: string[] = ['Approver']): CallerVerifier & { seen: string[] } => {
  const seen: string[] = [];
  return {
    seen,
    verify: (token) => {
      seen.push(token);
      return Promise.resolve(token === 'good' ? { ok: true, caller: { identityProvider: 'aad', name: 'alice', roles, groups: [] } } : { ok: false, status: 401, problem: 'the token has expired' });
    },
  };
};

describe('bearerToken (Authorization header)', () => {
  it.each([
    ['absent', {}, { kind: 'absent' }],
    ['blank', { authorization: '  ' }, { kind: 'absent' }],
    ['a bearer token, scheme in any case', { authorization: 'bearer abc.def.ghi' }, { kind: 'token', token: 'abc.def.ghi' }],
    ['another scheme', { authorization: 'Basic eHg6eXk=' }, { kind: 'invalid', problem: 'the Authorization header is not "Bearer <token>"' }],
    ['two tokens', { authorization: 'Bearer a b' }, { kind: 'invalid', problem: 'the Authorization header is not "Bearer <token>"' }],
    ['too long', { authorization: `Bearer ${'a'.repeat(MAX_AUTHORIZATION_HEADER)}` }, { kind: 'invalid', problem: `the Authorization header is longer than ${MAX_AUTHORIZATION_HEADER} characters` }],
  ])('%s', (_n, h, expected) => {
    expect(bearerToken(headers(h))).toEqual(expected);
  });
});

describe('approverOf', () => {
  const required = { requireAuthentication: true, roles: ['Approver'], groups: [] };
  it('required without an identity provider: 403 saying how to configure one, whatever the headers', async () => {
    const h = headers({ authorization: 'Bearer good', 'x-ms-client-principal': clientPrincipalHeader({ name: 'alice', roles: ['Approver'] }) });
    expect(await approverOf(h, required, undefined, undefined)).toEqual({ ok: false, status: 403, problem: NO_IDENTITY_PROVIDER });
  });
  it('required: no token is 401; the principal headers are never read', async () => {
    const v = verifier();
    const h = headers({ 'x-ms-client-principal': clientPrincipalHeader({ name: 'alice', roles: ['Approver'] }), 'x-ms-client-principal-name': 'alice' });
    expect(await approverOf(h, required, v, undefined)).toMatchObject({ ok: false, status: 401 });
    expect(v.seen).toEqual([]);
  });
  it('required: the verifier\'s refusal is passed on (status and problem)', async () => {
    expect(await approverOf(headers({ authorization: 'Bearer bad' }), required, verifier(), undefined)).toEqual({ ok: false, status: 401, problem: 'the token has expired' });
  });
  it('required: a verified caller with the role approves; without it 403 naming them', async () => {
    expect(await approverOf(headers({ authorization: 'Bearer good' }), required, verifier(), 'mallory')).toEqual({ ok: true, approvedBy: 'alice', authenticated: true });
    expect(await approverOf(headers({ authorization: 'Bearer good' }), required, verifier(['Reader']), undefined)).toEqual({ ok: false, status: 403, problem: 'alice has none of the approver roles or groups', caller: 'alice' });
  });
  it('off: nothing is verified, the claim is marked unauthenticated even beside a valid token', async () => {
    const v = verifier();
    expect(await approverOf(headers({ authorization: 'Bearer good' }), { ...required, requireAuthentication: false }, v, 'ann')).toEqual({ ok: true, approvedBy: 'unauthenticated:ann', authenticated: false });
    expect(v.seen).toEqual([]);
  });
  it('verifiedName: the token\'s user when it verifies, else nothing', async () => {
    expect(await verifiedName(headers({ authorization: 'Bearer good' }), verifier())).toBe('alice');
    expect(await verifiedName(headers({ authorization: 'Bearer bad' }), verifier())).toBeUndefined();
    expect(await verifiedName(headers({ 'x-ms-client-principal-name': 'alice' }), verifier())).toBeUndefined();
    expect(await verifiedName(headers({ authorization: 'Bearer good' }), undefined)).toBeUndefined();
  });
});

describe('principalOfClaims (the verified token\'s caller)', () => {
  it.each([
    ['v2 user: preferred_username', { preferred_username: 'alice@contoso.com', upn: 'x', oid: 'o' }, 'alice@contoso.com'],
    ['v1 user: upn', { upn: 'bob@contoso.com', unique_name: 'y', oid: 'o' }, 'bob@contoso.com'],
    ['v1 guest: unique_name', { unique_name: 'live.com#carol@example.com', oid: 'o' }, 'live.com#carol@example.com'],
    ['an application: its object id', { oid: 'o-1', azp: 'app' }, 'o-1'],
    ['control characters removed', { preferred_username: 'al\u001b]0;x\u0007ice' }, 'al]0;xice'],
  ])('%s', (_n, claims, name) => {
    expect(principalOfClaims(claims)?.name).toBe(name);
  });
  it('roles and groups come from the claims (groups lower-cased); none is empty', () => {
    expect(principalOfClaims({ oid: 'o', roles: ['A', 7], groups: ['G-1'] })).toEqual({ identityProvider: 'aad', name: 'o', objectId: 'o', roles: ['A'], groups: ['g-1'] });
    expect(principalOfClaims({ sub: 'only-a-subject' })).toBeUndefined();
  });
});
