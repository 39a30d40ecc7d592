/**
 * The fleet at a glance, from a snapshot and its plan: a version matrix per extension type (clusters per installed
 * version and Kubernetes minor, with the plan's actions per cell), the clusters whose Kubernetes version is invalid,
 * and what is held back (the problem list). Pure; shared by the status page's JSON, `plan --output html` and
 * `plan --output markdown`. Names sort numerically (`aks-2` before `aks-10`); versions compare as versions.
 */
import { assignRings } from '../domain/rollout';
import { summarize, type PlanSummary } from '../domain/plan';
import { parseKubernetesVersion, parseVersion } from '../domain/versions';
import type { Decision, DecisionAction, FleetSnapshot, RolloutPolicy } from '../domain/model';
import { isHeldBackNone } from './decisionLabels';

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
}

/** A filter over the problem list; absent or empty fields match everything; values compare case-insensitively. */
export interface ProblemFilter {
  subscription?: string;
  ring?: string;
  extensionType?: string;
  action?: string;
}

/** `major.minor` of a Kubernetes version (`1.29.4`, `v1.29` → `1.29`); null when it is not X.Y[.Z]. */
export function kubernetesMinor(version: string): string | null {
  const v = parseKubernetesVersion(version);
  return v ? `${v.major}.${v.minor}` : null;
}

/** An installed version as the matrix shows it: semver normalised (`v3.2.0` → `3.2.0`), else the text trimmed. */
export function versionKey(version: string): string {
  return parseVersion(version)?.version ?? version.trim();
}

/** Compares names as people read them: numbers by value (`aks-2` before `aks-10`), then case-insensitively. */
export const byName: (a: string, b: string) => number = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** The last segment of an ARM id (the resource's name). */
export function nameOf(armId: string): string {
  return armId.split('/').filter(Boolean).pop() ?? armId;
}

/** The subscription id of an ARM id (third segment), or "" when it has none. */
export function subscriptionOf(armId: string): string {
  const parts = armId.split('/');
  return parts[1]?.toLowerCase() === 'subscriptions' ? (parts[2] ?? '') : '';
}

const SEVERITY = new Map(PROBLEM_ACTIONS.map((a, i) => [a, i]));
const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Highest version first; texts that are not semver after every version, in name order. */
function byVersionDesc(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return vb.compare(va) || byName(a, b);
  return va ? -1 : vb ? 1 : byName(a, b);
}

function byMinorAsc(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  if (Number.isFinite(am) && Number.isFinite(an) && Number.isFinite(bm) && Number.isFinite(bn)) return am! - bm! || an! - bn!;
  return text(a, b);
}

function matrixOf(snapshot: FleetSnapshot, decisions: readonly Decision[]): TypeMatrix[] {
  const minorOf = new Map(snapshot.clusters.map((c) => [c.id.toLowerCase(), kubernetesMinor(c.kubernetesVersion)]));
  const types = new Map<string, Map<string, MatrixCell>>();
  for (const d of decisions) {
    const minor = minorOf.get(d.clusterId.toLowerCase());
    if (!minor) continue; // an invalid Kubernetes version (or no such cluster) is listed apart, never a column
    const type = d.extensionType.toLowerCase();
    const cells = types.get(type) ?? new Map<string, MatrixCell>();
    types.set(type, cells);
    const version = versionKey(d.from);
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

/** Orders ring names as the rollout runs them (the policy's rings, then the default ring; others by name). */
export function ringOrder(rollout: RolloutPolicy): (a: string, b: string) => number {
  const order = [...rollout.rings.map((r) => r.name), rollout.defaultRing.name];
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  return (a, b) => rank(a) - rank(b) || byName(a, b);
}

/** Builds the report of a plan: rings come from the policy's ring tag exactly as a rollout assigns them. */
export function buildFleetReport(snapshot: FleetSnapshot, decisions: readonly Decision[], rollout: RolloutPolicy, generatedAt: string): FleetReport {
  const ringOf = ringsOf(snapshot, rollout);
  const ring = (clusterId: string): string => ringOf.get(clusterId.toLowerCase()) ?? rollout.defaultRing.name;
  const noneCodes: Record<string, number> = {};
  for (const d of decisions) if (d.action === 'none') noneCodes[d.code] = (noneCodes[d.code] ?? 0) + 1;
  const problems: ProblemRow[] = decisions
    .filter((d) => SEVERITY.has(d.action) && (d.action !== 'none' || isHeldBackNone(d.action, d.code)))
    .map((d) => ({
      clusterId: d.clusterId,
      cluster: nameOf(d.clusterId),
      subscription: subscriptionOf(d.clusterId),
      ring: ring(d.clusterId),
      extensionName: d.extensionName,
      extensionType: d.extensionType.toLowerCase(),
      action: d.action,
      code: d.code,
      from: d.from,
      to: d.to,
      reason: d.reason,
    }))
    .sort((a, b) => SEVERITY.get(a.action)! - SEVERITY.get(b.action)! || byName(a.cluster, b.cluster) || text(a.clusterId, b.clusterId) || byName(a.extensionName, b.extensionName));
  const invalidKubernetes = snapshot.clusters
    .filter((c) => kubernetesMinor(c.kubernetesVersion) === null)
    .map((c) => ({ clusterId: c.id, cluster: nameOf(c.id), ring: ring(c.id), kubernetesVersion: c.kubernetesVersion }))
    .sort((a, b) => byName(a.cluster, b.cluster) || text(a.clusterId, b.clusterId));
  return {
    generatedAt,
    summary: summarize(snapshot, decisions),
    noneCodes,
    matrix: matrixOf(snapshot, decisions),
    invalidKubernetes,
    problems,
    filters: {
      subscriptions: [...new Set(snapshot.clusters.map((c) => subscriptionOf(c.id)))].sort(byName),
      rings: [...new Set(ringOf.values())].sort(ringOrder(rollout)),
      extensionTypes: [...new Set(decisions.map((d) => d.extensionType.toLowerCase()))].sort(byName),
    },
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
