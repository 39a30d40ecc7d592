/**
 * The demo's Fleet Manager act (issue 25): a fleet with a two-stage update strategy — canary, then prod — carrying two of
 * the app's gates: "extensions: after canary" and "extensions: before prod". An update run to Kubernetes 1.30.3 upgrades
 * the canary; the app moves the canary's extensions in the minor window that just opened, checks their health, and
 * approves the after-canary gate. The run moves on to prod; the app plans prod's members as if on 1.30.3, finds one
 * member's extension with no allowed version there, and holds the before-prod gate. The Arc member keeps the ring rollout.
 */
import type { SimCluster, SimFleet, SimTypeVersion } from '../simulator/types';
import type { E2eWorld } from '../simulator/world/e2eWorld';
import { addSimFleet } from '../simulator/fleetManagerSetup';
import type { FleetGateEventOutcome } from '../src/functions/onFleetGateEvent';

/** The story's run: its target, and the display names of its gates. */
export const FLEET_STORY = { fleet: 'fleet-contoso', run: 'k8s-1-30', target: '1.30.3', from: '1.29.4', afterCanary: 'extensions: after canary', beforeProd: 'extensions: before prod' } as const;

const unsupported = (range: string): SimTypeVersion['unsupportedKubernetesVersions'] => ({ managedCluster: [{ unsupportedVersions: [range] }], connectedCluster: [{ unsupportedVersions: [range] }] });

/** The story's two extension types: a mesh agent whose 1.5 line needs Kubernetes 1.29+, and a legacy agent that stops at 1.29. */
const TYPES: Record<string, SimTypeVersion[]> = {
  'contoso.meshagent': [
    { version: '1.4.0', releaseTrain: 'stable', unsupportedKubernetesVersions: unsupported('>1.30') },
    { version: '1.4.2', releaseTrain: 'stable', unsupportedKubernetesVersions: unsupported('>1.30') },
    { version: '1.5.0', releaseTrain: 'stable', unsupportedKubernetesVersions: unsupported('1.18..1.28') },
    { version: '1.5.1', releaseTrain: 'stable', unsupportedKubernetesVersions: unsupported('1.18..1.28') },
  ],
  'contoso.legacyagent': [
    { version: '2.3.0', releaseTrain: 'stable', unsupportedKubernetesVersions: unsupported('>1.29') },
    { version: '2.3.1', releaseTrain: 'stable', unsupportedKubernetesVersions: unsupported('>1.29') },
  ],
};

const extension = (name: string, extensionType: string, version: string): SimCluster['extensions'][number] => ({ name, extensionType, currentVersion: version, version, autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false });

/** The story's clusters, by role. */
export interface FleetStoryClusters {
  canary: string;
  prodReady: string;
  prodBlocked: string;
  arc: string;
}

/** Adds the story's extension types and four clusters (three AKS, one Arc) to `fleet`, in place, before the world starts. */
export function addFleetStoryClusters(fleet: SimFleet): FleetStoryClusters {
  const sub = fleet.clusters[0]!.id.split('/')[2]!;
  const aks = (name: string): string => `/subscriptions/${sub}/resourceGroups/rg-fleet-members/providers/Microsoft.ContainerService/managedClusters/${name}`;
  const ids: FleetStoryClusters = { canary: aks('aks-fleet-canary'), prodReady: aks('aks-fleet-prod-1'), prodBlocked: aks('aks-fleet-prod-2'), arc: `/subscriptions/${sub}/resourceGroups/rg-fleet-members/providers/Microsoft.Kubernetes/connectedClusters/arc-fleet-edge` };
  Object.assign(fleet.extensionTypes, structuredClone(TYPES));
  const base = { location: 'eastus', kubernetesVersion: FLEET_STORY.from };
  fleet.clusters.push(
    { ...base, id: ids.canary, tags: { ring: 'canary', fleet: 'contoso' }, extensions: [extension('mesh', 'contoso.meshagent', '1.4.2')] },
    { ...base, id: ids.prodReady, tags: { ring: 'prod', fleet: 'contoso' }, extensions: [extension('mesh', 'contoso.meshagent', '1.5.1')] },
    { ...base, id: ids.prodBlocked, tags: { ring: 'prod', fleet: 'contoso' }, extensions: [extension('mesh', 'contoso.meshagent', '1.5.1'), extension('legacy', 'contoso.legacyagent', '2.3.1')] },
    { ...base, id: ids.arc, distribution: 'k3s', connectivityStatus: 'Connected', tags: { ring: 'prod', fleet: 'contoso' }, extensions: [extension('mesh', 'contoso.meshagent', '1.5.1')] },
  );
  return ids;
}

