/**
 * The status page on a phone (390×844) and a desktop window (1400×1000): the fleet view and the cluster view fit the
 * screen with no sideways page scroll, axe-core finds nothing serious, and each is photographed; `none` badges say
 * what the policy holds back (green only for up to date); the audit view shows actor, action, reason and the whole
 * rollout id, filtered by rollout and by cluster.
 */
import type { Page } from 'playwright-core';
import { stageApprovalRollout, type ApprovalAct } from '../../demo/approvalAct';
import { pumpWorld, serveWorld, type ServedWorld } from '../../demo/serveHttp';
import { generateFleet } from '../../simulator/fleetGenerator';
import { DEFAULT_WORLD_POLICY, startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { describeInBrowser, launchBrowser, screenshot, seriousAxeViolations, watchPage, type TestBrowser } from './browser';
import { expectNoSidewaysScroll, SCREENS } from './screens';

type Doc = { querySelectorAll(s: string): ArrayLike<{ className: string; textContent: string }> };

describeInBrowser('status page screens (phone and desktop)', () => {
  let world: E2eWorld;
  let served: ServedWorld;
  let stopPump: () => Promise<void>;
  let browser: TestBrowser;
  let act: ApprovalAct;

  beforeAll(async () => {
    world = await startE2eWorld({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 2024, extensionsPerCluster: [2, 4] }), policy: { ...DEFAULT_WORLD_POLICY, stepMinors: true }, now: new Date() });
    await world.runTimer();
    act = await stageApprovalRollout(world, { perRing: 2 });
    stopPump = pumpWorld(world, { speed: 600 }); // bakes take seconds; the 24-hour approval deadline 144 s
    [served, browser] = await Promise.all([serveWorld(world), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stopPump?.();
    await served?.close();
    await world?.close();
  });

  async function open(width: number, height: number, url = served.pageUrl): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const watch = watchPage(page);
    await page.goto(url);
    return { page, errors: watch.errors };
  }

  it.each(SCREENS)('the fleet view fits the $name screen ($width×$height), with no serious axe violation', async ({ name, width, height }) => {
    const { page, errors } = await open(width, height);
    await page.locator('article.rollout[data-state="waiting-approval"]').waitFor({ timeout: 60_000 });
    await page.locator('#matrix-body table').first().waitFor();
    await page.locator('#problem-count').filter({ hasText: /held back$/ }).waitFor();
    await page.locator('#audit-count').filter({ hasText: /rows?$/ }).waitFor();
    await expectNoSidewaysScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, `status-page-${name}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it.each(SCREENS)('the cluster view fits the $name screen ($width×$height), with no serious axe violation', async ({ name, width, height }) => {
    const cluster = act.upgraded[0]!.clusterId;
    const { page, errors } = await open(width, height, `${served.pageUrl}#cluster=${encodeURIComponent(cluster)}`);
    await page.locator('#cluster-body table tbody tr').first().waitFor();
    await page.getByRole('list', { name: 'Audit timeline' }).waitFor();
    await expectNoSidewaysScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.locator('#cluster').scrollIntoViewIfNeeded();
    await screenshot(page, `status-cluster-${name}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('badges for none say what is held back; only up to date is green', async () => {
    const fleet = (await (await fetch(`${served.origin}/api/ui/fleet?code=${served.key}`)).json()) as { noneCodes: Record<string, number> };
    const heldBack = Object.keys(fleet.noneCodes).filter((c) => c !== 'up-to-date');
    expect(heldBack.length).toBeGreaterThan(0); // the fleet has none decisions other than up to date
    const { page } = await open(1400, 1000);
    await page.locator('#problem-count').filter({ hasText: /held back$/ }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('none');
    await page.locator('#problem-count').filter({ hasText: /^Showing 1–\d+ of \d+ held back$/ }).waitFor();
    await page.waitForFunction(() => Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('#problem-rows .badge')).every((b) => !b.textContent.includes('hold') || b.textContent.includes('held')));
    const badges = await page.evaluate(() => Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('#problem-rows .badge'), (b) => [b.textContent, b.className]));
    expect(badges.length).toBeGreaterThan(0);
    const words = ['waits for a Kubernetes minor', 'major not allowed', 'excluded by a constraint', 'gap in the step path', 'installed version not in the catalog'];
    for (const [text, cls] of badges) {
      expect(words.some((w) => text!.includes(w))).toBe(true);
      expect(['badge t-warn', 'badge t-idle']).toContain(cls); // never green
    }
    const green = await page.evaluate(() => Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('.t-ok'), (e) => e.textContent));
    for (const text of green) expect(text).toContain('up to date');
    for (const text of green) for (const w of words) expect(text).not.toContain(w);
    await page.close();
  }, 60_000);

  it('the audit view shows actor, action, reason and the whole rollout id; filters by rollout and cluster', async () => {
    const approve = await fetch(`${served.origin}/api/rollouts/fleet-rollout/approve?code=${served.key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ring: 'prod', rolloutId: act.rolloutId, approvedBy: 'alice@example.com' }) });
    expect(approve.status).toBe(202);
    const { page, errors } = await open(1400, 1000);
    const rollout = page.getByLabel('Rollout id');
    await page.locator('#audit-count').filter({ hasText: /rows?$/ }).waitFor();
    expect(await rollout.inputValue()).toBe(act.rolloutId); // the current rollout, filled in
    await page.getByRole('button', { name: 'Show rows' }).click();
    await page.locator('#audit-rows tr', { hasText: 'unauthenticated:alice@example.com' }).first().waitFor();
    const approved = await page.locator('#audit-rows tr', { hasText: 'unauthenticated:alice@example.com' }).first().locator('td').allTextContents();
    expect(approved.slice(1, 7)).toEqual([act.rolloutId, '—', '—', 'approved', 'approved', 'unauthenticated:alice@example.com']);
    expect(approved[7]).toMatch(/ring prod approved by unauthenticated:alice@example\.com/i); // the route's row or the rollout's own
    const cluster = act.upgraded[0]!.clusterId;
    await page.getByLabel('Cluster ARM id').fill(cluster);
    await page.getByRole('button', { name: 'Show rows' }).click();
    await page.waitForFunction((name) => {
      const rows = Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('#audit-rows tr td:nth-child(3)'));
      return rows.length > 0 && rows.every((td) => td.textContent === name);
    }, cluster.split('/').pop());
    const rollouts = await page.locator('#audit-rows tr td:nth-child(2)').allTextContents();
    expect(new Set(rollouts)).toEqual(new Set([act.rolloutId]));
    await expectNoSidewaysScroll(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'status-audit', '#audit');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
