/**
 * Parses the `unsupportedVersions` strings of the extension type versions API into intervals of Kubernetes minors,
 * and turns them into the semver range of the *supported* versions. Kubernetes versions are taken as `1.<minor>`.
 *
 * Forms understood (the simple way; anything else is ignored):
 * - `a..b` (inclusive minors)  → unsupported `>=a.0 <(b+1).0`
 * - `>x` → `>=(x+1).0`;  `>=x` → `>=x.0`;  `<x` → `<x.0`;  `<=x` → `<(x+1).0`;  `x` (one minor) → `>=x.0 <(x+1).0`
 * The supported range is the complement, e.g. `["1.18..1.26"]` → `<1.18.0 || >=1.27.0`, `[">1.31"]` → `<1.32.0`.
 */

/** Half-open interval of minors [from, to); `to` = Infinity for no upper bound. */
export interface MinorInterval {
  from: number;
  to: number;
}

function minorOf(text: string): number | undefined {
  const m = /^\s*v?(\d+)\.(\d+)/.exec(text);
  return m ? Number(m[2]) : undefined;
}

/** Parses unsupported-version strings into sorted, merged intervals of unsupported Kubernetes minors. */
export function unsupportedMinorIntervals(unsupported: readonly string[]): MinorInterval[] {
  const out: MinorInterval[] = [];
  for (const raw of unsupported) {
    const s = raw.trim();
    const range = /^(.+)\.\.(.+)$/.exec(s);
    if (range) {
      const a = minorOf(range[1] ?? '');
      const b = minorOf(range[2] ?? '');
      if (a !== undefined && b !== undefined) out.push({ from: a, to: b + 1 });
      continue;
    }
    const op = /^(>=|<=|>|<)?\s*(.+)$/.exec(s);
    const x = minorOf(op?.[2] ?? '');
    if (x === undefined) continue;
    switch (op?.[1]) {
      case '>': out.push({ from: x + 1, to: Infinity }); break;
      case '>=': out.push({ from: x, to: Infinity }); break;
      case '<': out.push({ from: 0, to: x }); break;
      case '<=': out.push({ from: 0, to: x + 1 }); break;
      default: out.push({ from: x, to: x + 1 });
    }
  }
  out.sort((p, q) => p.from - q.from);
  const merged: MinorInterval[] = [];
  for (const i of out) {
    const last = merged[merged.length - 1];
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else merged.push({ ...i });
  }
  return merged;
}

/** True when Kubernetes version `kubernetesVersion` (`1.Y` or `1.Y.Z`) falls in an unsupported interval. */
export function isUnsupported(unsupported: readonly string[], kubernetesVersion: string): boolean {
  const minor = minorOf(kubernetesVersion);
  if (minor === undefined) return false;
  return unsupportedMinorIntervals(unsupported).some((i) => minor >= i.from && minor < i.to);
}

/** The semver range of supported Kubernetes versions; undefined when nothing is unsupported; `<0.0.0` when nothing is supported. */
export function supportedRange(unsupported: readonly string[]): string | undefined {
  const intervals = unsupportedMinorIntervals(unsupported);
  if (intervals.length === 0) return undefined;
  const parts: string[] = [];
  let cursor = 0;
  for (const i of intervals) {
    if (i.from > cursor) parts.push(cursor === 0 ? `<1.${i.from}.0` : `>=1.${cursor}.0 <1.${i.from}.0`);
    cursor = i.to;
  }
  if (cursor !== Infinity) parts.push(cursor === 0 ? '>=0.0.0' : `>=1.${cursor}.0`);
  return parts.length > 0 ? parts.join(' || ') : '<0.0.0';
}
