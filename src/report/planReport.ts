/**
 * The plan people sign off (`plan --output html|markdown`): the fleet report led by the moves (every upgrade: cluster,
 * ring, extension, from → to, path, kind, reason), with every cluster named in a cluster list. Pure.
 */
import type { Decision, FleetSnapshot, MoveKind, RolloutPolicy } from '../domain/model';
import { buildFleetReport, byName, nameOf, ringOrder, ringsOf, subscriptionOf, type FleetReport } from './fleetReport';
import { isHeldBackNone } from './decisionLabels';

/** One upgrade of the plan. */
export interface MoveRow {
  clusterId: string;
  cluster: string;
  ring: string;
  extensionName: string;
  extensionType: string;
  from: string;
  to: string;
  /** Every hop, ending at `to`. */
  path: string[];
  moveKind: MoveKind | null;
  code: string;
  reason: string;
}

/** One cluster of the snapshot and what the plan does to it. */
export interface ClusterRow {
  clusterId: string;
  cluster: string;
  subscription: string;
  ring: string;
  kubernetesVersion: string;
  /** Extensions that move. */
  moves: number;
  /** Extensions held back: error, blocked, wait, hold, or `none` other than up to date. */
  heldBack: number;
  upToDate: number;
  /** Extensions the app leaves alone (`skip`: system, managed, not managed, not in the catalog). */
  skipped: number;
}

/** The fleet report plus the moves and the cluster list. */
export interface PlanReport extends FleetReport {
  moves: MoveRow[];
  clusters: ClusterRow[];
}

/** Builds the plan report: moves in rollout order (ring, then cluster and extension by name). */
export function buildPlanReport(snapshot: FleetSnapshot, decisions: readonly Decision[], rollout: RolloutPolicy, generatedAt: string): PlanReport {
  const report = buildFleetReport(snapshot, decisions, rollout, generatedAt);
  const ringOf = ringsOf(snapshot, rollout);
  const ring = (clusterId: string): string => ringOf.get(clusterId.toLowerCase()) ?? rollout.defaultRing.name;
  const rings = ringOrder(rollout);
  const moves = decisions
    .filter((d) => d.action === 'upgrade' && d.to !== null)
    .map((d): MoveRow => ({
      clusterId: d.clusterId,
      cluster: nameOf(d.clusterId),
      ring: ring(d.clusterId),
      extensionName: d.extensionName,
      extensionType: d.extensionType.toLowerCase(),
      from: d.from,
      to: d.to!,
      path: d.path,
      moveKind: d.moveKind,
      code: d.code,
      reason: d.reason,
    }))
    .sort((a, b) => rings(a.ring, b.ring) || byName(a.cluster, b.cluster) || byName(a.clusterId, b.clusterId) || byName(a.extensionName, b.extensionName));
  const tally = new Map(snapshot.clusters.map((c) => [c.id.toLowerCase(), { moves: 0, heldBack: 0, upToDate: 0, skipped: 0 }]));
  for (const d of decisions) {
    const t = tally.get(d.clusterId.toLowerCase());
    if (!t) continue;
    if (d.action === 'upgrade') t.moves++;
    else if (d.action === 'skip') t.skipped++;
    else if (d.action === 'none' && !isHeldBackNone(d.action, d.code)) t.upToDate++;
    else t.heldBack++;
  }
  const clusters = snapshot.clusters
    .map((c): ClusterRow => ({
      clusterId: c.id,
      cluster: nameOf(c.id),
      subscription: subscriptionOf(c.id),
      ring: ring(c.id),
      kubernetesVersion: c.kubernetesVersion,
      ...tally.get(c.id.toLowerCase())!,
    }))
    .sort((a, b) => rings(a.ring, b.ring) || byName(a.cluster, b.cluster) || byName(a.clusterId, b.clusterId));
  return { ...report, moves, clusters };
}
