/**
 * The real-fleet cases the demo adds to its generated fleet (issue 10): a managed extension (the spec's managementDetails:
 * users may only read it), a GKE and a k3s Arc cluster, and an offline Arc cluster. Copies of existing extensions keep
 * the types and versions realistic. Also prints, for these clusters, what discovery reads and what the plan decides.
 */
import { armConnection } from '../src/azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../src/azure/arm/extensionTypeCatalog';
import { ResourceGraphInventory } from '../src/azure/resourceGraph/resourceGraphInventory';
import type { Policy } from '../src/domain/model';
import { planFleet } from '../src/domain/plan';
import { simExtensionFromExample } from '../simulator/specExamples';
import type { FleetSimulator, SimCluster, SimFleet } from '../simulator/types';

/** Adds the four cases to `fleet` (in place) and returns the ids of the clusters they live on. */
export function addRealFleetCases(fleet: SimFleet): string[] {
  const arc = fleet.clusters.find((c) => c.id.includes('/connectedClusters/') && c.extensions.length > 0)!;
  const aks = fleet.clusters.find((c) => c.id.includes('/managedClusters/') && c.extensions.some((e) => !e.autoUpgradeMinorVersion))!;
  const template = aks.extensions.find((e) => !e.autoUpgradeMinorVersion)!;
  const spec = simExtensionFromExample('2025-03-01/GetExtensionWithManagementDetails.json');
  aks.extensions.push({ ...structuredClone(template), name: `${template.name}-managed`, managementDetails: spec.managementDetails!, autoUpgradeMode: spec.autoUpgradeMode! });
  const copy = (name: string, extra: Partial<SimCluster>): SimCluster => ({
    ...structuredClone(arc),
    id: arc.id.replace(/[^/]+$/, name),
    tags: { ...arc.tags, ring: 'broad' },
    ...extra,
  });
  fleet.clusters.push(copy('arc-gke', { distribution: 'gke' }), copy('arc-k3s', { distribution: 'k3s' }), copy('arc-offline', { distribution: 'k3s', connectivityStatus: 'Offline' }));
  return [aks.id, ...['arc-gke', 'arc-k3s', 'arc-offline'].map((n) => arc.id.replace(/[^/]+$/, n))];
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
    const facts = [c.distribution && `distribution ${c.distribution}`, c.connectivityStatus && `connectivity ${c.connectivityStatus}`, c.powerState && `power ${c.powerState}`].filter(Boolean).join(', ');
    out(`${c.id.split('/').pop()} (${facts})`);
    for (const e of c.extensions) {
      const d = decisions.find((x) => x.clusterId === c.id && x.extensionName === e.name);
      const managed = e.managedBy || e.managementDetails ? ` managementDetails=${JSON.stringify(e.managementDetails?.accessDetails?.map((a) => `${a.entity}:${(a.allowedActions ?? []).join('+')}`))}` : '';
      out(`  ${e.name.padEnd(28)} ${e.version.padEnd(10)}${managed} → ${d ? `${d.action} ${d.code}${d.to ? ` ${d.to}` : ''}` : '-'}`);
    }
  }
}
