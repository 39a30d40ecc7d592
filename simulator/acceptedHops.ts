/** Hops the simulator accepts: for pinned, healthy AKS extensions, the newest other stable version their cluster supports. */
import type { FleetSimulator } from './types';
import { isUnsupported } from './unsupportedVersions';

/** One hop the simulator will apply successfully. */
export interface AcceptedHop {
  clusterId: string;
  extensionName: string;
  extensionType: string;
  from: string;
  version: string;
}

/** Every such hop in fleet order; `onePerCluster` keeps the first of each cluster. */
export function acceptedHops(sim: FleetSimulator, options: { onePerCluster?: boolean } = {}): AcceptedHop[] {
  const found: AcceptedHop[] = [];
  for (const c of sim.fleet.clusters) {
    if (!/managedClusters/.test(c.id)) continue;
    for (const e of c.extensions) {
      if (e.autoUpgradeMinorVersion || e.provisioningState !== 'Succeeded') continue;
      const unsupported = (v: { unsupportedKubernetesVersions?: { managedCluster?: { unsupportedVersions: string[] }[] } }): boolean =>
        isUnsupported(v.unsupportedKubernetesVersions?.managedCluster?.flatMap((u) => u.unsupportedVersions) ?? [], c.kubernetesVersion);
      const target = (sim.fleet.extensionTypes[e.extensionType] ?? []).filter((v) => v.releaseTrain === 'stable' && v.version !== e.currentVersion && !unsupported(v)).at(-1);
      if (!target || (options.onePerCluster && found.some((h) => h.clusterId === c.id))) continue;
      found.push({ clusterId: c.id, extensionName: e.name, extensionType: e.extensionType, from: e.currentVersion, version: target.version });
    }
  }
  return found;
}
