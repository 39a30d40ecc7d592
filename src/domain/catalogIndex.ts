/**
 * A catalog prepared for planning a large fleet: versions parsed once, sorted, compatibility ranges compiled once and
 * compatibility answers memoised per (version, cluster type, Kubernetes version).
 */
import { Range, type SemVer } from 'semver';
import type { Catalog, CatalogVersion, ClusterType } from './model';
import { parseVersion } from './versions';

/** One catalog version, parsed. */
export interface IndexedVersion {
  /** As given in the catalog (the value a move targets). */
  text: string;
  semver: SemVer;
  preview: boolean;
  /** Release time in ms since the epoch; undefined when the catalog gives none. */
  releasedAtMs: number | undefined;
  compatible(clusterType: ClusterType, kubernetes: SemVer): boolean;
}

/** The versions of one extension type, highest first. */
export interface IndexedType {
  versions: IndexedVersion[];
  /** The catalog entry equal to `v`, if any. */
  find(v: SemVer): IndexedVersion | undefined;
}

/** Compiles one version's compatibility into a memoised predicate. */
function compatibility(entry: CatalogVersion): IndexedVersion['compatible'] {
  const spec = entry.kubernetes;
  if (spec === undefined) return () => true;
  const ranges = new Map<string, Range | null>();
  const rangeFor = (clusterType: ClusterType): Range | null => {
    if (!ranges.has(clusterType)) {
      const text = typeof spec === 'string' ? spec : (spec[clusterType] ?? spec['*']);
      ranges.set(clusterType, text === undefined ? null : new Range(text));
    }
    return ranges.get(clusterType) ?? null;
  };
  const memo = new Map<string, boolean>();
  return (clusterType, kubernetes) => {
    const key = `${clusterType}|${kubernetes.version}`;
    let answer = memo.get(key);
    if (answer === undefined) {
      // An object of ranges that names neither this cluster type nor `*` does not offer the version for it.
      answer = rangeFor(clusterType)?.test(kubernetes) ?? false;
      memo.set(key, answer);
    }
    return answer;
  };
}

/** Builds the index; versions that are not valid semver are left out (the catalog parser warns about them). */
export function indexCatalog(catalog: Catalog): Map<string, IndexedType> {
  const index = new Map<string, IndexedType>();
  for (const [type, { versions }] of Object.entries(catalog.extensionTypes)) {
    const parsed: IndexedVersion[] = [];
    const seen = new Set<string>();
    for (const entry of versions) {
      const semver = parseVersion(entry.version);
      if (!semver || seen.has(semver.version)) continue;
      seen.add(semver.version);
      const releasedAtMs = entry.releasedAt === undefined ? undefined : Date.parse(entry.releasedAt);
      parsed.push({ text: entry.version, semver, preview: entry.releaseTrain === 'preview', releasedAtMs, compatible: compatibility(entry) });
    }
    parsed.sort((a, b) => b.semver.compare(a.semver));
    const byVersion = new Map(parsed.map((v) => [v.semver.version, v]));
    const key = type.toLowerCase();
    const existing = index.get(key);
    const merged = existing ? [...existing.versions, ...parsed.filter((v) => !existing.find(v.semver))].sort((a, b) => b.semver.compare(a.semver)) : parsed;
    const mergedBy = existing ? new Map(merged.map((v) => [v.semver.version, v])) : byVersion;
    index.set(key, { versions: merged, find: (v) => mergedBy.get(v.version) });
  }
  return index;
}
