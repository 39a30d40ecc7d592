/**
 * Failures a person understands, on a phone and a desktop screen, each checked by axe-core: a wrong or expired key
 * (the API answers 401), no key at all (a small page saying how to get one), a malformed `#cluster=` link, and an API
 * outage (requests refused or answered 503 by something that is not the app). Never "Failed to execute 'json'".
 */
import type { Page, Route } from 'playwright-core';
import { serveWorld, type ServedWorld } from '../../demo/serveHttp';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { describeInBrowser, launchBrowser, screenshot, seriousAxeViolations, type TestBrowser } from './browser';
import { expectNoSidewaysScroll, SCREENS } from './screens';

describeInBrowser('status page failures, in words', () => {
  let world: E2eWorld;
  let served: ServedWorld;
  let browser: TestBrowser;

  beforeAll(async () => {
    world = await startE2eWorld({ fleet: generateFleet({ clusters: 6, subscriptions: 1, seed: 7, extensionsPerCluster: [2, 3] }), now: new Date() });
    [served, browser] = await Promise.all([serveWorld(world), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await world?.close();
  });

  /** Opens `url` at the screen's size; uncaught exceptions are collected (failed requests may log, exceptions may not). */
  async function open(width: number, height: number, url: string, setup?: (page: Page) => Promise<void>): Promise<{ page: Page; thrown: string[] }> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const thrown: string[] = [];
    page.on('pageerror', (e) => void thrown.push(e.message));
    await setup?.(page);
    await page.goto(url);
    return { page, thrown };
  }

  async function expectReadable(page: Page, name: string): Promise<void> {
    await expectNoSidewaysScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, name);
    expect(await page.content()).not.toContain("Failed to execute 'json'");
  }

  it.each(SCREENS)('a wrong or expired key: the page says the key was refused and how to get the current one ($name)', async ({ name, width, height }) => {
    const { page, thrown } = await open(width, height, `${served.origin}/api/ui?code=rotated-key`);
    await page.locator('#matrix-body').filter({ hasText: 'The function key in this page’s address was refused (HTTP 401)' }).waitFor();
    await page.locator('#status').filter({ hasText: 'az functionapp keys list' }).waitFor(); // the rollouts failed the same way
    await expectReadable(page, `error-key-refused-${name}`);
    expect(thrown).toEqual([]);
    await page.close();
  });

  it.each(SCREENS)('no key: a small page (401) says what the key is and how to get one ($name)', async ({ name, width, height }) => {
    const { page, thrown } = await open(width, height, `${served.origin}/api/ui`);
    await page.getByRole('heading', { name: 'A function key is needed' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('az functionapp keys list');
    await expectReadable(page, `error-no-key-${name}`);
    expect(thrown).toEqual([]);
    await page.close();
  });

  it.each(SCREENS)('a malformed #cluster= link: a sentence, not an exception ($name)', async ({ name, width, height }) => {
    const { page, thrown } = await open(width, height, `${served.pageUrl}#cluster=%E0%A4%A`);
    await page.locator('#status').filter({ hasText: 'The link’s #cluster= part is not valid URL encoding' }).waitFor();
    await page.evaluate(() => { (globalThis as unknown as { location: { hash: string } }).location.hash = 'cluster=aks-1'; });
    await page.locator('#status').filter({ hasText: 'is not a cluster’s ARM id' }).waitFor();
    await expectReadable(page, `error-bad-fragment-${name}`);
    expect(thrown).toEqual([]);
    await page.close();
  });

  it.each(SCREENS)('an API outage: refused connections and a 503 from a proxy are told apart, in words ($name)', async ({ name, width, height }) => {
    const hits = { refused: 0, unavailable: 0 };
    const { page, thrown } = await open(width, height, served.pageUrl, async (p) => {
      await p.route('**/api/ui/rollouts**', (r: Route) => void (hits.refused++, r.abort('connectionrefused')));
      await p.route('**/api/ui/fleet**', (r: Route) => void (hits.unavailable++, r.fulfill({ status: 503, contentType: 'text/html', body: '<html><body>Service Unavailable</body></html>' })));
    });
    await page.locator('#matrix-body').filter({ hasText: 'The app did not answer properly (HTTP 503)' }).waitFor();
    await page.locator('#status').filter({ hasText: 'The app could not be reached' }).waitFor();
    expect(hits.refused).toBeGreaterThan(0); // both faults fired
    expect(hits.unavailable).toBeGreaterThan(0);
    await expectReadable(page, `error-outage-${name}`);
    expect(thrown).toEqual([]);
    await page.close();
  });
});
