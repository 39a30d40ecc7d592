/**
 * Converts the extension type versions API's `unsupportedVersions` strings into a semver range of the SUPPORTED
 * Kubernetes versions. Pure.
 *
 * Accepted forms (versions `X`, `X.Y` or `X.Y.Z`, optional leading `v`, spaces allowed after operators):
 * `1.18..1.21` (inclusive: 1.18.0 up to every 1.21 patch), `>1.22` (1.23.0 and up), `>=1.22`, `<1.20`, `<=1.21`
 * (every 1.21 patch included), `1.25` (every 1.25 patch), `1.25.3` (that patch only).
 */
import { InputError } from '../../domain/inputError';

type V = [number, number, number];
/** Half-open interval [lo, hi); null = unbounded. */
type Interval = { lo: V | null; hi: V | null };

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

function parseVersion(text: string): { floor: V; next: V } | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  const [maj, min, pat] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  const floor: V = [maj, min ?? 0, pat ?? 0];
  const next: V = min === undefined ? [maj + 1, 0, 0] : pat === undefined ? [maj, min + 1, 0] : [maj, min, pat + 1];
  return { floor, next };
}

function cmp(a: V, b: V): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function toInterval(raw: string, index: number): Interval {
  const s = raw.trim();
  const fail = (): never => {
    throw new InputError('unsupported Kubernetes versions', `$[${index}]`, `"${raw}" is not a version, a range "A..B" or a comparison (>, >=, <, <=)`);
  };
  const range = /^(.+?)\s*\.\.\s*(.+)$/.exec(s);
  if (range) {
    const a = parseVersion(range[1] ?? '') ?? fail();
    const b = parseVersion(range[2] ?? '') ?? fail();
    return { lo: a.floor, hi: b.next };
  }
  const op = /^(>=|<=|>|<|=)?\s*(.+)$/.exec(s);
  const v = parseVersion(op?.[2] ?? '') ?? fail();
  switch (op?.[1]) {
    case '>':
      return { lo: v.next, hi: null };
    case '>=':
      return { lo: v.floor, hi: null };
    case '<':
      return { lo: null, hi: v.floor };
    case '<=':
      return { lo: null, hi: v.next };
    default:
      return { lo: v.floor, hi: v.next };
  }
}

const fmt = (v: V): string => v.join('.');

/** The semver range of supported versions given the unsupported ones; `*` when none, `<0.0.0` when all. Throws an InputError naming an unreadable string. */
export function unsupportedToRange(strings: readonly string[]): string {
  const intervals = strings
    .map(toInterval)
    .map((i) => ({ lo: i.lo ?? ([0, 0, 0] as V), hi: i.hi }))
    .filter((i) => i.hi === null || cmp(i.lo, i.hi) < 0)
    .sort((a, b) => cmp(a.lo, b.lo));
  const supported: Interval[] = [];
  let cursor: V | null = [0, 0, 0];
  for (const i of intervals) {
    if (cursor === null) break;
    if (cmp(i.lo, cursor) > 0) supported.push({ lo: cursor, hi: i.lo });
    if (i.hi === null) cursor = null;
    else if (cmp(i.hi, cursor) > 0) cursor = i.hi;
  }
  if (cursor !== null) supported.push({ lo: cursor, hi: null });
  if (supported.length === 0) return '<0.0.0';
  return supported
    .map(({ lo, hi }) => {
      const from = lo && cmp(lo, [0, 0, 0]) > 0 ? `>=${fmt(lo)}` : '';
      const to = hi ? `<${fmt(hi)}` : '';
      return [from, to].filter(Boolean).join(' ') || '*';
    })
    .join(' || ');
}
