/**
 * The fleet at a glance, from a snapshot and its plan: a version matrix per extension type (clusters per installed
 * version and Kubernetes minor, with the plan's actions per cell), the clusters whose Kubernetes version is invalid,
 * and what is held back (the problem list). Pure; shared by the status page's JSON, `plan --output html` and
 * `plan --output markdown`. Names sort numerically (`aks-2` before `aks-10`); versions compare as versions.
 */
import { kubernetesLine } from '../domain/versions';
import { assignRings } from '../domain/rollout';
import { summarize, type PlanSummary } from '../domain/plan';
import type { Catalog, Decision, DecisionAction, FleetSnapshot, RolloutPolicy } from '../domain/model';
import type { AuditRecord } from '../domain/ports';
import { liveSignalsReport, type LiveSignalsReport } from './liveSignalsReport';
import { isHeldBackNone } from './decisionLabels';
import { byMinorAsc, byName, byVersionDesc, nameRanks, ringOrder, versionKeys } from './reportOrder';

export { byName, ringOrder } from './reportOrder';

/**
 * The actions of what is held back, most severe first: `none` counts only with a code other than `up-to-date`
 * (waits for a Kubernetes minor, major not allowed, excluded by a constraint…).
 */
export const PROBLEM_ACTIONS: readonly DecisionAction[] = ['error', 'blocked', 'wait', 'hold', 'none'];

/** One decision the problem list shows, with what it is filtered by. */
export interface ProblemRow {
  clusterId: string;
  /** The cluster's resource name (last segment of its id). */
  cluster: string;
  subscription: string;
  ring: string;
  extensionName: string;
  extensionType: string;
  action: DecisionAction;
  code: string;
  from: string;
  to: string | null;
  reason: string;
}

/** One cell of the matrix: extensions of a type at one installed version on clusters at one Kubernetes minor. */
export interface MatrixCell {
  version: string;
  kubernetesMinor: string;
  count: number;
  actions: Partial<Record<DecisionAction, number>>;
  /** The `none` decisions of the cell by code (`up-to-date`, `minor-waits-for-kubernetes-upgrade`…), when it has any. */
  noneCodes?: Record<string, number>;
}

/** The matrix of one extension type: versions (highest first) × Kubernetes minors (lowest first), valid ones only. */
export interface TypeMatrix {
  extensionType: string;
  versions: string[];
  kubernetesMinors: string[];
  cells: MatrixCell[];
}

/** What the problem list can be filtered by: every value present in the plan. */
export interface ReportFilters {
  subscriptions: string[];
  rings: string[];
  extensionTypes: string[];
}

/** A cluster whose Kubernetes version is not `X.Y[.Z]`: kept out of the matrix, listed apart. */
export interface InvalidVersionCluster {
  clusterId: string;
  cluster: string;
  ring: string;
  kubernetesVersion: string;
}

/** The whole report. */
export interface FleetReport {
  generatedAt: string;
  summary: PlanSummary;
  /** The `none` decisions by code (`up-to-date` apart from what the policy holds back). */
  noneCodes: Record<string, number>;
  matrix: TypeMatrix[];
  invalidKubernetes: InvalidVersionCluster[];
  problems: ProblemRow[];
  filters: ReportFilters;
  /** Issue 24: support windows (out of support first), versions per region, recent drifts. */
  liveSignals?: LiveSignalsReport;
}

/** Issue 24: what the live signals section is built from besides the decisions. */
export interface ReportExtras {
  catalog?: Catalog;
  /** Recent audit rows of kind `drift`. */
  drifts?: readonly AuditRecord[];
}

/** A filter over the problem list; absent or empty fields match everything; values compare case-insensitively. */
export interface ProblemFilter {
  subscription?: string;
  ring?: string;
  extensionType?: string;
  action?: string;
}

