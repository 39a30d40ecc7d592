/**
 * Support windows (issue 24): an extension type supports its newest N minor lines (Flux: the latest and the two before
 * it, N-2; Dapr: the current and the previous). A decision of a type with a window says whether its installed version
 * is in support; decisions of other types carry no such field. Pure.
 */
import type { SemVer } from 'semver';
import type { IndexedType } from './catalogIndex';
import type { Decision, ExtensionSnapshot, SupportWindow } from './model';
import { lineOf, parseVersion } from './versions';

/**
 * The supported lines (`major.minor`) of a type on a train: the newest `supportedMinors` distinct lines among its catalog
 * versions on that train. On Stable, preview versions and prereleases never count; on Preview every version does.
 * Compatibility and regions do not matter: support is about releases.
 */
export function supportedLines(entries: IndexedType | undefined, releaseTrain: string, supportedMinors: number): Set<string> {
  const preview = releaseTrain.toLowerCase() === 'preview';
  const lines = new Set<string>();
  for (const v of entries?.versions ?? []) {
    // highest first: the first lines met are the newest
    if (lines.size >= supportedMinors) break;
    if (!preview && (v.preview || v.semver.prerelease.length > 0)) continue;
    lines.add(lineOf(v.semver));
  }
  return lines;
}

/** True when the installed version's line is among the supported ones; an installed version that is not semver is not in support. */
export function isInSupport(installed: SemVer | null, lines: ReadonlySet<string>): boolean {
  return installed !== null && lines.has(lineOf(installed));
}

/**
 * A function that adds `inSupport` to each decision of a type with a window (the decision is returned, marked in place)
 * and leaves others untouched. Supported lines are computed once per (type, train) of a plan.
 */
export function supportMarker(windows: readonly SupportWindow[], index: ReadonlyMap<string, IndexedType>): (decision: Decision, ext: ExtensionSnapshot) => Decision {
  if (windows.length === 0) return (decision) => decision;
  const minors = new Map(windows.map((w) => [w.extensionType.toLowerCase(), w.supportedMinors]));
  const memo = new Map<string, Set<string>>();
  return (decision, ext) => {
    const type = ext.extensionType.toLowerCase();
    const n = minors.get(type);
    if (n === undefined) return decision;
    const key = `${type}|${ext.releaseTrain.toLowerCase() === 'preview' ? 'preview' : 'stable'}`;
    let lines = memo.get(key);
    if (!lines) memo.set(key, (lines = supportedLines(index.get(type), ext.releaseTrain, n)));
    decision.inSupport = isInSupport(parseVersion(ext.version), lines);
    return decision;
  };
}
