/** The plan: one decision per extension of a fleet, from a snapshot, a catalog, a policy and now. Pure. */
import type { IndexedType } from './catalogIndex';
import { indexCatalog } from './catalogIndex';
import { clusterTypeOf } from './clusterType';
import { compilePolicy, decideExtension, type ClusterFacts } from './decideExtension';
import type { Catalog, ClusterSnapshot, Decision, DecisionAction, FleetSnapshot, Policy } from './model';
import { compareLines, parseKubernetesVersion } from './versions';

/** What is known of a cluster before its extensions are decided: facts, or why its version cannot be used. */
function clusterFacts(cluster: ClusterSnapshot): ClusterFacts | string {
  const clusterType = clusterTypeOf(cluster.id);
  if (!clusterType) return `Cluster id "${cluster.id}" names no managed, connected or provisioned cluster.`;
  const kubernetes = parseKubernetesVersion(cluster.kubernetesVersion);
  if (!kubernetes) return `Kubernetes version "${cluster.kubernetesVersion}" is not X.Y or X.Y.Z.`;
  const reconciledText = cluster.reconciledKubernetesVersion;
  const reconciled = reconciledText === undefined ? kubernetes : parseKubernetesVersion(reconciledText);
  if (!reconciled) return `Reconciled Kubernetes version "${reconciledText}" is not X.Y or X.Y.Z.`;
  return { cluster, clusterType, kubernetes, windowOpen: compareLines(kubernetes, reconciled) > 0 };
}

const byClusterThenName = (a: Decision, b: Decision): number =>
  a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : a.extensionName < b.extensionName ? -1 : a.extensionName > b.extensionName ? 1 : 0;

/**
 * Decides, for every extension of every cluster, the version move allowed now. Pure: same inputs, same output,
 * sorted by clusterId then extensionName.
 */
export function planFleet(snapshot: FleetSnapshot, catalog: Catalog, policy: Policy, now: Date): Decision[] {
  const index: Map<string, IndexedType> = indexCatalog(catalog);
  const compiled = compilePolicy(policy, now);
  const decisions: Decision[] = [];
  for (const cluster of snapshot.clusters) {
    const facts = clusterFacts(cluster);
    for (const ext of cluster.extensions) decisions.push(decideExtension(ext, facts, index.get(ext.extensionType.toLowerCase()), compiled));
  }
  return decisions.sort(byClusterThenName);
}

/** Counts of a plan, as the CLI and the HTTP API report them. */
export interface PlanSummary {
  clusters: number;
  extensions: number;
  byAction: Partial<Record<DecisionAction, number>>;
}

/** Summarises a plan over a snapshot. */
export function summarize(snapshot: FleetSnapshot, decisions: readonly Decision[]): PlanSummary {
  const byAction: Partial<Record<DecisionAction, number>> = {};
  for (const d of decisions) byAction[d.action] = (byAction[d.action] ?? 0) + 1;
  return { clusters: snapshot.clusters.length, extensions: decisions.length, byAction };
}