/** `major.minor` of a Kubernetes version (`1.29.4`, `v1.29`, `v1.29.4+k3s1` → `1.29`); null when it is not one (domain/versions' grammar). */
export function kubernetesMinor(version: string): string | null {
  return kubernetesLine(version);
}

/** The last segment of an ARM id (the resource's name). */
export function nameOf(armId: string): string {
  const trimmed = armId.endsWith('/') ? armId.replace(/\/+$/, '') : armId;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || armId;
}

/** The subscription id of an ARM id (third segment), or "" when it has none. */
export function subscriptionOf(armId: string): string {
  const parts = armId.split('/');
  return parts[1]?.toLowerCase() === 'subscriptions' ? (parts[2] ?? '') : '';
}

const SEVERITY = new Map(PROBLEM_ACTIONS.map((a, i) => [a, i]));
const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What the report needs of a cluster, worked out once per distinct id text (decisions repeat it per extension). */
interface ClusterFacts {
  name: string;
  subscription: string;
  ring: string;
  /** `major.minor` of its Kubernetes version; null when invalid or not in the snapshot. */
  minor: string | null;
}

function clusterFacts(snapshot: FleetSnapshot, rollout: RolloutPolicy): (clusterId: string) => ClusterFacts {
  const ringOf = ringsOf(snapshot, rollout);
  const minorOf = new Map(snapshot.clusters.map((c) => [c.id.toLowerCase(), kubernetesMinor(c.kubernetesVersion)]));
  const known = new Map<string, ClusterFacts>();
  let last: { id: string; facts: ClusterFacts } | undefined; // decisions come cluster by cluster
  return (clusterId) => {
    if (last?.id === clusterId) return last.facts;
    let facts = known.get(clusterId);
    if (facts === undefined) {
      const lower = clusterId.toLowerCase();
      facts = { name: nameOf(clusterId), subscription: subscriptionOf(clusterId), ring: ringOf.get(lower) ?? rollout.defaultRing.name, minor: minorOf.get(lower) ?? null };
      known.set(clusterId, facts);
    }
    last = { id: clusterId, facts };
    return facts;
  };
}

function matrixOf(decisions: readonly Decision[], factsOf: (clusterId: string) => ClusterFacts): TypeMatrix[] {
  const types = new Map<string, Map<string, MatrixCell>>();
  const keyOf = versionKeys();
  for (const d of decisions) {
    const minor = factsOf(d.clusterId).minor;
    if (!minor) continue; // an invalid Kubernetes version (or no such cluster) is listed apart, never a column
    const type = d.extensionType.toLowerCase();
    const cells = types.get(type) ?? new Map<string, MatrixCell>();
    types.set(type, cells);
    const version = keyOf(d.from);
    const key = `${version}\u0000${minor}`;
    const cell = cells.get(key) ?? { version, kubernetesMinor: minor, count: 0, actions: {} };
    cells.set(key, cell);
    cell.count++;
    cell.actions[d.action] = (cell.actions[d.action] ?? 0) + 1;
    if (d.action === 'none') (cell.noneCodes ??= {})[d.code] = (cell.noneCodes[d.code] ?? 0) + 1;
  }
  return [...types.entries()]
    .sort(([a], [b]) => byName(a, b))
    .map(([extensionType, cells]) => ({
      extensionType,
      versions: [...new Set([...cells.values()].map((c) => c.version))].sort(byVersionDesc),
      kubernetesMinors: [...new Set([...cells.values()].map((c) => c.kubernetesMinor))].sort(byMinorAsc),
      cells: [...cells.values()].sort((a, b) => byVersionDesc(a.version, b.version) || byMinorAsc(a.kubernetesMinor, b.kubernetesMinor)),
    }));
}

/** The ring of each cluster (lower-case id → ring name), exactly as a rollout assigns them from the ring tag. */
export function ringsOf(snapshot: FleetSnapshot, rollout: RolloutPolicy): Map<string, string> {
  const ringOf = new Map<string, string>();
  for (const r of assignRings(snapshot.clusters.map((c) => ({ clusterId: c.id, tags: c.tags })), rollout)) {
    for (const id of r.clusterIds) ringOf.set(id.toLowerCase(), r.ring.name);
  }
  return ringOf;
}

