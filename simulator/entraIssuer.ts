/**
 * A Microsoft Entra ID token issuer on this machine, over real HTTPS: the tenant's OpenID metadata
 * (`/<tenant>/v2.0/.well-known/openid-configuration`) and signing keys (`/<tenant>/discovery/v2.0/keys`) in the shapes
 * Entra publishes (learn.microsoft.com/entra/identity-platform/access-token-claims-reference; the v2 metadata document),
 * with RSA keys generated here, and tokens signed like Entra's (RS256, `kid` of a published key) — or forged on purpose
 * (wrong key, `alg: none`, HMAC keyed with the public key). `rotate()` publishes and signs with a new key mid-run.
 */
import { localhostCertificate } from './localhostCertificate';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: JWK;
}

/** How a test token is made: signed as Entra would, or forged. */
export type TokenForgery = 'none' | 'wrong-key' | 'alg-none' | 'hmac-with-public-key';

/** A running issuer. `authority` is what the app's RECONCILER_ENTRA_AUTHORITY would be; `ca` the PEM to trust. */
export interface EntraIssuer {
  authority: string;
  tenantId: string;
  ca: string;
  /** v2 issuer `<authority>/<tenant>/v2.0` and v1 issuer `https://sts.windows.net/<tenant>/`. */
  issuerV2: string;
  issuerV1: string;
  /** Signs `claims` (iss v2, iat/nbf/exp around `now` unless given) with the current key, or forged per `forgery`. */
  token(claims: JWTPayload, options?: { forgery?: TokenForgery; now?: Date }): Promise<string>;
  /** Publishes a new key (the old one stays published) and signs with it from now on. */
  rotate(): Promise<void>;
  /** Requests served: metadata documents and key sets. */
  counts: { metadata: number; keys: number };
  close(): Promise<void>;
}

let serial = 0;
async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `test-key-${++serial}`;
  // Entra's keys carry kty, use, kid, x5t, n, e, x5c and issuer; the app reads kty, kid, n, e (and alg when present).
  const jwk = { ...(await exportJWK(publicKey)), use: 'sig', kid };
  return { kid, privateKey, publicKey, jwk };
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Starts the issuer on 127.0.0.1 with one tenant. */
export async function startEntraIssuer(tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47'): Promise<EntraIssuer> {
  const pems = await localhostCertificate();
  const keys: SigningKey[] = [await newKey()];
  const outsider = await newKey(); // never published: "signed with the wrong key"
  const counts = { metadata: 0, keys: 0 };
  let authority = '';
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      counts.metadata++;
      return send(200, {
        token_endpoint: `${authority}/${tenantId}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${authority}/${tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${authority}/${tenantId}/v2.0`,
        authorization_endpoint: `${authority}/${tenantId}/oauth2/v2.0/authorize`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'preferred_username', 'roles', 'groups', 'tid', 'ver'],
        tenant_region_scope: 'WW',
      });
    }
    if (req.method === 'GET' && path === `/${tenantId}/discovery/v2.0/keys`) {
      counts.keys++;
      return send(200, { keys: keys.map((k) => ({ ...k.jwk, issuer: `${authority}/${tenantId}/v2.0` })) });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  authority = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuerV2 = `${authority}/${tenantId}/v2.0`;

  const token = async (claims: JWTPayload, options: { forgery?: TokenForgery; now?: Date } = {}): Promise<string> => {
    const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const payload: JWTPayload = { iss: issuerV2, iat: now - 60, nbf: now - 60, exp: now + 3600, tid: tenantId, ver: '2.0', ...claims };
    const current = keys[keys.length - 1] as SigningKey;
    switch (options.forgery ?? 'none') {
      case 'alg-none':
        return new UnsecuredJWT(payload).encode();
      case 'hmac-with-public-key': {
        const secret = new TextEncoder().encode(await exportSPKI(current.publicKey));
        return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: current.kid }).sign(secret);
      }
      case 'wrong-key':
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: current.kid }).sign(outsider.privateKey);
      case 'none':
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: current.kid }).sign(current.privateKey);
    }
  };
  return {
    authority,
    tenantId,
    ca: pems.cert,
    issuerV2,
    issuerV1: `https://sts.windows.net/${tenantId}/`,
    token,
    rotate: async () => void keys.push(await newKey()),
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An unsigned token with an arbitrary header (for shapes jose itself would not build). */
export function rawToken(header: Record<string, unknown>, payload: Record<string, unknown>, signature = ''): string {
  return `${b64url(header)}.${b64url(payload)}.${signature}`;
}
