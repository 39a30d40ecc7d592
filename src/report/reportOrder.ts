/**
 * How the reports order things: names as people read them (numbers by value: `aks-2` before `aks-10`, Intl.Collator),
 * versions as versions (highest first), Kubernetes minors and rings as a rollout runs them. Pure.
 */
import type { RolloutPolicy } from '../domain/model';
import { parseVersion } from '../domain/versions';

const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An installed version as the matrix shows it: semver normalised (`v3.2.0` → `3.2.0`), else the text trimmed. */
export function versionKey(version: string): string {
  return parseVersion(version)?.version ?? version.trim();
}

/** `versionKey`, parsed once per distinct text (a fleet has a few hundred versions and 100,000s of extensions). */
export function versionKeys(): (version: string) => string {
  const known = new Map<string, string>();
  return (version) => {
    let key = known.get(version);
    if (key === undefined) known.set(version, (key = versionKey(version)));
    return key;
  };
}

/** The rank of each distinct value in `compare` order: sorting by rank is sorting by `compare`, at integer cost. */
export function ranks(values: Iterable<string>, compare: (a: string, b: string) => number): Map<string, number> {
  return new Map([...new Set(values)].sort(compare).map((v, i) => [v, i]));
}

/** Compares names as people read them: numbers by value (`aks-2` before `aks-10`), then case-insensitively. */
export const byName: (a: string, b: string) => number = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** Highest version first; texts that are not semver after every version, in name order. */
export function byVersionDesc(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return vb.compare(va) || byName(a, b);
  return va ? -1 : vb ? 1 : byName(a, b);
}

/** Kubernetes minors (`1.9` before `1.10`), lowest first. */
export function byMinorAsc(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  if (Number.isFinite(am) && Number.isFinite(an) && Number.isFinite(bm) && Number.isFinite(bn)) return am! - bm! || an! - bn!;
  return text(a, b);
}

/** Orders ring names as the rollout runs them (the policy's rings, then the default ring; others by name). */
export function ringOrder(rollout: RolloutPolicy): (a: string, b: string) => number {
  const order = [...rollout.rings.map((r) => r.name), rollout.defaultRing.name];
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  return (a, b) => rank(a) - rank(b) || byName(a, b);
}

/** Resource names of this alphabet sort by a plain key the same way `byName` sorts them (a property test checks it). */
const KEY_ALPHABET = /^[A-Za-z0-9._-]*$/;
/** Collation order of the three punctuation marks of Azure resource names: `_` before `-` before `.`, all before digits. */
const PUNCTUATION: Record<string, string> = { _: '\u0001', '-': '\u0002', '.': '\u0003' };

/** A key whose plain (code unit) order is `byName`'s order, for names of KEY_ALPHABET: lower case, digit runs by value. */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_.-]/g, (c) => PUNCTUATION[c]!)
    .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(24, '0'));
}

/**
 * The rank of each distinct name in `byName` order. Intl.Collator costs ~10× a plain comparison, so a fleet's names
 * (tens of thousands) are sorted by `nameKey` when they all use the resource-name alphabet; by the collator otherwise.
 */
export function nameRanks(names: Iterable<string>): Map<string, number> {
  const distinct = [...new Set(names)];
  if (!distinct.every((n) => KEY_ALPHABET.test(n) && !/\d{25}/.test(n))) return ranks(distinct, byName);
  const keyed = distinct.map((name) => ({ name, key: nameKey(name) })).sort((a, b) => text(a.key, b.key));
  return new Map(keyed.map((k, i) => [k.name, i]));
}
