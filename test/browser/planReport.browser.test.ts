/**
 * `plan --output html` opened from disk in headless Chromium: it renders the matrix and the problem list with no
 * console error and no network request (its CSP allows none), filters the problems, and axe finds nothing serious.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { runCli } from '../cli/cliHarness';
import { describeInBrowser, launchBrowser, screenshot, seriousAxeViolations, watchPage, type PageWatch, type TestBrowser } from './browser';

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
    await page.locator('#problem-count').filter({ hasText: 'Showing 1–5 of 5 problems' }).waitFor();
    await expect(page.locator('#summary').textContent()).resolves.toMatch(/^4 clusters · 10 extensions · /);
    await expect(page.locator('#matrix caption').allTextContents()).resolves.toContain('microsoft.flux');
    // issue 24: examples/policy.json gives Flux and Dapr a window of 3; every example extension of both is in support
    await expect(page.locator('#support-body caption').textContent()).resolves.toBe('Support windows: 0 out of support, 7 in support');
    expect(watch.errors).toEqual([]);
    expect(watch.requests).toEqual([fileUrl]);
    await screenshot(page, 'report', 'body');
  });

  it('filters the problems by action, keyboard only', async () => {
    await page.getByLabel('Action', { exact: true }).focus();
    await page.keyboard.press('ArrowDown'); // All → error
    await page.keyboard.press('ArrowDown'); // error → blocked
    await page.locator('#problem-count').filter({ hasText: 'Showing 1–2 of 2 problems' }).waitFor();
    const actions = await page.locator('#problem-rows tr td:nth-child(4)').allTextContents();
    expect(actions).toEqual(['⊘ blocked', '⊘ blocked']);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(watch.requests).toEqual([fileUrl]);
  });
});
