/**
 * ADAPTER azure/entra — the tenant's OpenID Connect metadata: GET `<authority>/<tenant>/v2.0/.well-known/openid-configuration`
 * gives the issuer and the `jwks_uri` where the tenant publishes its signing keys. Bounded (size, time), HTTPS only,
 * and the keys must be served by the authority itself (a metadata document pointing elsewhere is refused).
 */
import https from 'node:https';
import { z } from 'zod';

/** Public Azure's Microsoft Entra ID authority. */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

/** Largest metadata or key-set document read (bytes); Entra's are a few KB. */
export const MAX_METADATA_BYTES = 256 * 1024;

/** Milliseconds one metadata request may take. */
export const METADATA_TIMEOUT_MS = 10_000;

/** What the app reads of the metadata document. */
export interface OpenIdMetadata {
  issuer: string;
  jwksUri: string;
}

const metadataSchema = z.object({ issuer: z.string().min(1).max(512), jwks_uri: z.string().min(1).max(2048) });

/** The metadata URL of a tenant under an authority (`https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration`). */
export function metadataUrl(authority: string, tenantId: string): string {
  return `${authority.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
}

/** GETs `url` over HTTPS with `agent` and parses JSON; throws with the URL and the problem (status, size, time, not JSON). */
export function getJson(url: string, agent: https.Agent | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const fail = (problem: string): void => reject(new Error(`${url}: ${problem}`));
    if (!url.startsWith('https://')) return fail('not an https URL');
    const req = https.get(url, { ...(agent ? { agent } : {}), headers: { accept: 'application/json' }, timeout: METADATA_TIMEOUT_MS }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return fail(`HTTP ${res.statusCode ?? '?'}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_METADATA_BYTES) {
          req.destroy();
          return fail(`larger than ${MAX_METADATA_BYTES} bytes`);
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
        } catch {
          fail('not JSON');
        }
      });
      res.on('error', (e) => fail(e.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${METADATA_TIMEOUT_MS} ms`)));
    req.on('error', (e) => fail(e.message));
  });
}

/** Reads and checks the tenant's metadata: an issuer, and a `jwks_uri` on the authority's own origin over HTTPS. */
export async function fetchOpenIdMetadata(authority: string, tenantId: string, agent?: https.Agent): Promise<OpenIdMetadata> {
  const url = metadataUrl(authority, tenantId);
  const parsed = metadataSchema.safeParse(await getJson(url, agent));
  if (!parsed.success) throw new Error(`${url}: not an OpenID configuration (issuer and jwks_uri expected)`);
  const jwks = new URL(parsed.data.jwks_uri);
  if (jwks.protocol !== 'https:' || jwks.origin !== new URL(authority).origin) throw new Error(`${url}: jwks_uri ${jwks.origin} is not on the authority ${new URL(authority).origin}`);
  return { issuer: parsed.data.issuer, jwksUri: jwks.href };
}
