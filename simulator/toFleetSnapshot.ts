import type { FleetSnapshot } from '../src/domain/model';
import type { SimFleet } from './types';
import { clusterFacts } from '../src/azure/shared/clusterFacts';
import { simClusterFacts } from './armBodies';

/** The simulated fleet as the domain's FleetSnapshot (what discovery should produce); `reconciledKubernetesVersion` unset. */
export function toFleetSnapshot(fleet: SimFleet): FleetSnapshot {
  return {
    clusters: fleet.clusters.filter((c) => !/\/microsoft\.hybridcontainerservice\/provisionedclusters\//i.test(c.id)).map((c) => ({
      id: c.id,
      kubernetesVersion: c.kubernetesVersion,
      location: c.location,
      ...clusterFacts(simClusterFacts(c)),
      tags: { ...c.tags },
      extensions: c.extensions.map((e) => ({
        name: e.name,
        extensionType: e.extensionType,
        version: e.currentVersion,
        autoUpgradeMinorVersion: e.autoUpgradeMinorVersion,
        releaseTrain: e.releaseTrain,
        provisioningState: e.provisioningState,
        isSystemExtension: e.isSystemExtension,
        ...(e.managedBy !== undefined ? { managedBy: e.managedBy } : {}),
        ...(e.managementDetails !== undefined ? { managementDetails: structuredClone(e.managementDetails) } : {}),
        ...(e.autoUpgradeMode !== undefined ? { autoUpgradeMode: e.autoUpgradeMode } : {}),
      })),
    })),
  };
}
