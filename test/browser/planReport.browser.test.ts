/**
 * `plan --output html` opened from disk in headless Chromium: it leads with the moves, then what is held back, the
 * matrix and every cluster, with no console error and no network request (its CSP allows none); it filters what is held
 * back; it fits a phone and a desktop screen with no sideways page scroll; axe finds nothing serious.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { runCli } from '../cli/cliHarness';
import { describeInBrowser, launchBrowser, screenshot, seriousAxeViolations, watchPage, type PageWatch, type TestBrowser } from './browser';
import { expectNoSidewaysScroll, SCREENS, sidewaysOverflow } from './screens';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

describeInBrowser('plan --output html in a real browser', () => {
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let fileUrl: string;

  beforeAll(async () => {
    const run = await runCli(['plan', '--snapshot', join(EXAMPLES, 'snapshot.json'), '--catalog', join(EXAMPLES, 'catalog.json'), '--policy', join(EXAMPLES, 'policy.json'), '--now', '2024-11-25T00:00:00Z', '--output', 'html']);
    expect(run.code).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'reconciler-report-')), 'plan.html');
    writeFileSync(file, run.stdout);
    fileUrl = pathToFileURL(file).href;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    watch = watchPage(page);
    await page.goto(fileUrl);
  }, 60_000);

  afterAll(() => browser?.close());

  it('renders the matrix and the problem list from the embedded plan, with no error and no request but the file', async () => {
    // the README's example plan (--now 2024-11-25): 10 extensions on 4 clusters; 2 hold, 2 blocked, 1 wait are the problems
    await page.locator('#problem-count').filter({ hasText: 'Showing 1–5 of 5 held back' }).waitFor();
    await expect(page.locator('#summary').textContent()).resolves.toMatch(/^4 clusters · 10 extensions · /);
    await expect(page.locator('#matrix caption').allTextContents()).resolves.toContain('microsoft.flux');
    expect(watch.errors).toEqual([]);
    expect(watch.requests).toEqual([fileUrl]);
    await screenshot(page, 'report', 'body');
  });

  it('filters what is held back by status, keyboard only', async () => {
    await page.getByLabel('Status', { exact: true }).focus();
    await page.keyboard.press('ArrowDown'); // All → error
    await page.keyboard.press('ArrowDown'); // error → blocked
    await page.locator('#problem-count').filter({ hasText: 'Showing 1–2 of 2 held back' }).waitFor();
    const actions = await page.locator('#problem-rows tr td:nth-child(4)').allTextContents();
    expect(actions).toEqual(['⊘ blocked', '⊘ blocked']);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(watch.requests).toEqual([fileUrl]);
  });

  it('leads with the moves, names every cluster, and orders the sections moves → held back → matrix → clusters', async () => {
    const sections = await page.locator('main > section').evaluateAll((s) => s.map((e) => (e as unknown as { id: string }).id));
    expect(sections).toEqual(['moves', 'problems', 'matrix', 'clusters']);
    const moves = await page.locator('#moves-body tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string }> }).children, (td) => td.textContent)));
    // the examples' four upgrades, in ring order (canary, then prod), cluster by name
    expect(moves.map((m) => [m[0], m[1], m[3], m[5]])).toEqual([
      ['aks-canary-weu', 'canary', '1.13.2 → 1.14.4', 'minor'],
      ['aks-canary-weu', 'canary', '1.11.3 → 1.12.2', 'minor'],
      ['aks-prod-neu', 'prod', '1.11.3 → 1.12.2', 'minor'],
      ['aks-prod-weu', 'prod', '1.11.1 → 1.11.3', 'patch'],
    ]);
    const clusters = await page.locator('#clusters-body tbody tr td:first-child').allTextContents();
    expect(clusters.sort()).toEqual(['aks-canary-weu', 'aks-prod-neu', 'aks-prod-weu', 'arc-store-0042']);
  });

  it.each(SCREENS)('fits the $name screen ($width×$height) with no sideways page scroll and no serious axe violation', async ({ name, width, height }) => {
    const p = await browser.context.newPage();
    await p.setViewportSize({ width, height });
    await p.goto(fileUrl);
    await p.locator('#problem-count').filter({ hasText: 'held back' }).waitFor();
    await expectNoSidewaysScroll(p);
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, `report-${name}`);
    await p.close();
  });

  it('the sideways-scroll check catches a page wider than the screen', async () => {
    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 390, height: 844 });
    await p.setContent('<!doctype html><html><body><div id="wide" style="width:930px">too wide</div></body></html>');
    const o = await sidewaysOverflow(p);
    expect(o.scrollWidth).toBeGreaterThan(o.innerWidth);
    expect(o.outside).toContain('div#wide');
    await p.close();
  });
});
