/**
 * Drift (issue 24): an installed version that changed without a rollout of ours (auto-upgrade, a person's
 * `az k8s-extension update`, the service's default mode). Each discovery compares the installed versions with the ones
 * the app last saw and wrote; a change is reported (an audit row and an event), never reverted. Pure.
 */
import type { ClusterSnapshot, Hold } from './model';
import { matchingHold } from './holds';
import type { FailedVersionHold } from './versionHolds';
import { heldVersion } from './versionHolds';
import { compareLines, parseKubernetesVersion, parseVersion, sameLine, sameVersion } from './versions';
import { BUSY_PROVISIONING_STATES } from './model';

/** What the app last saw and wrote for a cluster's extensions (the ClusterState table). */
export interface InstalledRecord {
  clusterId: string;
  /** The cluster's Kubernetes version when the versions were recorded. */
  kubernetesVersion: string;
  /** Extension name → installed version. */
  versions: Record<string, string>;
  /** ISO-8601. */
  at: string;
}

/** How a drift broke the rule. */
export type DriftBreak = 'minor-move-without-kubernetes-upgrade' | 'held-by-policy' | 'held-after-failure' | 'prerelease-on-stable';

/** One version change nobody in a rollout made. */
export interface Drift {
  clusterId: string;
  extensionName: string;
  extensionType: string;
  from: string;
  to: string;
  kubernetesFrom: string;
  kubernetesTo: string;
  /** Empty when the change kept the rule. */
  breaks: DriftBreak[];
}

/** Most extensions one installed record keeps (a cluster has a few dozen at most); the rest are not watched for drift. */
export const MAX_RECORDED_EXTENSIONS = 200;

/** Most drifts one discovery reports; clusters past it keep their old record, so their drifts are reported by a later pass. */
export const MAX_DRIFTS_PER_PASS = 200;

/** The record of a cluster as discovered now (extensions in an operation keep the version recorded before, if any). */
export function installedRecord(cluster: ClusterSnapshot, previous: InstalledRecord | undefined, at: string): InstalledRecord {
  const versions: Record<string, string> = {};
  for (const ext of cluster.extensions.slice(0, MAX_RECORDED_EXTENSIONS)) {
    const before = previous?.versions[ext.name];
    versions[ext.name] = BUSY_PROVISIONING_STATES.has(ext.provisioningState) && before !== undefined ? before : ext.version;
  }
  return { clusterId: cluster.id, kubernetesVersion: cluster.kubernetesVersion, versions, at };
}

/** A minor or major move made while the cluster's Kubernetes minor stayed where it was (or where it was last reconciled). */
function movedLineWithoutUpgrade(from: string, to: string, kubernetesFrom: string, kubernetesTo: string, reconciled: string | undefined): boolean {
  const [a, b] = [parseVersion(from), parseVersion(to)];
  if (!a || !b || sameLine(a, b)) return false;
  const now = parseKubernetesVersion(kubernetesTo);
  const bases = [kubernetesFrom, reconciled].flatMap((t) => (t === undefined ? [] : [parseKubernetesVersion(t)])).filter((v) => v !== null);
  // the window was open when the running minor is above the minor recorded before, or above the reconciled one
  return !now || !bases.some((base) => compareLines(now, base) > 0);
}

/**
 * The drifts of one cluster: each extension recorded before whose installed version differs now (extensions in an
 * operation are skipped: the operation may be ours or anyone's, the next pass sees where it ended), with how it broke
 * the rule: a minor or major move without a Kubernetes minor upgrade, a version a policy hold or a failed-version hold
 * holds, a prerelease on the Stable train. No record (first sight) → none.
 */
export function driftsOf(cluster: ClusterSnapshot, previous: InstalledRecord | undefined, reconciled: string | undefined, holds: readonly Hold[], failed: readonly FailedVersionHold[]): Drift[] {
  if (!previous) return [];
  const out: Drift[] = [];
  for (const ext of cluster.extensions) {
    const before = previous.versions[ext.name];
    if (before === undefined || sameVersion(before, ext.version) || BUSY_PROVISIONING_STATES.has(ext.provisioningState)) continue;
    const breaks: DriftBreak[] = [];
    if (movedLineWithoutUpgrade(before, ext.version, previous.kubernetesVersion, cluster.kubernetesVersion, reconciled)) breaks.push('minor-move-without-kubernetes-upgrade');
    if (matchingHold(holds, ext.extensionType, cluster)) breaks.push('held-by-policy');
    if (heldVersion(failed, ext.extensionType, ext.version)) breaks.push('held-after-failure');
    const prerelease = (parseVersion(ext.version)?.prerelease.length ?? 0) > 0;
    if (prerelease && ext.releaseTrain.toLowerCase() !== 'preview') breaks.push('prerelease-on-stable');
    out.push({ clusterId: cluster.id, extensionName: ext.name, extensionType: ext.extensionType, from: before, to: ext.version, kubernetesFrom: previous.kubernetesVersion, kubernetesTo: cluster.kubernetesVersion, breaks });
  }
  return out;
}

/** The sentence of a drift's audit row and event. */
export function driftReason(d: Drift): string {
  const how = d.breaks.length === 0 ? 'within the rule' : `breaking the rule (${d.breaks.join(', ')})`;
  return `${d.extensionName} moved ${d.from} → ${d.to} outside any rollout (Kubernetes ${d.kubernetesFrom} → ${d.kubernetesTo}), ${how}; reported, not reverted.`;
}
