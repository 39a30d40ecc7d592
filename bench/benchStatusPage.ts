/** P9: the status page's fleet view at 30,000 clusters: building the report (matrix + problems) vs planning the fleet. */
import { problemPage } from '../src/app/fleetView';
import { planFleet } from '../src/domain/plan';
import { defaultPolicy } from '../src/domain/policySchema';
import { buildFleetReport } from '../src/report/fleetReport';
import { generateFleet, toCatalog, toFleetSnapshot } from '../simulator/fleetGenerator';
import type { Catalog, FleetSnapshot } from '../src/domain/model';
import type { BenchLine } from './benchReport';

/** Largest JSON the page receives for one view of the fleet (matrix + first page of problems). */
const MAX_PAGE_BYTES = 512 * 1024;

/**
 * Plans `snapshot` with the default policy, then builds the status page's fleet report from the plan, timing each, and
 * measures one view's JSON (the report with the first `pageSize` problems). Shared by P9 and P10.
 */
export function measureFleetView(snapshot: FleetSnapshot, catalog: Catalog, now: Date, pageSize: number) {
  const policy = defaultPolicy();
  let t = process.hrtime.bigint();
  const decisions = planFleet(snapshot, catalog, policy, now);
  const planMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  const report = buildFleetReport(snapshot, decisions, policy.rollout, now.toISOString());
  const reportMs = Number(process.hrtime.bigint() - t) / 1e6;
  const { problems: _all, ...rest } = report;
  const viewBytes = Buffer.byteLength(JSON.stringify({ ...rest, problems: problemPage(report, {}, 0, pageSize) }));
  return { decisions, report, planMs, reportMs, viewBytes };
}

/** Runs P9. */
export function benchStatusPage(): BenchLine {
  const fleet = generateFleet({ clusters: 30_000, subscriptions: 20, seed: 6, extensionsPerCluster: [4, 6] });
  const snapshot = toFleetSnapshot(fleet);
  const { decisions, report, planMs, reportMs, viewBytes: pageBytes } = measureFleetView(snapshot, toCatalog(fleet), new Date('2026-01-01T00:00:00Z'), 50);
  return {
    id: 'P9',
    title: `status page fleet view of ${snapshot.clusters.length} clusters: building the report vs planning`,
    ratio: reportMs / planMs,
    comparison: '<=',
    target: 1,
    unit: '×',
    details: { clusters: snapshot.clusters.length, decisions: decisions.length, problems: report.problems.length, planMs, reportMs, pageKB: pageBytes / 1024 },
    condition: { text: `one view's JSON (matrix + 50 problems) under ${MAX_PAGE_BYTES / 1024} KB`, holds: pageBytes < MAX_PAGE_BYTES },
  };
}
