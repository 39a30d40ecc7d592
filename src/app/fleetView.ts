/**
 * The status page's fleet view: discover + remembered state + catalog + plan, aggregated into a FleetReport on the
 * server, cached a short while per instance (a 30,000-cluster fleet takes as long as its discovery), and paged out.
 */
import { planFleet } from '../domain/plan';
import type { Catalog, ClusterSnapshot, Decision, FleetSnapshot } from '../domain/model';
import { observedAgeCatalog } from './observedAge';
import type { ClusterState } from '../domain/ports';
import { buildFleetReport, filterProblems, type FleetReport, type ProblemFilter, type ProblemRow } from '../report/fleetReport';
import type { Services } from '../host/services';

/** How long one fleet report is served before the fleet is planned again. */
export const FLEET_VIEW_TTL_MS = 60_000;

/** Copies the remembered reconciled version onto each cluster (ARM ids compared case-insensitively). */
export function withReconciledVersions(snapshot: FleetSnapshot, states: Map<string, ClusterState>): FleetSnapshot {
  const byLower = new Map([...states].map(([id, s]) => [id.toLowerCase(), s]));
  return {
    clusters: snapshot.clusters.map((c): ClusterSnapshot => {
      const reconciled = byLower.get(c.id.toLowerCase())?.reconciledKubernetesVersion;
      return reconciled === undefined ? c : { ...c, reconciledKubernetesVersion: reconciled };
    }),
  };
}

/** Plans the given clusters now, read-only: state merged, catalog read, pure policy. */
export async function planClusters(svc: Services, clusters: ClusterSnapshot[], now: Date): Promise<{ snapshot: FleetSnapshot; catalog: Catalog; decisions: Decision[] }> {
  const snapshot = withReconciledVersions({ clusters }, await svc.state.get(clusters.map((c) => c.id)));
  // issue 24: live versions dated by their first sightings, read only (the fleet rollout records them)
  const catalog = await observedAgeCatalog(await svc.catalog.catalogFor(snapshot), svc.sightings, now, { readOnly: true });
  return { snapshot, catalog, decisions: planFleet(snapshot, catalog, svc.policy, now) };
}

/** Issue 24: drift rows shown on the status page (the most recent). */
export const DRIFT_ROWS = 100;

/** Discovers the whole scope and builds its report. */
export async function fleetReportNow(svc: Services, now: Date): Promise<FleetReport> {
  const discovered = await svc.inventory.discover(svc.scope);
  const { snapshot, catalog, decisions } = await planClusters(svc, discovered.clusters, now);
  const drifts = await svc.audit.query({ kinds: ['drift'], limit: DRIFT_ROWS });
  return buildFleetReport(snapshot, decisions, svc.policy.rollout, now.toISOString(), { catalog, drifts });
}

/** One report at a time, reused for `ttlMs`; concurrent callers share one load; a failed load is not kept. */
export class FleetReportCache {
  private entry: { at: number; report: Promise<FleetReport> } | undefined;

  constructor(private readonly ttlMs = FLEET_VIEW_TTL_MS) {}

  /** The cached report when fresh at `nowMs`, else the result of `load`. */
  get(nowMs: number, load: () => Promise<FleetReport>): Promise<FleetReport> {
    if (this.entry && nowMs - this.entry.at < this.ttlMs) return this.entry.report;
    const report = load();
    const entry = { at: nowMs, report };
    this.entry = entry;
    report.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return report;
  }
}

/** One page of the filtered problem list. */
export interface ProblemPage {
  total: number;
  offset: number;
  limit: number;
  items: ProblemRow[];
}

/** The page of problems matching `filter` that starts at `offset`. */
export function problemPage(report: FleetReport, filter: ProblemFilter, offset: number, limit: number): ProblemPage {
  const matching = filterProblems(report.problems, filter);
  return { total: matching.length, offset, limit, items: matching.slice(offset, offset + limit) };
}
