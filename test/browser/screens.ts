/**
 * The two screens every view is checked at (a phone and a desktop window), and the check that a page never scrolls
 * sideways: its document is no wider than the viewport (tables scroll inside their own box instead).
 */
import type { Page } from 'playwright-core';

/** A phone (390×844) and a desktop window (1400×1000). */
export const SCREENS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1400, height: 1000 },
] as const;

/** The page's width against its viewport's, and the first elements (outside a scroll box) that stick out. */
export async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; outside: string[] }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): ArrayLike<{ tagName: string; id: string; className: string; closest(s: string): unknown; getBoundingClientRect(): { right: number } }> } };
    const outside = Array.from(g.document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > g.innerWidth + 0.5 && !e.closest('.scroll'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}`);
    return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth, outside };
  });
}

/** Expects no sideways page scroll: scrollWidth ≤ innerWidth, and nothing outside a scroll box sticks out. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const o = await sidewaysOverflow(page);
  expect({ ...o, fits: o.scrollWidth <= o.innerWidth }).toEqual({ scrollWidth: o.scrollWidth, innerWidth: o.innerWidth, outside: [], fits: true });
}
