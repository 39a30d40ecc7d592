/**
 * The verifier's edges that are not about one token: the identity provider unreachable (503, not the caller's fault,
 * and read again on the next call), metadata that points its keys elsewhere (refused), and the key set read once.
 */
import https from 'node:https';
import { createServer } from 'node:net';
import { EntraTokenVerifier } from '../../../src/azure/entra/entraTokenVerifier';
import { fetchOpenIdMetadata, metadataUrl } from '../../../src/azure/entra/openIdMetadata';
import { startEntraIssuer, type EntraIssuer } from '../../../simulator/entraIssuer';

const CLIENT_ID = '3f2a1b4c-0000-4000-8000-00000000a001';
let issuer: EntraIssuer;
beforeAll(async () => {
  issuer = await startEntraIssuer();
}, 60_000);
afterAll(() => issuer.close());

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('EntraTokenVerifier and the OpenID metadata', () => {
  it('builds the v2 metadata URL of a tenant', () => {
    expect(metadataUrl('https://login.microsoftonline.com/', 'tid')).toBe('https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration');
  });

  it('reads the issuer and the keys\' address from the tenant\'s metadata', async () => {
    const meta = await fetchOpenIdMetadata(issuer.authority, issuer.tenantId, new https.Agent({ ca: issuer.ca }));
    expect(meta).toEqual({ issuer: issuer.issuerV2, jwksUri: `${issuer.authority}/${issuer.tenantId}/discovery/v2.0/keys` });
  });

  it('an unreachable identity provider is 503 (not the caller\'s fault); the next call tries again', async () => {
    const port = await closedPort();
    const verifier = new EntraTokenVerifier({ tenantId: issuer.tenantId, clientId: CLIENT_ID, authority: `https://127.0.0.1:${port}` });
    const token = await issuer.token({ aud: CLIENT_ID, preferred_username: 'alice' });
    const first = await verifier.verify(token);
    expect(first).toMatchObject({ ok: false, status: 503 });
    expect(first.ok ? '' : first.problem).toMatch(/cannot read the identity provider's keys/);
    expect(await verifier.verify(token)).toMatchObject({ ok: false, status: 503 });
  });

  it('a TLS certificate the agent does not trust is 503: keys are read over verified HTTPS only', async () => {
    const verifier = new EntraTokenVerifier({ tenantId: issuer.tenantId, clientId: CLIENT_ID, authority: issuer.authority });
    expect(await verifier.verify(await issuer.token({ aud: CLIENT_ID, preferred_username: 'alice' }))).toMatchObject({ ok: false, status: 503 });
  });

  it('a tenant the authority does not know (no metadata) is 503', async () => {
    const verifier = new EntraTokenVerifier({ tenantId: '00000000-0000-0000-0000-0000000000aa', clientId: CLIENT_ID, authority: issuer.authority, agent: new https.Agent({ ca: issuer.ca }) });
    expect(await verifier.verify(await issuer.token({ aud: CLIENT_ID, preferred_username: 'alice' }))).toMatchObject({ ok: false, status: 503 });
  });

  it('metadata that points its keys at another origin is refused (the keys must come from the authority itself)', async () => {
    // the same server reached as https://localhost: its metadata names https://127.0.0.1 for the keys
    const port = new URL(issuer.authority).port;
    const agent = new https.Agent({ ca: issuer.ca });
    await expect(fetchOpenIdMetadata(`https://localhost:${port}`, issuer.tenantId, agent)).rejects.toThrow(`jwks_uri https://127.0.0.1:${port} is not on the authority https://localhost:${port}`);
  });

  it('reads the metadata and the keys once for many tokens', async () => {
    const before = { ...issuer.counts };
    const verifier = new EntraTokenVerifier({ tenantId: issuer.tenantId, clientId: CLIENT_ID, authority: issuer.authority, agent: new https.Agent({ ca: issuer.ca }) });
    for (let i = 0; i < 5; i++) expect(await verifier.verify(await issuer.token({ aud: CLIENT_ID, preferred_username: `user${i}` }))).toMatchObject({ ok: true, caller: { name: `user${i}` } });
    expect([issuer.counts.metadata - before.metadata, issuer.counts.keys - before.keys]).toEqual([1, 1]);
  });

  it('a token that is not a JWT, or has no exp, is refused (401)', async () => {
    const verifier = new EntraTokenVerifier({ tenantId: issuer.tenantId, clientId: CLIENT_ID, authority: issuer.authority, agent: new https.Agent({ ca: issuer.ca }) });
    expect(await verifier.verify('not-a-jwt')).toEqual({ ok: false, status: 401, problem: 'not a signed JWT' });
    const noExp = await issuer.token({ aud: CLIENT_ID, preferred_username: 'alice', exp: undefined });
    expect(await verifier.verify(noExp)).toEqual({ ok: false, status: 401, problem: "the token's exp claim is missing" });
  });
});
