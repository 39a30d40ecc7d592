/**
 * Observed release age (issue 24): the extension types API gives no release dates, so the app records when it first
 * saw each version of a type in each region's live catalog (the ReleaseSightings table). A version's age counts from
 * the earliest of its catalog-file date and its first sighting in any region; a version not (yet) recorded counts from
 * now, so a pass that cannot read or write the table fails closed (every such version is young). Pure.
 */
import type { Catalog, CatalogVersion } from './model';
import { regionKey } from './regionalAvailability';

/** The first sighting of one version of a type in one region. */
export interface ReleaseSighting {
  /** Lower-cased. */
  extensionType: string;
  version: string;
  /** Region key (`eastus`). */
  region: string;
  /** ISO-8601. */
  firstSeen: string;
}

/** Most first sightings one pass records; the rest are recorded by the next passes (and count as young meanwhile). */
export const MAX_NEW_SIGHTINGS_PER_PASS = 500;

/** The key of a (type, version, region) in a map of first sightings. */
export function sightingKey(extensionType: string, version: string, region: string): string {
  return `${extensionType.toLowerCase()}|${version.trim().replace(/^v/i, '').toLowerCase()}|${regionKey(region)}`;
}

/** Every (type, version, region) the catalog lists per region (versions without regions, from files, have none), in catalog order. */
export function sightingsOf(catalog: Catalog): Omit<ReleaseSighting, 'firstSeen'>[] {
  const out: Omit<ReleaseSighting, 'firstSeen'>[] = [];
  for (const [type, { versions }] of Object.entries(catalog.extensionTypes)) {
    for (const v of versions) for (const region of v.regions ?? []) out.push({ extensionType: type.toLowerCase(), version: v.version, region: regionKey(region) });
  }
  return out;
}

/** The sightings of the catalog not yet recorded, first sighted `now`; at most MAX_NEW_SIGHTINGS_PER_PASS. */
export function newSightings(catalog: Catalog, recorded: ReadonlyMap<string, string>, now: Date): ReleaseSighting[] {
  const out: ReleaseSighting[] = [];
  const seen = new Set<string>();
  for (const s of sightingsOf(catalog)) {
    const key = sightingKey(s.extensionType, s.version, s.region);
    if (recorded.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push({ ...s, firstSeen: now.toISOString() });
    if (out.length >= MAX_NEW_SIGHTINGS_PER_PASS) break;
  }
  return out;
}

/** The earliest of two ISO times (undefined ignored). */
function earliest(a: string | undefined, b: string): string {
  return a === undefined || Date.parse(b) < Date.parse(a) ? b : a;
}

/**
 * The catalog with observed ages: each version listed per region gets `releasedAt` = the earliest of its own date and
 * its first sighting in any of its regions (a region not recorded counts as `now`). Other versions are unchanged.
 */
export function withObservedAge(catalog: Catalog, recorded: ReadonlyMap<string, string>, now: Date): Catalog {
  const nowText = now.toISOString();
  const extensionTypes: Catalog['extensionTypes'] = {};
  for (const [type, { versions }] of Object.entries(catalog.extensionTypes)) {
    extensionTypes[type] = {
      versions: versions.map((v): CatalogVersion => {
        if (v.regions === undefined || v.regions.length === 0) return v;
        const firstSeen = v.regions.map((r) => recorded.get(sightingKey(type, v.version, r)) ?? nowText).reduce((a, b) => earliest(a, b));
        return { ...v, releasedAt: earliest(v.releasedAt, firstSeen) };
      }),
    };
  }
  return { extensionTypes };
}

/** True when the catalog holds a version whose age comes from no date at all (listed per region, no sighting applied, no file date). */
export function hasUndatedLiveVersions(catalog: Catalog): boolean {
  return Object.values(catalog.extensionTypes).some(({ versions }) => versions.some((v) => v.regions !== undefined && v.releasedAt === undefined));
}

