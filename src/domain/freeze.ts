/** Freeze calendars: which freeze, if any, stops writes to a cluster at a moment. Pure. */
import { tagsMatch } from './holds';
import type { Freeze } from './model';

/** A cluster as a freeze needs it: its id and tags. */
export interface FreezeTarget {
  id: string;
  tags: Record<string, string>;
}

/** True when the freeze applies to the cluster: unscoped, or one of its cluster ids (case-insensitive) and every listed tag. */
export function freezeApplies(freeze: Freeze, cluster: FreezeTarget): boolean {
  const id = cluster.id.toLowerCase();
  return (freeze.clusterIds.length === 0 || freeze.clusterIds.some((c) => c.toLowerCase() === id)) && tagsMatch(freeze.clusterTags, cluster.tags);
}

/**
 * The freeze covering `cluster` at `now` (from <= now < to), the one ending last when several do (of those ending at the
 * same instant, the first listed); undefined when none.
 * Writes wait until its `to`, then ask again (a freeze that starts as another ends is waited for in turn).
 */
export function activeFreeze(now: Date, freezes: readonly Freeze[], cluster: FreezeTarget): Freeze | undefined {
  const t = now.getTime();
  let found: Freeze | undefined;
  for (const f of freezes) {
    if (Date.parse(f.from) <= t && t < Date.parse(f.to) && freezeApplies(f, cluster) && (!found || Date.parse(f.to) > Date.parse(found.to))) found = f;
  }
  return found;
}

/** The freezes in force or still to come at `now` (to > now), in start order: what a plan shows. */
export function upcomingFreezes(now: Date, freezes: readonly Freeze[]): Freeze[] {
  return freezes.filter((f) => Date.parse(f.to) > now.getTime()).sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
}

/** True when two entries would freeze the same clusters: the same cluster ids (any order, any case) and the same tags. */
export function sameFreezeScope(a: Freeze, b: Freeze): boolean {
  const ids = (f: Freeze): string => [...f.clusterIds].map((c) => c.toLowerCase()).sort().join('|');
  const tags = (f: Freeze): string => JSON.stringify(Object.entries(f.clusterTags).map(([k, v]) => [k.toLowerCase(), v]).sort());
  return ids(a) === ids(b) && tags(a) === tags(b);
}

/** True when the half-open intervals [from, to) of two freezes meet. */
export function freezesOverlap(a: Freeze, b: Freeze): boolean {
  return Date.parse(a.from) < Date.parse(b.to) && Date.parse(b.from) < Date.parse(a.to);
}
