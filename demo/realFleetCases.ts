/**
 * The real-fleet cases the demo adds to its generated fleet (issues 10 and 20): a managed extension (the spec's
 * managementDetails: users may only read it), a pinned extension reporting autoUpgradeMode "compatible" (the service
 * default) that the policy still moves, a GKE Arc cluster, a k3s (`v1.30.4+k3s1`) and an EKS-style (`1.30.4-eks-…`) Arc
 * cluster whose suffixed versions are read as X.Y.Z, an offline Arc cluster, and an AKS on Azure Local cluster (kind
 * ProvisionedCluster) whose extension is held back by a `provisionedCluster` limit its plain-Arc twin does not have.
 * Copies of existing extensions keep the types and versions realistic. Also prints, for these clusters, what discovery
 * reads and what the plan decides.
 */
import { armConnection } from '../src/azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../src/azure/arm/extensionTypeCatalog';
import { ResourceGraphInventory } from '../src/azure/resourceGraph/resourceGraphInventory';
import type { Policy } from '../src/domain/model';
import { planFleet } from '../src/domain/plan';
import { simExtensionFromExample } from '../simulator/specExamples';
import type { FleetSimulator, SimCluster, SimFleet } from '../simulator/types';

/** The stable versions of `type` on the `major.minor` line of `version`, lowest first. */
function line(fleet: SimFleet, type: string, version: string): string[] {
  const prefix = `${version.split('.').slice(0, 2).join('.')}.`;
  return (fleet.extensionTypes[type] ?? []).filter((v) => v.releaseTrain === 'stable' && v.version.startsWith(prefix)).map((v) => v.version).sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
}

/** Adds the cases to `fleet` (in place) and returns the ids of the clusters they live on. */
export function addRealFleetCases(fleet: SimFleet): string[] {
  const arc = fleet.clusters.find((c) => c.id.includes('/connectedClusters/') && c.extensions.some((e) => !e.autoUpgradeMinorVersion && !e.isSystemExtension && line(fleet, e.extensionType, e.currentVersion).length > 1))!;
  const aks = fleet.clusters.find((c) => c.id.includes('/managedClusters/') && c.extensions.some((e) => !e.autoUpgradeMinorVersion && !e.isSystemExtension && line(fleet, e.extensionType, e.currentVersion).length > 1))!;
  const template = aks.extensions.find((e) => !e.autoUpgradeMinorVersion && !e.isSystemExtension && line(fleet, e.extensionType, e.currentVersion).length > 1)!;
  const spec = simExtensionFromExample('2025-03-01/GetExtensionWithManagementDetails.json');
  aks.extensions.push({ ...structuredClone(template), name: `${template.name}-managed`, managementDetails: spec.managementDetails!, autoUpgradeMode: spec.autoUpgradeMode! });
  // a pin reporting the service's default mode, "compatible", on the oldest patch of its line: the policy moves it
  const oldest = line(fleet, template.extensionType, template.currentVersion)[0]!;
  Object.assign(template, { currentVersion: oldest, version: oldest, autoUpgradeMode: 'compatible' });
  const copy = (name: string, extra: Partial<SimCluster>): SimCluster => ({
    ...structuredClone(arc),
    id: arc.id.replace(/[^/]+$/, name),
    tags: { ...arc.tags, ring: 'broad' },
    ...extra,
  });
  const [major, minor, patch] = arc.kubernetesVersion.split('.');
  const k8s = `${major}.${minor}.${patch ?? 0}`;
  // AKS on Azure Local and its plain-Arc twin, pinned on the oldest patch of a line whose newer patches Azure lists as
  // unsupported on provisioned clusters at this Kubernetes minor
  const held = arc.extensions.find((e) => !e.autoUpgradeMinorVersion && !e.isSystemExtension && line(fleet, e.extensionType, e.currentVersion).length > 1)!;
  const patches = line(fleet, held.extensionType, held.currentVersion);
  for (const v of fleet.extensionTypes[held.extensionType] ?? []) {
    if (patches.slice(1).includes(v.version)) (v.unsupportedKubernetesVersions ??= {}).provisionedCluster = [{ distributions: ['AKS'], unsupportedVersions: [`${major}.${minor}`] }];
  }
  const pinned = (c: SimCluster): SimCluster => ({ ...c, extensions: c.extensions.map((e) => (e.name === held.name ? { ...e, currentVersion: patches[0]!, version: patches[0]! } : e)) });
  fleet.clusters.push(
    copy('arc-gke', { distribution: 'gke' }),
    copy('arc-k3s', { distribution: 'k3s', kubernetesVersion: `v${k8s}+k3s1` }),
    copy('arc-eks', { distribution: 'eks', kubernetesVersion: `${k8s}-eks-a1b2c3d` }),
    copy('arc-offline', { distribution: 'k3s', connectivityStatus: 'Offline' }),
    pinned(copy('azlocal-twin', { distribution: 'AKS' })),
    pinned(copy('azlocal-01', { distribution: 'AKS', kind: 'ProvisionedCluster' })),
  );
  return [aks.id, ...['arc-gke', 'arc-k3s', 'arc-eks', 'arc-offline', 'azlocal-twin', 'azlocal-01'].map((n) => arc.id.replace(/[^/]+$/, n))];
}

/** Discovery and plan for the real-fleet clusters: one line per extension with what was read and decided. */
export async function printRealFleetCases(sim: FleetSimulator, clusterIds: string[], policy: Policy, out: (line: string) => void): Promise<void> {
  const conn = { ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca };
  const subscriptions = [...new Set(clusterIds.map((id) => id.split('/')[2]!))];
  const fleet = await new ResourceGraphInventory(conn).discover({ subscriptions, managementGroups: [] });
  const wanted = new Set(clusterIds.map((id) => id.toLowerCase()));
  const snapshot = { clusters: fleet.clusters.filter((c) => wanted.has(c.id.toLowerCase())) };
  const catalog = await new ExtensionTypeCatalog(conn).catalogFor(snapshot);
  const decisions = planFleet(snapshot, catalog, policy, new Date());
  for (const c of snapshot.clusters) {
    const facts = [`Kubernetes ${c.kubernetesVersion}`, c.kind && `kind ${c.kind}`, c.distribution && `distribution ${c.distribution}`, c.connectivityStatus && `connectivity ${c.connectivityStatus}`, c.powerState && `power ${c.powerState}`].filter(Boolean).join(', ');
    out(`${c.id.split('/').pop()} (${facts})`);
    for (const e of c.extensions) {
      const d = decisions.find((x) => x.clusterId === c.id && x.extensionName === e.name);
      const managed = e.managedBy || e.managementDetails ? ` managementDetails=${JSON.stringify(e.managementDetails?.accessDetails?.map((a) => `${a.entity}:${(a.allowedActions ?? []).join('+')}`))}` : e.autoUpgradeMode ? ` autoUpgradeMode=${e.autoUpgradeMode}` : '';
      out(`  ${e.name.padEnd(28)} ${e.version.padEnd(10)}${managed} → ${d ? `${d.action} ${d.code}${d.to ? ` ${d.to}` : ''}` : '-'}`);
    }
  }
}
