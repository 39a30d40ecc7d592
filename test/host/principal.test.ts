import { approverOf, MAX_PRINCIPAL_HEADER, readClientPrincipal } from '../../src/host/principal';
import { clientPrincipalHeader } from '../support/clientPrincipal';

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe('readClientPrincipal (x-ms-client-principal, documented shape {auth_typ, claims[{typ,val}], name_typ, role_typ})', () => {
  it('reads name, roles and groups of an Entra principal', () => {
    const header = clientPrincipalHeader({ name: 'alice@contoso.com', roles: ['Rollout.Approver'], groups: ['g-1'] });
    expect(readClientPrincipal(header)).toEqual({ kind: 'present', principal: { identityProvider: 'aad', name: 'alice@contoso.com', roles: ['Rollout.Approver'], groups: ['g-1'] } });
  });
  it('follows name_typ and role_typ when they name other claim types (the default claims mapping)', () => {
    const nameTyp = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
    const roleTyp = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
    const header = b64({ auth_typ: 'aad', name_typ: nameTyp, role_typ: roleTyp, claims: [{ typ: nameTyp, val: 'carol' }, { typ: roleTyp, val: 'Approver' }] });
    expect(readClientPrincipal(header)).toMatchObject({ kind: 'present', principal: { name: 'carol', roles: ['Approver'] } });
  });
  it('falls back to the object id when no name claim is present', () => {
    const header = b64({ auth_typ: 'aad', claims: [{ typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'oid-1' }] });
    expect(readClientPrincipal(header)).toMatchObject({ kind: 'present', principal: { name: 'oid-1' } });
  });
  it('removes control characters from the name (it lands in audit rows and terminals)', () => {
    expect(readClientPrincipal(clientPrincipalHeader({ name: 'al\u001b]0;x\u0007ice' }))).toMatchObject({ principal: { name: 'al]0;xice' } });
  });
  it.each([
    ['absent', null, 'absent'],
    ['empty', '  ', 'absent'],
    ['not base64', 'not base64!', 'invalid'],
    ['base64 of non-JSON', b64('hello'), 'invalid'],
    ['JSON of the wrong shape', b64({ claims: 'x' }), 'invalid'],
    ['no name claim', b64({ auth_typ: 'aad', claims: [{ typ: 'roles', val: 'Approver' }] }), 'invalid'],
    ['too long', 'A'.repeat(MAX_PRINCIPAL_HEADER + 4), 'invalid'],
  ])('%s → %s', (_name, header, kind) => {
    expect(readClientPrincipal(header).kind).toBe(kind);
  });
});

describe('approverOf', () => {
  const required = { requireAuthentication: true, roles: ['Rollout.Approver'], groups: [] };
  it('an unreadable principal header is a 401 naming the header', () => {
    expect(approverOf(headers({ 'x-ms-client-principal': 'garbage!' }), required, undefined)).toEqual({ ok: false, status: 401, problem: 'x-ms-client-principal: not base64' });
  });
  it('x-ms-client-principal-name alone is no authentication', () => {
    expect(approverOf(headers({ 'x-ms-client-principal-name': 'alice' }), required, undefined)).toMatchObject({ ok: false, status: 401 });
  });
  it('an approver role passes', () => {
    expect(approverOf(headers({ 'x-ms-client-principal': clientPrincipalHeader({ name: 'alice', roles: ['Rollout.Approver'] }) }), required, undefined)).toEqual({ ok: true, approvedBy: 'alice', authenticated: true });
  });
});
