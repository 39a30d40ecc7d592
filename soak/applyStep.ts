/**
 * Carries out one soak step against the world: perturbations go to the simulator, the policy, the holds store or the
 * clock; app runs go through the real entry points (the discovery timer, the Event Grid handler, the HTTP approve and
 * holds routes) and are driven under the replay engine. A crash loses one orchestrator episode's checkpoint and resumes
 * a new host from the recorded history.
 */
import { HttpRequest } from '@azure/functions';
import type { Policy } from '../src/domain/model';
import { runDiscoverFleet } from '../src/functions/discoverFleet';
import { clearHoldRoute } from '../src/functions/httpHolds';
import { approveRoute } from '../src/functions/httpRollouts';
import { handleClusterEvent } from '../src/functions/onClusterEvent';
import { DurableHarness } from '../simulator/world/durableHarness';
import type { SimCluster } from '../simulator/types';
import type { SoakStep } from './soakSteps';
import type { SoakWorld } from './soakWorld';

/** Virtual time between two steps. */
export const STEP_GAP_MS = 60_000;

const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
const semverParts = (v: string): number[] => (/(\d+)\.(\d+)\.(\d+)/.exec(v) ?? ['', '0', '0', '0']).slice(1).map(Number);

/** The next Kubernetes version of a cluster; a k3s cluster reports it with its distribution suffix (`v1.29.0+k3s1`). */
function nextKubernetes(cluster: SimCluster, minor: boolean): string {
  const [x, y, z] = semverParts(cluster.kubernetesVersion.replace(/^v/, ''));
  const next = minor ? `${x}.${y! + 1}.0` : `${x}.${y}.${z! + 1}`;
  return cluster.distribution?.toLowerCase() === 'k3s' ? `v${next}+k3s1` : next;
}

/** Replaces the policy in force (as a settings change picked up by the next activity). */
function setPolicy(soak: SoakWorld, change: (p: Policy) => Policy): void {
  soak.world.services.policy = change(soak.world.services.policy);
}

