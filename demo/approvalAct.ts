/**
 * The served demo's second act (also the browser tests' arrangement): a few clusters of the first and last ring get
 * the next Kubernetes minor, the last ring now asks for an approval, and the discovery timer starts a fleet rollout.
 * The rollout rolls the first ring, bakes, then waits for someone to press Approve on the status page.
 */
import { runDiscoverFleet } from '../src/functions/discoverFleet';
import type { E2eWorld } from '../simulator/world/e2eWorld';

/** What the act changed. */
export interface ApprovalAct {
  rolloutId: string;
  /** The ring that waits for an approval. */
  approvalRing: string;
  /** The clusters upgraded, by ring. */
  upgraded: { clusterId: string; ring: string; from: string; to: string }[];
}

/** Clusters of `ring` with an extension the app moves by itself, on a Kubernetes minor with a next one (1.28-1.30). */
function candidates(world: E2eWorld, ring: string): E2eWorld['sim']['fleet']['clusters'] {
  return world.sim.fleet.clusters.filter(
    (c) => c.tags.ring === ring && /^1\.(28|29|30)\./.test(c.kubernetesVersion) && c.extensions.some((e) => !e.autoUpgradeMinorVersion && !e.isSystemExtension),
  );
}

/**
 * Upgrades up to `perRing` clusters in `firstRing` and `approvalRing` to their next Kubernetes minor, makes
 * `approvalRing` require an approval (and `firstRing` bake `bakeMinutes`), and starts the fleet rollout (not driven).
 */
export async function stageApprovalRollout(world: E2eWorld, options: { firstRing?: string; approvalRing?: string; perRing?: number; bakeMinutes?: number } = {}): Promise<ApprovalAct> {
  const firstRing = options.firstRing ?? 'canary';
  const approvalRing = options.approvalRing ?? 'prod';
  const upgraded: ApprovalAct['upgraded'] = [];
  for (const ring of [firstRing, approvalRing]) {
    for (const cluster of candidates(world, ring).slice(0, options.perRing ?? 2)) {
      const [major, minor] = cluster.kubernetesVersion.split('.').map(Number);
      const to = `${major}.${minor! + 1}.2`;
      upgraded.push({ clusterId: cluster.id, ring, from: cluster.kubernetesVersion, to });
      world.sim.upgradeKubernetes(cluster.id, to);
    }
  }
  // The demo's services are the app's own object (installed with setServices): the next plan reads this policy.
  const rollout = world.services.policy.rollout;
  world.services.policy = {
    ...world.services.policy,
    rollout: {
      ...rollout,
      rings: rollout.rings.map((r) =>
        r.name === approvalRing ? { ...r, requireApproval: true } : r.name === firstRing && options.bakeMinutes !== undefined ? { ...r, bakeMinutes: options.bakeMinutes } : r,
      ),
    },
  };
  const started = await runDiscoverFleet(world.deps);
  return { rolloutId: started.rolloutId, approvalRing, upgraded };
}
