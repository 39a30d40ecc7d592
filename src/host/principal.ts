/**
 * Who sent a request, as far as the app can prove it. The only proof is a Microsoft Entra ID token in
 * `Authorization: Bearer`, verified by the app itself (src/azure/entra: signature against the tenant's keys, issuer,
 * audience, lifetime, RS256 only). `x-ms-client-principal` and `x-ms-client-principal-name` are never believed: a caller
 * can send them wherever App Service authentication does not run (or does not strip them), and the app cannot tell.
 * App Service authentication, when on, passes the caller's `Authorization` header through, so the same token is checked.
 */
import { authorizeApprover, type ApproverPolicy, type ApproverVerdict } from '../domain/approval';
import type { CallerCheck, CallerVerifier } from '../domain/ports';

/** The header App Service authentication sets to the caller's claims (base64 JSON); read by nothing in the app. */
export const CLIENT_PRINCIPAL_HEADER = 'x-ms-client-principal';

/** The header carrying the caller's token. */
export const AUTHORIZATION_HEADER = 'authorization';

/** Longest `Authorization` header read (characters); a longer one is refused (401) without being parsed. */
export const MAX_AUTHORIZATION_HEADER = 16 * 1024 + 16;

/** What the refusal says when no identity provider is configured (approvals are refused, 403). */
export const NO_IDENTITY_PROVIDER =
  'no identity provider is configured, so no approver can be proven: set RECONCILER_ENTRA_TENANT_ID and RECONCILER_ENTRA_CLIENT_ID (azd env set RECONCILER_AUTH_CLIENT_ID <app registration client id>; azd provision — docs/security.md), or RECONCILER_APPROVAL_AUTH=off for local runs';

type Headers = { get(name: string): string | null };

/** The bearer token of `Authorization`, absent, or why it cannot be read (too long, another scheme). */
export function bearerToken(headers: Headers): { kind: 'absent' } | { kind: 'invalid'; problem: string } | { kind: 'token'; token: string } {
  const header = headers.get(AUTHORIZATION_HEADER);
  if (header === null || header.trim() === '') return { kind: 'absent' };
  if (header.length > MAX_AUTHORIZATION_HEADER) return { kind: 'invalid', problem: `the Authorization header is longer than ${MAX_AUTHORIZATION_HEADER} characters` };
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m?.[1]) return { kind: 'invalid', problem: 'the Authorization header is not "Bearer <token>"' };
  return { kind: 'token', token: m[1] };
}

/** The verified caller of a request: 401 without a readable bearer token, else the verifier's answer. */
export async function verifiedCaller(headers: Headers, verifier: CallerVerifier): Promise<CallerCheck> {
  const bearer = bearerToken(headers);
  if (bearer.kind === 'absent') return { ok: false, status: 401, problem: 'send a Microsoft Entra ID access token for this app: Authorization: Bearer <token>' };
  if (bearer.kind === 'invalid') return { ok: false, status: 401, problem: bearer.problem };
  return verifier.verify(bearer.token);
}

/** Approver policy when the services carry none (tests, the demo): authentication off. */
export const LOCAL_APPROVALS: ApproverPolicy = { requireAuthentication: false, roles: [], groups: [] };

/**
 * Who approves a request. Authentication off: the claimed name, marked unauthenticated (nothing is verified).
 * Required without an identity provider: 403 saying how to configure one. Required: the verified caller of the bearer
 * token (401/503 when it proves no one), judged against the approver roles and groups (403).
 */
export async function approverOf(headers: Headers, policy: ApproverPolicy, verifier: CallerVerifier | undefined, claimed: string | undefined): Promise<ApproverVerdict> {
  if (!policy.requireAuthentication) return authorizeApprover(policy, undefined, claimed);
  if (verifier === undefined) return { ok: false, status: 403, problem: NO_IDENTITY_PROVIDER };
  const check = await verifiedCaller(headers, verifier);
  if (!check.ok) return { ok: false, status: check.status, problem: check.problem };
  return authorizeApprover(policy, check.caller, claimed);
}

/** The verified caller's name when the request carries a valid token (informational: who asked for a reconcile). */
export async function verifiedName(headers: Headers, verifier: CallerVerifier | undefined): Promise<string | undefined> {
  if (verifier === undefined || bearerToken(headers).kind !== 'token') return undefined;
  const check = await verifiedCaller(headers, verifier);
  return check.ok ? check.caller.name : undefined;
}

