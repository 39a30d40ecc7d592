/**
 * When a cluster counts as reconciled at its running Kubernetes version (which closes its upgrade window), and what
 * the app remembers about a cluster after planning. Pure.
 */
import type { ClusterSnapshot, Decision } from './model';
import type { ClusterState } from './ports';

/**
 * True when some decision still needs the upgrade window: a move held by policy, an extension busy, blocked or in
 * error. Closing the window then would lose the move the window allows (e.g. a minor held until certification).
 */
export function windowStillNeeded(decisions: readonly Decision[]): boolean {
  return decisions.some((d) => d.code === 'held-by-policy' || d.code === 'held-after-failure' || d.action === 'wait' || d.action === 'blocked' || d.action === 'error');
}

/**
 * The state to remember for a cluster the fleet plan will not roll out (no move): last seen version always; the
 * reconciled version becomes the running one at first sight, or when nothing still needs the window.
 * Clusters with moves are left to their rollout, which records the reconciled version once every move is applied.
 */
export function stateAfterPlan(cluster: ClusterSnapshot, decisions: readonly Decision[], previous: ClusterState | undefined, at: string): ClusterState {
  const firstSight = previous?.reconciledKubernetesVersion === undefined;
  const reconciled = firstSight || !windowStillNeeded(decisions) ? cluster.kubernetesVersion : previous.reconciledKubernetesVersion;
  return { ...(previous ?? {}), clusterId: cluster.id, lastSeenKubernetesVersion: cluster.kubernetesVersion, reconciledKubernetesVersion: reconciled, updatedAt: at };
}

/** How long a recorded in-flight rollout keeps others off a cluster; older marks are stale (a rollout that died). */
export const IN_FLIGHT_TTL_MS = 6 * 60 * 60 * 1000;

/**
 * The in-flight rollout other than `self` that is working on the cluster now, if any: one rollout per cluster at a
 * time, so a timer pass and an event never apply the same hop side by side.
 */
export function otherRolloutInFlight(state: ClusterState | undefined, now: Date, self?: string): string | undefined {
  if (!state?.inFlightRolloutId || !state.inFlightSince || state.inFlightRolloutId === self) return undefined;
  const since = Date.parse(state.inFlightSince);
  return Number.isNaN(since) || now.getTime() - since > IN_FLIGHT_TTL_MS ? undefined : state.inFlightRolloutId;
}
