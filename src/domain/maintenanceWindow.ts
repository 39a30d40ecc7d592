/** Weekly maintenance windows in UTC: when the next one opens. Pure. */
import type { MaintenanceWindow } from './model';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;

/** Minutes after midnight of a "HH:MM" start; throws on a malformed value (schemas validate it earlier). */
export function windowStartMinutes(start: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(start);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  if (!m || hours > 23 || minutes > 59) throw new Error(`maintenance window start "${start}" is not HH:MM`);
  return hours * 60 + minutes;
}

/** Every occurrence start (ms) of `window` in the weeks before, of and after the week holding `nowMs`. */
function occurrences(window: MaintenanceWindow, nowMs: number): number[] {
  const now = new Date(nowMs);
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekStart = midnight - now.getUTCDay() * DAY_MS;
  const offset = windowStartMinutes(window.start) * MINUTE_MS;
  const starts: number[] = [];
  for (const week of [-1, 0, 1]) {
    for (const day of new Set(window.days)) starts.push(weekStart + week * WEEK_MS + day * DAY_MS + offset);
  }
  return starts;
}

/**
 * When the next maintenance window opens: null when one is open at `now` (or there are no windows, which means always
 * open); otherwise the earliest window start after `now`. Windows are weekly in UTC (day 0 = Sunday) and may span
 * midnight or the end of the week. Windows with no days or no duration never open; if no window can open, null.
 */
export function nextWindowStart(now: Date, windows: readonly MaintenanceWindow[]): Date | null {
  const nowMs = now.getTime();
  let next = Infinity;
  for (const window of windows) {
    if (window.durationMinutes <= 0) continue;
    const length = Math.min(window.durationMinutes, 7 * 24 * 60) * MINUTE_MS;
    for (const start of occurrences(window, nowMs)) {
      if (start > nowMs) next = Math.min(next, start);
      else if (nowMs < start + length) return null;
    }
  }
  return next === Infinity ? null : new Date(next);
}
