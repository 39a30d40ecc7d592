/**
 * The status page in headless Chromium against a running demo world (simulator + Azurite + the app's HTTP routes
 * behind a function key): a rollout waits for approval, Approve is pressed with the keyboard and the rollout goes on;
 * the problem list filters; a cluster opens; no console error, no request leaves the app; axe finds nothing serious.
 */
import type { Page } from 'playwright-core';
import { stageApprovalRollout, type ApprovalAct } from '../../demo/approvalAct';
import { pumpWorld, serveWorld, type ServedWorld } from '../../demo/serveHttp';
import { generateFleet } from '../../simulator/fleetGenerator';
import { DEFAULT_WORLD_POLICY, startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { describeInBrowser, launchBrowser, screenshot, seriousAxeViolations, watchPage, type PageWatch, type TestBrowser } from './browser';

const APPROVER = 'alice@example.com';
/** Authentication is off in the demo world (as with `func start`): the typed name is recorded as an unauthenticated claim. */
const RECORDED = `unauthenticated:${APPROVER}`;

describeInBrowser('status page (GET /api/ui) in a real browser', () => {
  let world: E2eWorld;
  let served: ServedWorld;
  let stopPump: () => Promise<void>;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let act: ApprovalAct;

  beforeAll(async () => {
    world = await startE2eWorld({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 2024, extensionsPerCluster: [2, 4] }), policy: { ...DEFAULT_WORLD_POLICY, stepMinors: true }, now: new Date() });
    await world.runTimer(); // a first rollout reconciles the fleet (and fills the audit log)
    act = await stageApprovalRollout(world, { perRing: 2 });
    stopPump = pumpWorld(world, { speed: 600 }); // a 30-minute bake takes 3 s; the 24-hour approval deadline 144 s
    [served, browser] = await Promise.all([serveWorld(world), launchBrowser()]);
    page = await browser.context.newPage();
    watch = watchPage(page);
    await page.goto(served.pageUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stopPump?.();
    await served?.close();
    await world?.close();
  });

  afterEach(() => {
    expect(watch.errors).toEqual([]);
    // every request stays on the app's own origin: no font, script or style from elsewhere
    expect(watch.requests.filter((u) => !u.startsWith(`${served.origin}/`))).toEqual([]);
  });

  it('answers 401 without the function key (the page: a help page; the data: nothing), and serves the page with it', async () => {
    expect((await fetch(`${served.origin}/api/ui`)).status).toBe(401);
    expect((await fetch(`${served.origin}/api/ui/rollouts`)).status).toBe(401);
    await page.getByRole('heading', { name: 'Rollouts' }).waitFor();
    expect(watch.requests.some((u) => u.includes('/api/ui/rollouts?') && u.includes(`code=${served.key}`))).toBe(true);
  });

  it('shows the rollout waiting for approval of the last ring, with its ring-by-ring progress', async () => {
    expect(act.upgraded.filter((u) => u.ring === 'prod').length).toBeGreaterThan(0);
    const card = page.locator('article.rollout[data-state="waiting-approval"]');
    await card.waitFor({ timeout: 60_000 });
    await expect(card.textContent()).resolves.toContain(`Rollout ${act.rolloutId}`);
    await expect(card.textContent()).resolves.toContain('waiting for approval');
    const bars = card.getByRole('img');
    // canary moved (its upgraded clusters), prod has not started: text beside the bars says so
    await expect(bars.first().getAttribute('aria-label')).resolves.toMatch(/^Ring canary: \d+ succeeded, 0 failed, 0 skipped, 0 remaining$/);
    await expect(bars.last().getAttribute('aria-label')).resolves.toMatch(/^Ring prod: 0 succeeded, 0 failed, 0 skipped, \d+ remaining$/);
    await screenshot(page, 'status-rollouts');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('approves with the keyboard; the approver is recorded and the rollout continues to the end', async () => {
    const approver = page.getByLabel('Approver (used when you are not signed in)');
    await approver.focus();
    await page.keyboard.type(APPROVER);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).resolves.toBe('Approve ring prod');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Ring prod approved by ${RECORDED}.` }).waitFor();
    const done = page.locator('article.rollout[data-state="completed"]');
    await done.waitFor({ timeout: 60_000 });
    await expect(done.getByRole('img').last().getAttribute('aria-label')).resolves.toMatch(/^Ring prod: [1-9]\d* succeeded, 0 failed, 0 skipped, 0 remaining$/);
    const rows = await world.audit({ rolloutId: act.rolloutId });
    const approved = rows.filter((r) => r.kind === 'approved');
    expect(approved.length).toBeGreaterThan(0); // the route's row and the rollout's own row
    for (const r of approved) expect(r).toMatchObject({ ring: 'prod', actor: RECORDED });
    const prodIds = new Set(act.upgraded.filter((u) => u.ring === 'prod').map((u) => u.clusterId));
    expect(rows.some((r) => r.kind === 'applied' && prodIds.has(r.clusterId))).toBe(true);
    await screenshot(page, 'status-approved');
  });

  it('filters what is held back by ring and by status', async () => {
    const count = page.locator('#problem-count');
    await count.filter({ hasText: /held back$/ }).waitFor();
    const prodClusters = new Set(world.sim.fleet.clusters.filter((c) => c.tags.ring === 'prod').map((c) => c.id.split('/').pop()));
    await page.getByLabel('Ring', { exact: true }).selectOption('prod');
    await count.filter({ hasText: /of \d+ held back|^Nothing held back$/ }).waitFor();
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number; [i: number]: { children: { textContent: string }[] } } } }).document;
      const rows = doc.querySelectorAll('#problem-rows tr');
      for (let i = 0; i < rows.length; i++) if (rows[i]!.children.length > 1 && rows[i]!.children[1]!.textContent !== 'prod') return false;
      return true;
    });
    const shown = await page.locator('#problem-rows tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string }> }).children, (td) => td.textContent)));
    expect(shown.length).toBeGreaterThan(0);
    for (const [cluster, ring] of shown) {
      expect(ring).toBe('prod');
      expect(prodClusters.has(cluster)).toBe(true);
    }
    await page.getByLabel('Status', { exact: true }).selectOption('hold');
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number; [i: number]: { children: { textContent: string }[] } } } }).document;
      const rows = doc.querySelectorAll('#problem-rows tr');
      for (let i = 0; i < rows.length; i++) if (rows[i]!.children.length > 1 && !rows[i]!.children[3]!.textContent.includes('hold')) return false;
      return true;
    });
    await screenshot(page, 'status-problems', '#problems');
    await screenshot(page, 'status-matrix', '#matrix');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('opens a cluster: its facts, decisions and audit timeline; focus moves to it', async () => {
    const first = page.locator('#problem-rows button[data-cluster]').first();
    const name = await first.textContent();
    await first.focus();
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { name: `Cluster ${name}` });
    await heading.waitFor();
    await page.locator('#cluster-body table tbody tr').first().waitFor();
    await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).resolves.toBe('cluster-h');
    await page.getByRole('list', { name: 'Audit timeline' }).waitFor();
    await screenshot(page, 'status-cluster', '#cluster');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
