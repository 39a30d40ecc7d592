/**
 * The live signals of a plan (issue 24) for the status page and the reports: extensions of types with a support
 * window (out of support first), each version with the regions that offer it, and the recent drifts. Pure.
 */
import type { Catalog, Decision } from '../domain/model';
import type { AuditRecord } from '../domain/ports';
import { regionsByVersion, type VersionRegions } from '../domain/regionalAvailability';

/** Most support rows a report carries (out-of-support rows come first, so they are the ones kept). */
export const MAX_SUPPORT_ROWS = 500;

/** One extension of a type with a support window. */
export interface SupportRow {
  clusterId: string;
  cluster: string;
  extensionName: string;
  extensionType: string;
  version: string;
  inSupport: boolean;
}

/** One drift, from its audit row. */
export interface DriftRow {
  at: string;
  clusterId: string;
  cluster: string;
  extensionName: string;
  extensionType: string;
  from: string | null;
  to: string | null;
  reason: string;
}

/** The live signals section of a report. */
export interface LiveSignalsReport {
  support: { inSupport: number; outOfSupport: number; rows: SupportRow[] };
  regions: { extensionType: string; versions: VersionRegions[] }[];
  drifts: DriftRow[];
}

const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const shortId = (id: string): string => id.split('/').pop() ?? id;

/** Builds the section: support rows out of support first (then by cluster and name), regions per type, drifts newest first. */
export function liveSignalsReport(decisions: readonly Decision[], catalog?: Catalog, driftRows: readonly AuditRecord[] = []): LiveSignalsReport {
  const rows: SupportRow[] = decisions
    .filter((d): d is Decision & { inSupport: boolean } => d.inSupport !== undefined)
    .map((d) => ({ clusterId: d.clusterId, cluster: shortId(d.clusterId), extensionName: d.extensionName, extensionType: d.extensionType.toLowerCase(), version: d.from, inSupport: d.inSupport }))
    .sort((a, b) => Number(a.inSupport) - Number(b.inSupport) || text(a.clusterId, b.clusterId) || text(a.extensionName, b.extensionName));
  const outOfSupport = rows.filter((r) => !r.inSupport).length;
  const regions = catalog ? [...regionsByVersion(catalog)].sort(([a], [b]) => text(a, b)).map(([extensionType, versions]) => ({ extensionType, versions })) : [];
  const drifts = driftRows
    .filter((r) => r.kind === 'drift')
    .map((r) => ({ at: r.at, clusterId: r.clusterId, cluster: shortId(r.clusterId), extensionName: r.extensionName, extensionType: r.extensionType, from: r.from, to: r.to, reason: r.reason }))
    .sort((a, b) => text(b.at, a.at));
  return { support: { inSupport: rows.length - outOfSupport, outOfSupport, rows: rows.slice(0, MAX_SUPPORT_ROWS) }, regions, drifts };
}

/** Markdown of the section (support first, then regions, then drifts); empty parts are left out. */
export function liveSignalsMarkdown(s: LiveSignalsReport, cell: (t: string) => string, limit: number): string[] {
  const out: string[] = [];
  if (s.support.rows.length > 0) {
    out.push(`### Support windows — ${s.support.outOfSupport} out of support, ${s.support.inSupport} in support`, '', '| Cluster | Extension | Version | Support |', '| --- | --- | --- | --- |');
    for (const r of s.support.rows.slice(0, limit)) out.push(`| ${cell(r.cluster)} | ${cell(r.extensionName)} (${cell(r.extensionType)}) | ${cell(r.version)} | ${r.inSupport ? '✓ in support' : '⚠ out of support'} |`);
    out.push('');
  }
  if (s.regions.length > 0) {
    out.push('### Versions per region', '', '| Extension type | Version | Offered in |', '| --- | --- | --- |');
    for (const t of s.regions) for (const v of t.versions) out.push(`| ${cell(t.extensionType)} | ${cell(v.version)} | ${cell(v.regions.join(', '))} |`);
    out.push('');
  }
  if (s.drifts.length > 0) {
    out.push(`### Drift (${s.drifts.length})`, '', '| At | Cluster | Extension | Move | Reason |', '| --- | --- | --- | --- | --- |');
    for (const d of s.drifts.slice(0, limit)) out.push(`| ${cell(d.at)} | ${cell(d.cluster)} | ${cell(d.extensionName)} | ${cell(d.from ?? '')} → ${cell(d.to ?? '')} | ${cell(d.reason)} |`);
    out.push('');
  }
  return out;
}
