/**
 * The plan stage, and the entry of src/domain: one decision per extension of a fleet, from a snapshot, a catalog, a
 * policy and now. Pure: src/domain knows nothing of Azure, the clock or I/O (eslint enforces it).
 *
 * What the domain holds: the data (model.ts), the one vocabulary of reason codes (reasonCodes.ts), the version policy
 * (decideExtension.ts over catalogIndex.ts, versions.ts, holds.ts), rollout planning (rollout.ts, maintenanceWindow.ts),
 * the outcome rules of a cluster's rollout (clusterOutcome.ts) and of reconciliation (reconcile.ts), every audit row the
 * system writes (auditRows.ts), ARM-id knowledge (armId.ts), the ports adapters implement (ports.ts), and the parsers
 * of external input (schemas/).
 */
import type { IndexedType } from './catalogIndex';
import { compatibilityKey, indexCatalog } from './catalogIndex';
import { clusterTypeOf } from './armId';
import { compilePolicy, decideExtension, type ClusterFacts, type ClusterProblem, type CompiledPolicy } from './decideExtension';
import type { Catalog, ClusterSnapshot, Decision, DecisionAction, ExtensionSnapshot, FleetSnapshot, Policy } from './model';
import type { SemVer } from 'semver';
import { compareLines, parseKubernetesVersion } from './versions';
import { regionKey, regionsMatter } from './regionalAvailability';
import { supportMarker } from './supportWindow';

type SupportMarker = ReturnType<typeof supportMarker>;

/** One parsed version object per distinct text, so compatibility answers are memoised by identity. */
type VersionIntern = (text: string) => SemVer | null;

function versionIntern(): VersionIntern {
  const seen = new Map<string, SemVer | null>();
  return (text) => {
    let v = seen.get(text);
    if (v === undefined) seen.set(text, (v = parseKubernetesVersion(text)));
    return v;
  };
}

/** What is known of a cluster before its extensions are decided: facts, or (under its own id) why its version cannot be used. */
function clusterFacts(cluster: ClusterSnapshot, intern: VersionIntern, regional: boolean): ClusterFacts | ClusterProblem {
  const problem = (text: string): ClusterProblem => ({ clusterId: cluster.id, problem: text });
  const clusterType = clusterTypeOf(cluster.id);
  if (!clusterType) return problem(`Cluster id "${cluster.id}" names no managed, connected or provisioned cluster.`);
  const kubernetes = intern(cluster.kubernetesVersion);
  if (!kubernetes) return problem(`Kubernetes version "${cluster.kubernetesVersion}" is not X.Y or X.Y.Z.`);
  const reconciledText = cluster.reconciledKubernetesVersion;
  const reconciled = reconciledText === undefined ? kubernetes : intern(reconciledText);
  if (!reconciled) return problem(`Reconciled Kubernetes version "${reconciledText}" is not X.Y or X.Y.Z.`);
  const region = regional && cluster.location !== undefined ? regionKey(cluster.location) : undefined;
  return { cluster, clusterType, compatKey: compatibilityKey(clusterType, cluster.distribution, cluster.kind), kubernetes, windowOpen: compareLines(kubernetes, reconciled) > 0, region };
}

/**
 * Decides one cluster's extensions into `run`. Whatever its data (a version of any size or shape, an id, tags) makes
 * the policy throw becomes that cluster's own `error` / `invalid-cluster` decisions, under its id: never the fleet's.
 */
function decideCluster(cluster: ClusterSnapshot, intern: VersionIntern, index: Map<string, IndexedType>, compiled: CompiledPolicy, run: Decision[], regional: boolean, markSupport: SupportMarker): void {
  const start = run.length;
  try {
    const facts = clusterFacts(cluster, intern, regional);
    for (const ext of cluster.extensions) run.push(markSupport(decideExtension(ext, facts, index.get(String(ext.extensionType).toLowerCase()), compiled), ext));
  } catch (error) {
    run.length = start;
    const problem = `The cluster's data cannot be understood (${error instanceof Error ? error.message : 'unreadable'}): its extensions are not decided.`;
    for (const ext of Array.isArray(cluster.extensions) ? cluster.extensions : []) run.push(invalidCluster(cluster, ext, problem));
  }
}

/** An extension of a cluster whose data cannot be understood: an error under the cluster's own id, with what could be read. */
function invalidCluster(cluster: ClusterSnapshot, ext: ExtensionSnapshot, problem: string): Decision {
  const text = (v: unknown): string => (typeof v === 'string' ? v : String(v));
  return { clusterId: text(cluster.id), extensionName: text(ext?.name), extensionType: text(ext?.extensionType), action: 'error', from: text(ext?.version), to: null, moveKind: null, path: [], code: 'invalid-cluster', reason: problem };
}

const byId = (a: ClusterSnapshot, b: ClusterSnapshot): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byName = (a: Decision, b: Decision): number => (a.extensionName < b.extensionName ? -1 : a.extensionName > b.extensionName ? 1 : 0);

/**
 * Decides, for every extension of every cluster, the version move allowed now. Pure: same inputs, same output,
 * sorted by clusterId then extensionName.
 */
export function planFleet(snapshot: FleetSnapshot, catalog: Catalog, policy: Policy, now: Date): Decision[] {
  const decisions: Decision[] = [];
  for (const run of planByCluster(snapshot, catalog, policy, now)) for (const d of run.decisions) decisions.push(d);
  return decisions;
}

/**
 * planFleet one cluster at a time, for callers that stream the plan: yields each cluster id's decisions (sorted by
 * extensionName) in clusterId order, with the last snapshot entry of that id; concatenated they are planFleet's output.
 */
export function* planByCluster(snapshot: FleetSnapshot, catalog: Catalog, policy: Policy, now: Date): Generator<{ cluster: ClusterSnapshot; decisions: Decision[] }> {
  const index: Map<string, IndexedType> = indexCatalog(catalog);
  const compiled = compilePolicy(policy, now);
  const intern = versionIntern();
  const markSupport = supportMarker(policy.supportWindows ?? [], index);
  // clusters in id order, then each cluster's decisions by name: the order of a full sort, at a fraction of its cost
  const clusters = [...snapshot.clusters].sort(byId);
  // issue 24: a cluster's region is part of its facts only when some version is missing from some region of the fleet
  const regional = regionsMatter(index, new Set(clusters.flatMap((c) => (typeof c.location === 'string' ? [regionKey(c.location)] : []))));
  for (let i = 0; i < clusters.length; ) {
    const run: Decision[] = [];
    const id = clusters[i]!.id;
    let cluster = clusters[i]!;
    for (; i < clusters.length && clusters[i]!.id === id; i++) {
      cluster = clusters[i]!;
      decideCluster(cluster, intern, index, compiled, run, regional, markSupport);
    }
    yield { cluster, decisions: run.sort(byName) };
  }
}

/** Counts of a plan, as the CLI and the HTTP API report them. */
export interface PlanSummary {
  clusters: number;
  extensions: number;
  byAction: Partial<Record<DecisionAction, number>>;
  /** A what-if plan only: the Kubernetes version every cluster was assumed to run (`X.Y.Z`, or `+1`: each its next minor). */
  assumedKubernetesVersion?: string;
}

/** Summarises a plan over a snapshot. */
export function summarize(snapshot: FleetSnapshot, decisions: readonly Decision[]): PlanSummary {
  const byAction: Partial<Record<DecisionAction, number>> = {};
  for (const d of decisions) byAction[d.action] = (byAction[d.action] ?? 0) + 1;
  return { clusters: snapshot.clusters.length, extensions: decisions.length, byAction };
}
