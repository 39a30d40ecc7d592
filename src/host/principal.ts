/**
 * Reads the caller that App Service authentication (Easy Auth) puts in `x-ms-client-principal`: base64 JSON
 * `{auth_typ, claims: [{typ, val}], name_typ, role_typ}`. Bounded and schema-checked; never trusted beyond its claims.
 */
import { z } from 'zod';
import { authorizeApprover, type ApproverPolicy, type ApproverVerdict, type Principal } from '../domain/approval';

/** The header App Service authentication sets to the caller's claims (base64 JSON). */
export const CLIENT_PRINCIPAL_HEADER = 'x-ms-client-principal';

/** Longest `x-ms-client-principal` header read (base64 characters); longer is refused. */
export const MAX_PRINCIPAL_HEADER = 16 * 1024;

const principalSchema = z.object({
  auth_typ: z.string().min(1).max(64),
  claims: z.array(z.object({ typ: z.string().max(256), val: z.string().max(1024) })).max(500),
  name_typ: z.string().max(256).optional(),
  role_typ: z.string().max(256).optional(),
});

const NAME_TYPES = ['name', 'preferred_username', 'upn', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'];
const ROLE_TYPES = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];
const GROUP_TYPES = ['groups', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'];
const OID_TYPES = ['oid', 'http://schemas.microsoft.com/identity/claims/objectidentifier'];
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** The result of reading the header: absent, invalid (with the problem) or a principal. */
export type PrincipalReading = { kind: 'absent' } | { kind: 'invalid'; problem: string } | { kind: 'present'; principal: Principal };

/** Decodes and checks `x-ms-client-principal`; the name is the name claim (else the object id), control characters removed. */
export function readClientPrincipal(header: string | null | undefined): PrincipalReading {
  const text = header?.trim();
  if (!text) return { kind: 'absent' };
  if (text.length > MAX_PRINCIPAL_HEADER) return { kind: 'invalid', problem: `longer than ${MAX_PRINCIPAL_HEADER} characters` };
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return { kind: 'invalid', problem: 'not base64' };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
  } catch {
    return { kind: 'invalid', problem: 'not base64-encoded JSON' };
  }
  const r = principalSchema.safeParse(value);
  if (!r.success) return { kind: 'invalid', problem: `not a client principal (${r.error.issues[0]?.message ?? 'invalid'})` };
  const { claims, name_typ, role_typ } = r.data;
  const of = (types: readonly string[]): string[] => claims.filter((c) => types.includes(c.typ)).map((c) => c.val);
  const name = [...of(name_typ ? [name_typ, ...NAME_TYPES] : NAME_TYPES), ...of(OID_TYPES)].map((n) => n.replace(CONTROL, '').trim()).find((n) => n.length > 0);
  if (name === undefined) return { kind: 'invalid', problem: 'the principal has no name or object id claim' };
  return {
    kind: 'present',
    principal: { identityProvider: r.data.auth_typ, name: name.slice(0, 256), roles: of(role_typ ? [role_typ, ...ROLE_TYPES] : ROLE_TYPES), groups: of(GROUP_TYPES) },
  };
}

/** Approver policy when the services carry none (tests, the demo): authentication off. */
export const LOCAL_APPROVALS: ApproverPolicy = { requireAuthentication: false, roles: [], groups: [] };

/** Who approves a request: the principal of `x-ms-client-principal` judged by `policy`; an unreadable header is a 401. */
export function approverOf(headers: { get(name: string): string | null }, policy: ApproverPolicy, claimed: string | undefined): ApproverVerdict {
  const reading = readClientPrincipal(headers.get(CLIENT_PRINCIPAL_HEADER));
  if (reading.kind === 'invalid') return { ok: false, status: 401, problem: `${CLIENT_PRINCIPAL_HEADER}: ${reading.problem}` };
  return authorizeApprover(policy, reading.kind === 'present' ? reading.principal : undefined, claimed);
}

/** The authenticated caller's name, when `x-ms-client-principal` carries a readable principal. */
export function principalName(headers: { get(name: string): string | null }): string | undefined {
  const reading = readClientPrincipal(headers.get(CLIENT_PRINCIPAL_HEADER));
  return reading.kind === 'present' ? reading.principal.name : undefined;
}
