/**
 * Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core (its own browser downloads
 * cannot work here), one browser per test file with a fresh profile. Without chromium the browser tests skip, loudly;
 * nothing else does. Also: console/network watchers, the axe-core check and screenshots under test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where Debian's package puts the browser (override with CHROMIUM_PATH). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when the browser is installed. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Screenshots of each view go here (ignored by git). */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/** `describe` when chromium is installed; otherwise a skipped block and a message nobody can miss. */
export function describeInBrowser(name: string, body: () => void): void {
  if (hasChromium) return describe(name, body);
  process.stderr.write(
    `\n${'!'.repeat(100)}\n!! BROWSER TESTS SKIPPED (${name}): no chromium at ${CHROMIUM_PATH}.\n!! Install it: apt-get update && apt-get install -y chromium   (or set CHROMIUM_PATH)\n${'!'.repeat(100)}\n\n`,
  );
  describe.skip(name, body);
}

/** A running browser with one fresh profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless chromium with a fresh --user-data-dir and no background traffic. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'reconciler-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a page logged and asked for. */
export interface PageWatch {
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

/** Starts recording console errors, page errors and requests of `page`. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], requests: [] };
  page.on('console', (m) => void (m.type() === 'error' && watch.errors.push(m.text())));
  page.on('pageerror', (e) => void watch.errors.push(e.message));
  page.on('request', (r) => void watch.requests.push(r.url()));
  return watch;
}

/** A violation axe-core reported. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown }[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays in force) and returns the
 * serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a screenshot of the page (or of one element) as test-artifacts/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: false });
  return path;
}
