/**
 * ADAPTER azure/entra — proves who sent a request from the Microsoft Entra ID token it carries (port CallerVerifier).
 * The token is verified with `jose` against the tenant's published signing keys (OpenID metadata → jwks_uri, cached,
 * fetched again when a token names an unknown `kid`), the issuer (v1 `https://sts.windows.net/<tenant>/` or v2
 * `<authority>/<tenant>/v2.0`), the audience (the app's client id or `api://<client id>`), `exp` and `nbf` with a small
 * clock skew, and RS256 only (`none` and HMAC are refused). Roles and groups come from the verified claims only.
 */
import type https from 'node:https';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Principal } from '../../domain/approval';
import type { CallerCheck, CallerVerifier } from '../../domain/ports';
import { DEFAULT_AUTHORITY, fetchOpenIdMetadata, METADATA_TIMEOUT_MS } from './openIdMetadata';

/** Longest token read (characters); Entra tokens with many group claims stay well under it. */
export const MAX_TOKEN_CHARS = 16 * 1024;

/** Clock skew allowed on `exp` and `nbf`, in seconds. */
export const CLOCK_SKEW_SECONDS = 60;

/** The only signature algorithm accepted (what Entra ID signs with). */
export const ALLOWED_ALGORITHMS = ['RS256'];

/** Where the verifier finds the tenant and what it accepts. */
export interface EntraVerifierOptions {
  tenantId: string;
  /** The app registration's application (client) id: tokens must be for it (or for `api://<clientId>`). */
  clientId: string;
  /** Default https://login.microsoftonline.com (tests point it at a local issuer). */
  authority?: string;
  /** TLS agent for the metadata and key requests (tests trust their own CA with it). */
  agent?: https.Agent;
  /** Milliseconds before an unknown `kid` may fetch the keys again (default 30 s; jose's own default). */
  keyRefetchCooldownMs?: number;
  /** The clock (tests pin it). */
  now?: () => Date;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const strings = (v: unknown, max = 500): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, max).map((x) => x.slice(0, 256)) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.replace(CONTROL, '').trim() !== '' ? v.replace(CONTROL, '').trim().slice(0, 256) : undefined);

/** The caller a verified token describes: its user name (else object id, else the calling app), roles and groups. */
export function principalOfClaims(claims: JWTPayload): Principal | undefined {
  const name = text(claims.preferred_username) ?? text(claims.upn) ?? text(claims.unique_name) ?? text(claims.email) ?? text(claims.name) ?? text(claims.oid) ?? text(claims.azp) ?? text(claims.appid);
  if (name === undefined) return undefined;
  const objectId = text(claims.oid);
  return { identityProvider: 'aad', name, roles: strings(claims.roles), groups: strings(claims.groups).map((g) => g.toLowerCase()), ...(objectId !== undefined ? { objectId } : {}) };
}

/** Why jose refused a token, in words for the caller (never the token itself). */
function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet (nbf)';
    if (error.claim === 'aud') return 'the token is for another audience';
    if (error.claim === 'iss') return 'the token is from another issuer';
    return `the token's ${error.claim} claim ${error.reason === 'missing' ? 'is missing' : 'is invalid'}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return `the token is not signed with ${ALLOWED_ALGORITHMS.join(' or ')}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify with the tenant's keys";
  if (error instanceof errors.JWKSNoMatchingKey) return "the token's signing key (kid) is not among the tenant's published keys";
  if (error instanceof errors.JWKSMultipleMatchingKeys) return "the token's kid names several keys";
  return 'not a signed JWT';
}

/** True for failures to read the keys (the identity provider, not the caller). */
function isKeySourceFailure(error: unknown): boolean {
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof Error && !(error instanceof errors.JOSEError));
}

/** Verifies Microsoft Entra ID tokens of one tenant for one app registration. */
export class EntraTokenVerifier implements CallerVerifier {
  private readonly authority: string;
  private readonly issuers: string[];
  private readonly audiences: string[];
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly options: EntraVerifierOptions) {
    this.authority = (options.authority ?? DEFAULT_AUTHORITY).replace(/\/+$/, '');
    this.issuers = [`${this.authority}/${options.tenantId}/v2.0`, `https://sts.windows.net/${options.tenantId}/`];
    this.audiences = [options.clientId, `api://${options.clientId}`];
  }

  /** The tenant's key set, read once from its metadata (read again after a failure). */
  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= fetchOpenIdMetadata(this.authority, this.options.tenantId, this.options.agent).then((meta) => {
      if (!this.issuers.includes(meta.issuer)) throw new Error(`the metadata's issuer ${meta.issuer} is not the tenant's (${this.issuers[0] ?? ''})`);
      return createRemoteJWKSet(new URL(meta.jwksUri), {
        timeoutDuration: METADATA_TIMEOUT_MS,
        cooldownDuration: this.options.keyRefetchCooldownMs ?? 30_000,
        ...(this.options.agent ? { agent: this.options.agent } : {}),
      });
    });
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  async verify(token: string): Promise<CallerCheck> {
    if (token.length > MAX_TOKEN_CHARS) return { ok: false, status: 401, problem: `the token is longer than ${MAX_TOKEN_CHARS} characters` };
    if (!JWT_SHAPE.test(token)) return { ok: false, status: 401, problem: 'not a signed JWT' };
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.keySet();
    } catch (error) {
      return { ok: false, status: 503, problem: `cannot read the identity provider's keys: ${error instanceof Error ? error.message : String(error)}` };
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.issuers,
        audience: this.audiences,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'iat'],
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      });
      const caller = principalOfClaims(payload);
      return caller ? { ok: true, caller } : { ok: false, status: 401, problem: 'the token names no user or application' };
    } catch (error) {
      if (isKeySourceFailure(error)) return { ok: false, status: 503, problem: "cannot read the identity provider's keys" };
      return { ok: false, status: 401, problem: refusal(error) };
    }
  }
}