/** Builds the report of a plan: rings come from the policy's ring tag exactly as a rollout assigns them. */
export function buildFleetReport(snapshot: FleetSnapshot, decisions: readonly Decision[], rollout: RolloutPolicy, generatedAt: string, extras: ReportExtras = {}): FleetReport {
  const factsOf = clusterFacts(snapshot, rollout);
  const noneCodes: Record<string, number> = {};
  for (const d of decisions) if (d.action === 'none') noneCodes[d.code] = (noneCodes[d.code] ?? 0) + 1;
  const problems: ProblemRow[] = decisions
    .filter((d) => SEVERITY.has(d.action) && (d.action !== 'none' || isHeldBackNone(d.action, d.code)))
    .map((d) => {
      const facts = factsOf(d.clusterId);
      return {
      clusterId: d.clusterId,
      cluster: facts.name,
      subscription: facts.subscription,
      ring: facts.ring,
      extensionName: d.extensionName,
      extensionType: d.extensionType.toLowerCase(),
      action: d.action,
      code: d.code,
      from: d.from,
      to: d.to,
      reason: d.reason,
      };
    });
  // most severe first, then cluster by name (numbers by value), then extension: one integer key per row
  // (clusters of the same name keep the plan's order)
  const clusterRank = nameRanks(problems.map((p) => p.cluster));
  const extensionRank = nameRanks(problems.map((p) => p.extensionName));
  const keys = new Float64Array(problems.length);
  const order = new Uint32Array(problems.length);
  for (let i = 0; i < problems.length; i++) {
    const p = problems[i]!;
    keys[i] = (SEVERITY.get(p.action)! * clusterRank.size + clusterRank.get(p.cluster)!) * extensionRank.size + extensionRank.get(p.extensionName)!;
    order[i] = i;
  }
  order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  const sorted: ProblemRow[] = new Array<ProblemRow>(problems.length);
  for (let i = 0; i < order.length; i++) sorted[i] = problems[order[i]!]!;
  const invalidKubernetes = snapshot.clusters
    .filter((c) => kubernetesMinor(c.kubernetesVersion) === null)
    .map((c) => ({ clusterId: c.id, cluster: factsOf(c.id).name, ring: factsOf(c.id).ring, kubernetesVersion: c.kubernetesVersion }))
    .sort((a, b) => byName(a.cluster, b.cluster) || text(a.clusterId, b.clusterId));
  return {
    generatedAt,
    summary: summarize(snapshot, decisions),
    noneCodes,
    matrix: matrixOf(decisions, factsOf),
    invalidKubernetes,
    problems: sorted,
    filters: {
      subscriptions: [...new Set(snapshot.clusters.map((c) => subscriptionOf(c.id)))].sort(byName),
      rings: [...new Set(snapshot.clusters.map((c) => factsOf(c.id).ring))].sort(ringOrder(rollout)),
      extensionTypes: [...new Set(decisions.map((d) => d.extensionType.toLowerCase()))].sort(byName),
    },
    liveSignals: liveSignalsReport(decisions, extras.catalog, extras.drifts),
  };
}

/** The problems that match every field of the filter. */
export function filterProblems(problems: readonly ProblemRow[], filter: ProblemFilter): ProblemRow[] {
  const want = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim().toLowerCase());
  const sub = want(filter.subscription);
  const ring = want(filter.ring);
  const type = want(filter.extensionType);
  const action = want(filter.action);
  return problems.filter(
    (p) => (sub === undefined || p.subscription.toLowerCase() === sub) && (ring === undefined || p.ring.toLowerCase() === ring) && (type === undefined || p.extensionType === type) && (action === undefined || p.action === action),
  );
}
