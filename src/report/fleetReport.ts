/**
 * The fleet at a glance, from a snapshot and its plan: a version matrix per extension type (clusters per installed
 * version and Kubernetes minor, with the plan's actions per cell) and the problem list. Pure; shared by the status
 * page's JSON, `plan --output html` and `plan --output markdown`.
 */
import semver from 'semver';
import { parseKubernetesVersion } from '../domain/versions';
import { assignRings } from '../domain/rollout';
import { summarize, type PlanSummary } from '../domain/plan';
import type { Decision, DecisionAction, FleetSnapshot, RolloutPolicy } from '../domain/model';

/** The actions the problem list shows, most severe first. */
export const PROBLEM_ACTIONS: readonly DecisionAction[] = ['error', 'blocked', 'wait', 'hold'];

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
}

/** The matrix of one extension type: versions (highest first) × Kubernetes minors (lowest first). */
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

/** The whole report. */
export interface FleetReport {
  generatedAt: string;
  summary: PlanSummary;
  matrix: TypeMatrix[];
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

/** `major.minor` of a Kubernetes version (`1.29.4`, `v1.29.4+k3s1` → `1.29`); the text itself when it is not a Kubernetes version. */
export function kubernetesMinor(version: string): string {
  const v = parseKubernetesVersion(version);
  return v ? `${v.major}.${v.minor}` : version;
}

/** The subscription id of an ARM id (third segment), or "" when it has none. */
export function subscriptionOf(armId: string): string {
  const parts = armId.split('/');
  return parts[1]?.toLowerCase() === 'subscriptions' ? (parts[2] ?? '') : '';
}

const SEVERITY = new Map(PROBLEM_ACTIONS.map((a, i) => [a, i]));
const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byVersionDesc(a: string, b: string): number {
  const va = semver.coerce(a, { loose: true });
  const vb = semver.coerce(b, { loose: true });
  if (va && vb) return semver.rcompare(va, vb) || text(a, b);
  return va ? -1 : vb ? 1 : text(a, b);
}

function byMinorAsc(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  if (Number.isFinite(am) && Number.isFinite(an) && Number.isFinite(bm) && Number.isFinite(bn)) return am! - bm! || an! - bn!;
  return text(a, b);
}

function matrixOf(snapshot: FleetSnapshot, decisions: readonly Decision[]): TypeMatrix[] {
  const minorOf = new Map(snapshot.clusters.map((c) => [c.id, kubernetesMinor(c.kubernetesVersion)]));
  const types = new Map<string, Map<string, MatrixCell>>();
  for (const d of decisions) {
    const type = d.extensionType.toLowerCase();
    const minor = minorOf.get(d.clusterId) ?? '?';
    const cells = types.get(type) ?? new Map<string, MatrixCell>();
    types.set(type, cells);
    const key = `${d.from}\u0000${minor}`;
    const cell = cells.get(key) ?? { version: d.from, kubernetesMinor: minor, count: 0, actions: {} };
    cells.set(key, cell);
    cell.count++;
    cell.actions[d.action] = (cell.actions[d.action] ?? 0) + 1;
  }
  return [...types.entries()]
    .sort(([a], [b]) => text(a, b))
    .map(([extensionType, cells]) => ({
      extensionType,
      versions: [...new Set([...cells.values()].map((c) => c.version))].sort(byVersionDesc),
      kubernetesMinors: [...new Set([...cells.values()].map((c) => c.kubernetesMinor))].sort(byMinorAsc),
      cells: [...cells.values()].sort((a, b) => byVersionDesc(a.version, b.version) || byMinorAsc(a.kubernetesMinor, b.kubernetesMinor)),
    }));
}

/** Builds the report of a plan: rings come from the policy's ring tag exactly as a rollout assigns them. */
export function buildFleetReport(snapshot: FleetSnapshot, decisions: readonly Decision[], rollout: RolloutPolicy, generatedAt: string): FleetReport {
  const ringOf = new Map<string, string>();
  for (const r of assignRings(snapshot.clusters.map((c) => ({ clusterId: c.id, tags: c.tags })), rollout)) {
    for (const id of r.clusterIds) ringOf.set(id.toLowerCase(), r.ring.name);
  }
  const problems: ProblemRow[] = decisions
    .filter((d) => SEVERITY.has(d.action))
    .map((d) => ({
      clusterId: d.clusterId,
      cluster: d.clusterId.split('/').pop() ?? d.clusterId,
      subscription: subscriptionOf(d.clusterId),
      ring: ringOf.get(d.clusterId.toLowerCase()) ?? rollout.defaultRing.name,
      extensionName: d.extensionName,
      extensionType: d.extensionType.toLowerCase(),
      action: d.action,
      code: d.code,
      from: d.from,
      to: d.to,
      reason: d.reason,
    }))
    .sort((a, b) => SEVERITY.get(a.action)! - SEVERITY.get(b.action)! || text(a.clusterId, b.clusterId) || text(a.extensionName, b.extensionName));
  const ringOrder = [...rollout.rings.map((r) => r.name), rollout.defaultRing.name];
  const rings = [...new Set(ringOf.values())].sort((a, b) => ringOrder.indexOf(a) - ringOrder.indexOf(b) || text(a, b));
  return {
    generatedAt,
    summary: summarize(snapshot, decisions),
    matrix: matrixOf(snapshot, decisions),
    problems,
    filters: {
      subscriptions: [...new Set(snapshot.clusters.map((c) => subscriptionOf(c.id)))].sort(text),
      rings,
      extensionTypes: [...new Set(decisions.map((d) => d.extensionType.toLowerCase()))].sort(text),
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
