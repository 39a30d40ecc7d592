/**
 * Regional availability (issue 24): a new version reaches Azure regions over days, so a cluster moves only to versions
 * its own region's catalog lists. The live catalog marks each version with the regions that list it; a file catalog
 * marks none (offered everywhere). Pure.
 */
import type { IndexedType } from './catalogIndex';
import type { Catalog, CatalogVersion } from './model';
import { parseVersion } from './versions';

/** A region's key as the catalog lists it: `"East US"` (a display name) and `eastus` both give `eastus`. */
export function regionKey(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/**
 * The regions of a version listed by several entries: the union of the regions the entries name (an entry that names
 * none says nothing about regions); undefined when no entry names any (offered wherever the type is).
 */
export function mergedRegions(entries: readonly CatalogVersion[]): ReadonlySet<string> | undefined {
  const named = entries.filter((e) => e.regions !== undefined);
  return named.length === 0 ? undefined : new Set(named.flatMap((e) => e.regions!.map(regionKey)));
}

/** True when a version with these regions is offered in `region`; a cluster of unknown region, or a version of unknown regions, always is. */
export function offeredIn(regions: ReadonlySet<string> | undefined, region: string | undefined): boolean {
  return regions === undefined || region === undefined || regions.has(region);
}

/**
 * True when some version is not offered in one of `regions` (the fleet's): only then can a cluster's region change a
 * decision. When it cannot, the planner leaves regions out of its shared verdicts' key (fleets repeat contexts).
 */
export function regionsMatter(index: ReadonlyMap<string, IndexedType>, regions: ReadonlySet<string>): boolean {
  for (const type of index.values()) {
    for (const v of type.versions) {
      if (v.regions === undefined) continue;
      for (const r of regions) if (!v.regions.has(r)) return true;
    }
  }
  return false;
}

/** One version of a type with the regions that offer it (sorted), for the status page and the reports. */
export interface VersionRegions {
  version: string;
  /** Empty when the catalog does not say (a file catalog): offered wherever the type is. */
  regions: string[];
}

/** Per lower-cased type, its versions (highest first) with the regions offering each; only types whose catalog names regions. */
export function regionsByVersion(catalog: Catalog): Map<string, VersionRegions[]> {
  const out = new Map<string, VersionRegions[]>();
  for (const [type, { versions }] of Object.entries(catalog.extensionTypes)) {
    if (!versions.some((v) => v.regions !== undefined)) continue;
    const byVersion = new Map<string, Set<string>>();
    for (const v of versions) {
      const set = byVersion.get(v.version) ?? new Set<string>();
      for (const r of v.regions ?? []) set.add(regionKey(r));
      byVersion.set(v.version, set);
    }
    const rows = [...byVersion].map(([version, regions]) => ({ version, regions: [...regions].sort() }));
    rows.sort((a, b) => {
      const [x, y] = [parseVersion(a.version), parseVersion(b.version)];
      if (x && y) return y.compare(x);
      if (x || y) return x ? -1 : 1; // semver first, texts that are not after
      return a.version < b.version ? 1 : a.version > b.version ? -1 : 0;
    });
    out.set(type.toLowerCase(), rows);
  }
  return out;
}
