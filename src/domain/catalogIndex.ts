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
  /** A security fix (every entry says `security: true`): exempt from minReleaseAgeDays only. */
  security: boolean;
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
  // keyed by the version object: the planner interns one SemVer per distinct cluster version, so lookups are cheap
  const memo = new Map<ClusterType, Map<SemVer, boolean>>();
  return (clusterType, kubernetes) => {
    let byVersion = memo.get(clusterType);
    if (!byVersion) memo.set(clusterType, (byVersion = new Map<SemVer, boolean>()));
    let answer = byVersion.get(kubernetes);
    if (answer === undefined) {
      // An object of ranges that names neither this cluster type nor `*` does not offer the version for it.
      answer = rangeFor(clusterType)?.test(kubernetes) ?? false;
      byVersion.set(kubernetes, answer);
    }
    return answer;
  };
}

/**
 * Builds the index, keyed by lower-cased type. Versions that are not valid semver are left out (the catalog parser warns
 * about them). A version listed more than once (per location, or by an overlay) is merged conservatively, so the
 * result does not depend on order: compatible only where every entry says so, preview if any entry says so, released
 * at the latest date given, a security fix only if every entry says so.
 */
export function indexCatalog(catalog: Catalog): Map<string, IndexedType> {
  const grouped = new Map<string, Map<string, { text: string; semver: SemVer; entries: CatalogVersion[] }>>();
  for (const [type, { versions }] of Object.entries(catalog.extensionTypes)) {
    const key = type.toLowerCase();
    const byVersion = grouped.get(key) ?? new Map<string, { text: string; semver: SemVer; entries: CatalogVersion[] }>();
    grouped.set(key, byVersion);
    for (const entry of versions) {
      const semver = parseVersion(entry.version);
      if (!semver) continue;
      const existing = byVersion.get(semver.version);
      if (existing) existing.entries.push(entry);
      else byVersion.set(semver.version, { text: semver.version === entry.version ? entry.version : semver.version, semver, entries: [entry] });
    }
  }
  const index = new Map<string, IndexedType>();
  for (const [key, byVersion] of grouped) {
    const versions = [...byVersion.values()].map(({ text, semver, entries }): IndexedVersion => {
      const checks = entries.map(compatibility);
      const released = entries.map((e) => (e.releasedAt === undefined ? undefined : Date.parse(e.releasedAt))).filter((t): t is number => t !== undefined && !Number.isNaN(t));
      return {
        text,
        semver,
        preview: entries.some((e) => e.releaseTrain === 'preview'),
        releasedAtMs: released.length ? Math.max(...released) : undefined,
        security: entries.every((e) => e.security === true),
        compatible: checks.length === 1 ? checks[0]! : (clusterType, kubernetes) => checks.every((c) => c(clusterType, kubernetes)),
      };
    });
    versions.sort((a, b) => b.semver.compare(a.semver));
    const find = new Map(versions.map((v) => [v.semver.version, v]));
    index.set(key, { versions, find: (v) => find.get(v.version) });
  }
  return index;
}