/** An Event Grid event announcing a change of the cluster (AKS node pool upgrade, or an ARM write of an Arc cluster). */
function clusterEvent(cluster: SimCluster, id: string): unknown {
  const sub = cluster.id.split('/')[2];
  const aks = /managedclusters/i.test(cluster.id);
  const base = { id, subject: cluster.id, eventTime: '2026-03-02T08:00:00Z', dataVersion: '1', metadataVersion: '1' };
  if (aks) return { ...base, topic: cluster.id, eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded', data: { nodePoolName: 'system' } };
  const op = 'Microsoft.Kubernetes/connectedClusters/write';
  return { ...base, topic: `/subscriptions/${sub}`, eventType: 'Microsoft.Resources.ResourceWriteSuccess', data: { subscriptionId: sub, resourceUri: cluster.id, operationName: op, status: 'Succeeded', resourceProvider: 'Microsoft.Kubernetes' } };
}

/** POST /api/rollouts/fleet-rollout/approve with `body`. */
function approve(soak: SoakWorld, body: Record<string, unknown>): Promise<unknown> {
  const request = new HttpRequest({ method: 'POST', url: 'http://localhost:7071/api/rollouts/fleet-rollout/approve', params: { id: 'fleet-rollout' }, body: { string: JSON.stringify(body) } });
  return approveRoute(request, soak.deps);
}

/** Runs `action` while Azurite refuses connections for a short blip (the app's retries see the outage). */
async function withAzuriteBlip(soak: SoakWorld, action: () => Promise<void>): Promise<void> {
  await soak.world.azurite.pause();
  const back = new Promise<void>((resolve, reject) => setTimeout(() => void soak.world.azurite.resume().then(resolve, reject), 150));
  try {
    await action();
  } finally {
    await back;
  }
}

/** Carries out `step` (index `n` of the history); errors the app answers with are the app's business, not the soak's. */
export async function applyStep(soak: SoakWorld, step: SoakStep, n: number): Promise<void> {
  const { sim, receiver } = soak.world;
  const clusters = sim.fleet.clusters;
  const types = Object.keys(sim.fleet.extensionTypes).sort();
  // time passes between two steps, as between two timer runs or two events (never two starts in the same millisecond)
  soak.harness.advanceClock(new Date(soak.harness.now.getTime() + STEP_GAP_MS));
  const now = soak.harness.now;
  switch (step.kind) {
    case 'timer':
      await runDiscoverFleet(soak.deps);
      return soak.drive();
    case 'kubernetes-upgrade': {
      const c = at(clusters, step.cluster)!;
      sim.upgradeKubernetes(c.id, nextKubernetes(c, step.minor));
      return;
    }
    case 'event': {
      const c = at(clusters, step.cluster)!;
      await handleClusterEvent(clusterEvent(c, `soak-${n}`), soak.deps);
      if (step.duplicate) await handleClusterEvent(clusterEvent(c, `soak-${n}`), soak.deps);
      return soak.drive();
    }
    case 'catalog-new': {
      const list = sim.fleet.extensionTypes[at(types, step.type)!]!;
      const top = list.filter((v) => v.releaseTrain === 'stable').map((v) => semverParts(v.version)).sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]! || b[2]! - a[2]!)[0];
      if (!top) return;
      const version = step.minor ? `${top[0]}.${top[1]! + 1}.0` : `${top[0]}.${top[1]}.${top[2]! + 1}`;
      list.push({ version, releaseTrain: 'stable', releasedAt: now.toISOString() });
      soak.refreshCatalog();
      return;
    }
    case 'catalog-withdraw': {
      const list = sim.fleet.extensionTypes[at(types, step.type)!]!;
      const stable = list.filter((v) => v.releaseTrain === 'stable');
      if (stable.length > 1) list.splice(list.indexOf(stable[stable.length - 1]!), 1);
      soak.refreshCatalog();
      return;
    }
    case 'drift': {
      const c = at(clusters, step.cluster)!;
      const x = at(c.extensions, step.extension);
      if (!x || x.isSystemExtension) return;
      const versions = (sim.fleet.extensionTypes[x.extensionType.toLowerCase()] ?? []).filter((v) => v.releaseTrain === 'stable').map((v) => v.version);
      const older = versions.filter((v) => v !== x.currentVersion)[0];
      if (step.to === 'older' && older) sim.setExtension(c.id, x.name, { currentVersion: older, version: older, provisioningState: 'Succeeded' });
      if (step.to === 'auto-upgrade') sim.setExtension(c.id, x.name, { autoUpgradeMinorVersion: true, version: undefined });
      if (step.to === 'managed') sim.setExtension(c.id, x.name, { managedBy: `/subscriptions/${c.id.split('/')[2]}/resourceGroups/rg/providers/Microsoft.Fleet/fleets/f` });
      return;
    }
    case 'approve': {
      const status = await soak.harness.status('fleet-rollout');
      const custom = (status.customStatus ?? {}) as { ring?: string; rolloutId?: string; ringNames?: string[] };
      const ring = custom.ring ?? 'early';
      if (step.variant === 'forged') await approve(soak, { ring, rolloutId: 'fleet-forged', approvedBy: 'mallory' });
      else if (step.variant === 'wrong-ring') await approve(soak, { ring: 'no-such-ring', approvedBy: 'soak' });
      else {
        await approve(soak, { ring, approvedBy: 'soak' });
        if (step.variant === 'duplicate') await approve(soak, { ring, approvedBy: 'soak' });
      }
      return soak.drive();
    }
    case 'hold-set':
      setPolicy(soak, (p) => ({ ...p, holds: [...p.holds, { extensionType: at(types, step.type)!, clusterTags: {}, clusterIds: [], reason: 'soak' }] }));
      return;
    case 'hold-clear': {
      setPolicy(soak, (p) => ({ ...p, holds: [] }));
      for (const h of await soak.world.services.holds.list()) {
        const request = new HttpRequest({ method: 'DELETE', url: `http://localhost:7071/api/holds/${h.extensionType}/${h.version}`, params: { extensionType: h.extensionType, version: h.version } });
        await clearHoldRoute(request, soak.deps);
      }
      return;
    }
    case 'freeze': {
      const ring = at(clusters, step.cluster)!.tags.ring ?? 'canary';
      const freeze = { from: now.toISOString(), to: new Date(now.getTime() + 8 * 3600_000).toISOString(), reason: 'soak freeze', clusterIds: [], clusterTags: { ring } };
      setPolicy(soak, (p) => ({ ...p, rollout: { ...p.rollout, freezes: step.on ? [...(p.rollout.freezes ?? []), freeze] : [] } }));
      return;
    }
    case 'window':
      setPolicy(soak, (p) => ({ ...p, rollout: { ...p.rollout, maintenanceWindows: step.on ? [{ days: [0, 1, 2, 3, 4, 5, 6], start: '02:00', durationMinutes: 180 }] : [] } }));
      return;
    case 'offline': {
      const c = at(clusters, step.cluster)!;
      if (/connectedclusters/i.test(c.id)) c.connectivityStatus = step.on ? 'Offline' : 'Connected';
      else c.powerState = step.on ? 'Stopped' : 'Running';
      return;
    }
    case 'arm-fault':
      return armFault(soak, step);
    case 'heal':
      sim.faults.clear();
      for (const c of clusters) for (const x of c.extensions) if (x.provisioningState === 'Updating') sim.setExtension(c.id, x.name, { provisioningState: 'Succeeded' });
      return;
    case 'outage':
      if (step.what === 'event-grid') {
        receiver.setDown(true);
        await runDiscoverFleet(soak.deps);
        await soak.drive();
        receiver.setDown(false);
        return;
      }
      return withAzuriteBlip(soak, async () => {
        await runDiscoverFleet(soak.deps).catch(() => undefined);
        await soak.drive();
      });
    case 'crash': {
      await runDiscoverFleet(soak.deps);
      for (let i = 0; i < step.after; i++) if (!(await soak.harness.step({ fireTimers: true, timersDueBy: new Date(soak.harness.now.getTime() + 3600_000) }))) break;
      const checkpoint = soak.harness.snapshot();
      // the old host runs one more episode: its side effects happen, its result never reaches the history
      await soak.harness.step({ fireTimers: true, timersDueBy: new Date(soak.harness.now.getTime() + 3600_000) });
      soak.replaceHarness(DurableHarness.restore(checkpoint));
      return soak.drive();
    }
    case 'clock':
      soak.harness.advanceClock(new Date(now.getTime() + step.hours * 3600_000));
      return soak.drive();
  }
}

/** Sets one ARM fault; the extension type is picked by index among the fleet's types. */
function armFault(soak: SoakWorld, step: Extract<SoakStep, { kind: 'arm-fault' }>): void {
  const { sim } = soak.world;
  const types = Object.keys(sim.fleet.extensionTypes).sort();
  const type = at(types, step.type)!;
  if (step.fault === '429-storm') sim.faults.throttleStorm({ count: 24, retryAfterMs: 20 });
  if (step.fault === '5xx') sim.faults.serverErrors({ count: 5 });
  if (step.fault === 'lro-stall') sim.faults.neverFinish({ extensionType: type });
  if (step.fault === 'failing-version') {
    const newest = [...(sim.fleet.extensionTypes[type] ?? [])].filter((v) => v.releaseTrain === 'stable').pop();
    if (newest) sim.faults.failVersion({ extensionType: type, version: newest.version });
  }
  if (step.fault === '409') {
    const c = sim.fleet.clusters[step.type % sim.fleet.clusters.length]!;
    const x = c.extensions.find((e) => !e.isSystemExtension);
    if (x) sim.setExtension(c.id, x.name, { provisioningState: 'Updating' });
  }
}