/** One step of the story, as the demo prints it and the test asserts it. */
export interface FleetStoryStep {
  step: string;
  detail: string;
}

/** What the story did, for the printout and the test. */
export interface FleetStory {
  steps: FleetStoryStep[];
  fleetId: string;
  runId: string;
  events: FleetGateEventOutcome[];
}

const short = (id: string): string => id.split('/').pop() ?? id;

/** Runs the act on a started world whose fleet got `addFleetStoryClusters` (the discovery timer has run once: states remembered). */
export async function runFleetStory(world: E2eWorld, ids: FleetStoryClusters): Promise<FleetStory> {
  const steps: FleetStoryStep[] = [];
  const fm = world.sim.fleetManager;
  const fleet = addSimFleet(world.sim, FLEET_STORY.fleet, [
    { name: 'canary', groups: [{ name: 'canary', clusterIds: [ids.canary] }], afterGates: [FLEET_STORY.afterCanary] },
    { name: 'prod', groups: [{ name: 'prod', clusterIds: [ids.prodReady, ids.prodBlocked, ids.arc] }], beforeGates: [FLEET_STORY.beforeProd] },
  ]);
  const run = fm.startRun(fleet.id, FLEET_STORY.run, { strategy: 'extensions-strategy', kubernetesVersion: FLEET_STORY.target });
  const version = (id: string): string => world.sim.fleet.clusters.find((c) => c.id === id)!.kubernetesVersion;
  const mesh = (id: string): string => world.sim.fleet.clusters.find((c) => c.id === id)!.extensions.find((e) => e.name === 'mesh')!.currentVersion;
  steps.push({ step: 'run-started', detail: `update run ${run.name} → Kubernetes ${FLEET_STORY.target}: ${short(ids.canary)} upgraded to ${version(ids.canary)}; gate "${FLEET_STORY.afterCanary}" Pending` });

  const events = await world.deliverFleetEvents();
  const gates = [...fm.gates.values()];
  const after = gates.find((g) => g.displayName === FLEET_STORY.afterCanary)!;
  const before = gates.find((g) => g.displayName === FLEET_STORY.beforeProd);
  steps.push({ step: 'canary-moved', detail: `${short(ids.canary)}: mesh ${'1.4.2'} → ${mesh(ids.canary)} in the minor window Kubernetes ${FLEET_STORY.from} → ${version(ids.canary)} opened` });
  steps.push({ step: 'after-canary', detail: `gate "${after.displayName}": ${after.state} (last modified by ${after.lastModifiedBy === 'fleet' ? 'Fleet' : `the app's principal, ${after.lastModifiedBy}`})` });
  const rows = await world.audit({ clusterId: ids.prodBlocked });
  const blocker = rows.find((r) => r.kind === 'gate' && r.extensionName === 'legacy');
  steps.push({ step: 'before-prod', detail: `gate "${before?.displayName ?? FLEET_STORY.beforeProd}": ${before?.state ?? 'not reached'}; ${short(ids.prodBlocked)}/legacy: ${blocker?.code ?? 'no blocker found'}` });
  steps.push({ step: 'prod-untouched', detail: `prod members still on Kubernetes ${version(ids.prodReady)}; ${short(ids.arc)} (Arc, ${version(ids.arc)}) keeps the ring rollout` });

  // half an hour later, the catch-up timer ticks (as the discovery timer does)
  world.harness.advanceClock(new Date(world.harness.now.getTime() + 30 * 60_000));
  const again = await world.catchUpGates();
  steps.push({ step: 'catch-up', detail: `catch-up timer: ${again.pending} Pending gate(s) of ours; gate "${FLEET_STORY.beforeProd}" looked at again: ${fm.gate(before?.id ?? '')?.state ?? 'gone'}` });
  return { steps, fleetId: fleet.id, runId: run.id, events };
}
