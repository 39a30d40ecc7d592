/**
 * The status page with an identity provider (issue 21), in headless Chromium against a running demo world whose HTTP
 * routes are registered as in Azure with RECONCILER_ENTRA_* set: the people routes take no function key; the page
 * offers sign-in, the person pastes an access token from a real local issuer (simulator/entraIssuer.ts), and every
 * call — the approval included — carries `Authorization: Bearer`; no request carries a key; the approver recorded is
 * the token's user. Without a token the data routes answer 401.
 */
import https from 'node:https';
import type { Page } from 'playwright-core';
import { stageApprovalRollout, type ApprovalAct } from '../../demo/approvalAct';
import { pumpWorld, serveWorld, type ServedWorld } from '../../demo/serveHttp';
import { SETTINGS } from '../../src/config';
import { EntraTokenVerifier } from '../../src/azure/entra/entraTokenVerifier';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startEntraIssuer, type EntraIssuer } from '../../simulator/entraIssuer';
import { DEFAULT_WORLD_POLICY, startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { describeInBrowser, launchBrowser, seriousAxeViolations, watchPage, type PageWatch, type TestBrowser } from './browser';

const CLIENT_ID = '3f2a1b4c-0000-4000-8000-00000000a001';

describeInBrowser('status page signed in with a Microsoft Entra ID token (no function key)', () => {
  let world: E2eWorld;
  let issuer: EntraIssuer;
  let served: ServedWorld;
  let stopPump: () => Promise<void>;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let act: ApprovalAct;
  const headersSeen: { url: string; authorization?: string }[] = [];

  beforeAll(async () => {
    issuer = await startEntraIssuer();
    world = await startE2eWorld({ fleet: generateFleet({ clusters: 12, subscriptions: 1, seed: 2121, extensionsPerCluster: [2, 3] }), policy: { ...DEFAULT_WORLD_POLICY, stepMinors: true }, now: new Date() });
    await world.runTimer();
    act = await stageApprovalRollout(world, { perRing: 2 });
    stopPump = pumpWorld(world, { speed: 600 });
    const verifier = new EntraTokenVerifier({ tenantId: issuer.tenantId, clientId: CLIENT_ID, authority: issuer.authority, agent: new https.Agent({ ca: issuer.ca }) });
    const deps: HandlerDeps = { ...world.deps, services: () => ({ ...world.deps.services(), approvals: { requireAuthentication: true, roles: ['Reconciler.Approve'], groups: [] }, callerVerifier: verifier }) };
    const env = { [SETTINGS.entraTenantId]: issuer.tenantId, [SETTINGS.entraClientId]: CLIENT_ID };
    [served, browser] = await Promise.all([serveWorld(world, { env, deps }), launchBrowser()]);
    page = await browser.context.newPage();
    watch = watchPage(page);
    page.on('request', (r) => void headersSeen.push({ url: r.url(), ...(r.headers().authorization ? { authorization: r.headers().authorization } : {}) }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stopPump?.();
    await served?.close();
    await world?.close();
    await issuer?.close();
  });

  afterEach(() => {
    // the page asks App Service authentication for a session (/.auth/me); this server has none and answers 404
    expect(watch.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    expect(watch.requests.filter((u) => !u.startsWith(`${served.origin}/`))).toEqual([]);
  });

  it('serves the page without a key; its data routes answer 401 without a token, even with a forged principal header', async () => {
    expect((await fetch(`${served.origin}/api/ui`)).status).toBe(200);
    const forged = Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: [{ typ: 'name', val: 'alice' }, { typ: 'roles', val: 'Reconciler.Approve' }] })).toString('base64');
    const r = await fetch(`${served.origin}/api/ui/rollouts`, { headers: { 'x-ms-client-principal': forged } });
    expect([r.status, r.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    await page.goto(`${served.origin}/api/ui`);
    await page.getByRole('link', { name: 'Sign in with Microsoft Entra ID' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with Microsoft Entra ID' }).getAttribute('href')).toBe('/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fui');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('a pasted token signs the person in; the approval carries it and records the token\'s user; no request carries a key', async () => {
    const token = await issuer.token({ aud: CLIENT_ID, preferred_username: 'alice@contoso.com', roles: ['Reconciler.Approve'] });
    await page.getByLabel(/Or paste an access token/).fill(token);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed in (a token you supplied)' }).waitFor();
    const card = page.locator('article.rollout[data-state="waiting-approval"]');
    await card.waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Approve ring prod' }).click();
    await page.getByRole('status').filter({ hasText: 'Ring prod approved by alice@contoso.com.' }).waitFor();
    const rows = await world.audit({ rolloutId: act.rolloutId });
    expect(rows.filter((r) => r.kind === 'approved').every((r) => r.actor === 'alice@contoso.com')).toBe(true);
    const approveCall = headersSeen.find((h) => h.url.includes('/approve'));
    expect(approveCall?.authorization).toBe(`Bearer ${token}`);
    const api = headersSeen.filter((h) => h.url.includes('/api/ui/') || h.url.includes('/api/rollouts/'));
    expect(api.length).toBeGreaterThan(1);
    expect(api.filter((h) => h.url.includes('code='))).toEqual([]);
    expect(api.filter((h) => h.authorization !== `Bearer ${token}`).map((h) => h.url)).toEqual([]);
  });
});
