/**
 * A catalog prepared for planning a large fleet: versions parsed once, sorted, compatibility ranges compiled once and
 * compatibility answers memoised per (version, compatibility key, Kubernetes version).
 */
import { Range, type SemVer } from 'semver';
import type { Catalog, CatalogVersion, ClusterType } from './model';
import { parseVersion } from './versions';
import { mergedRegions } from './regionalAvailability';

/** One catalog version, parsed. */
export interface IndexedVersion {
  /** Exactly as the catalog writes it (the value a move targets, build metadata included). */
  text: string;
  semver: SemVer;
  preview: boolean;
  /** Release time in ms since the epoch; undefined when the catalog gives none. */
  releasedAtMs: number | undefined;
  /** A security fix (every entry says `security: true`): exempt from minReleaseAgeDays only. */
  security: boolean;
  /** Issue 24: the regions whose catalog lists the version; undefined = offered wherever the type is (see regionalAvailability). */
  regions: ReadonlySet<string> | undefined;
  /** True when the version supports `kubernetes` on a cluster of `compatKey` (see compatibilityKey). */
  compatible(compatKey: string, kubernetes: SemVer): boolean;
}

/** The versions of one extension type, highest first. */
export interface IndexedType {
  versions: IndexedVersion[];
  /** The catalog entry equal to `v`, if any. */
  find(v: SemVer): IndexedVersion | undefined;
}

const DISTRIBUTION_PREFIX = 'connectedcluster/';
/** Joins the keys a cluster must satisfy all of (a connected cluster of kind ProvisionedCluster: its own key and `provisionedCluster`). */
const AND = '&';

/**
 * The key a cluster's compatibility is looked up by: its type, or `connectedcluster/<distribution>` (lower-cased) for an
 * Arc cluster with a distribution. A connected cluster of kind `ProvisionedCluster` (AKS on Azure Local, any case)
 * must satisfy that key and the `provisionedCluster` key both (fail closed).
 */
export function compatibilityKey(clusterType: ClusterType, distribution: string | undefined, kind?: string): string {
  const key = clusterType === 'connectedCluster' && distribution ? `${DISTRIBUTION_PREFIX}${distribution.toLowerCase()}` : clusterType;
  return clusterType === 'connectedCluster' && kind?.toLowerCase() === 'provisionedcluster' ? `${key}${AND}provisionedCluster` : key;
}

/** The range text that applies to `compatKey`: its distribution key, else its cluster type, else `*`. */
function rangeText(spec: Exclude<CatalogVersion['kubernetes'], string | undefined>, compatKey: string): string | undefined {
  const byKey = new Map(Object.entries(spec).map(([k, r]) => [k.toLowerCase(), r]));
  const clusterType = compatKey.startsWith(DISTRIBUTION_PREFIX) ? 'connectedcluster' : compatKey.toLowerCase();
  return byKey.get(compatKey) ?? byKey.get(clusterType) ?? byKey.get('*');
}

/** Compiles one version's compatibility into a memoised predicate. */
function compatibility(entry: CatalogVersion): IndexedVersion['compatible'] {
  const spec = entry.kubernetes;
  if (spec === undefined) return () => true;
  const ranges = new Map<string, (Range | null)[]>();
  const rangesFor = (compatKey: string): (Range | null)[] => {
    let found = ranges.get(compatKey);
    if (!found) {
      found = compatKey.split(AND).map((key) => {
        const text = typeof spec === 'string' ? spec : rangeText(spec, key);
        return text === undefined ? null : new Range(text);
      });
      ranges.set(compatKey, found);
    }
    return found;
  };
  // keyed by the version object: the planner interns one SemVer per distinct cluster version, so lookups are cheap
  const memo = new Map<string, Map<SemVer, boolean>>();
  return (compatKey, kubernetes) => {
    let byVersion = memo.get(compatKey);
    if (!byVersion) memo.set(compatKey, (byVersion = new Map<SemVer, boolean>()));
    let answer = byVersion.get(kubernetes);
    if (answer === undefined) {
      // An object of ranges that names neither this cluster type nor `*` does not offer the version for it.
      answer = rangesFor(compatKey).every((range) => range?.test(kubernetes) ?? false);
      byVersion.set(kubernetes, answer);
    }
    return answer;
  };
}

/** The text a version listed more than once is targeted by: the one equal to its normalised form, else the smallest (order-independent). */
function textOf(semver: SemVer, texts: string[]): string {
  return texts.includes(semver.version) ? semver.version : [...texts].sort()[0]!;
}

/**
 * Builds the index, keyed by lower-cased type. Versions that are not valid semver are left out (the catalog parser warns
 * about them). A version listed more than once (per location, or by an overlay) is merged conservatively, so the
 * result does not depend on order: compatible only where every entry says so, preview if any entry says so, released
 * at the latest date given, a security fix only if every entry says so.
 */
export function indexCatalog(catalog: Catalog): Map<string, IndexedType> {
  const grouped = new Map<string, Map<string, { semver: SemVer; entries: CatalogVersion[] }>>();
  for (const [type, { versions }] of Object.entries(catalog.extensionTypes)) {
    const key = type.toLowerCase();
    const byVersion = grouped.get(key) ?? new Map<string, { semver: SemVer; entries: CatalogVersion[] }>();
    grouped.set(key, byVersion);
    for (const entry of versions) {
      const semver = parseVersion(entry.version);
      if (!semver) continue;
      const existing = byVersion.get(semver.version);
      if (existing) existing.entries.push(entry);
      else byVersion.set(semver.version, { semver, entries: [entry] });
    }
  }
  const index = new Map<string, IndexedType>();
  for (const [key, byVersion] of grouped) {
    const versions = [...byVersion.values()].map(({ semver, entries }): IndexedVersion => {
      const checks = entries.map(compatibility);
      const released = entries.map((e) => (e.releasedAt === undefined ? undefined : Date.parse(e.releasedAt))).filter((t): t is number => t !== undefined && !Number.isNaN(t));
      return {
        text: textOf(semver, entries.map((e) => e.version)),
        semver,
        preview: entries.some((e) => e.releaseTrain === 'preview'),
        releasedAtMs: released.length ? Math.max(...released) : undefined,
        security: entries.every((e) => e.security === true),
        regions: mergedRegions(entries),
        compatible: checks.length === 1 ? checks[0]! : (compatKey, kubernetes) => checks.every((c) => c(compatKey, kubernetes)),
      };
    });
    versions.sort((a, b) => b.semver.compare(a.semver));
    const find = new Map(versions.map((v) => [v.semver.version, v]));
    index.set(key, { versions, find: (v) => find.get(v.version) });
  }
  return index;
}
