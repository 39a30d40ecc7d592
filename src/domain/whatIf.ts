/**
 * What-if for a Kubernetes upgrade: the fleet as if its clusters ran another Kubernetes version, their current one
 * becoming the reconciled one. Planning that fleet answers "what happens to our extensions if we upgrade?" with the
 * ordinary decisions contract: its `blocked` and `error` rows are exactly what would stop the upgrade. Pure.
 */
import { InputError } from './inputError';
import type { ClusterSnapshot, FleetSnapshot } from './model';
import { parseKubernetesVersion } from './versions';

/** The Kubernetes version a what-if assumes: one version for every cluster, or each cluster's next minor. */
export type KubernetesTarget = { kind: 'version'; version: string } | { kind: 'nextMinor' };

const TARGET_VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

/** Parses `X.Y`, `X.Y.Z` (optional leading v) or `+1`; throws InputError naming the input otherwise. */
export function parseKubernetesTarget(text: string, input = '--kubernetes-version'): KubernetesTarget {
  const trimmed = text.trim();
  if (trimmed === '+1') return { kind: 'nextMinor' };
  const m = TARGET_VERSION.exec(trimmed);
  if (!m) throw new InputError(input, '$', `"${text}" is not a Kubernetes version: expected X.Y, X.Y.Z (a leading v allowed) or +1 (each cluster's next minor)`);
  return { kind: 'version', version: `${Number(m[1])}.${Number(m[2])}.${Number(m[3] ?? 0)}` };
}

/**
 * The cluster as if it ran `target` (nextMinor: X.(Y+1).0 of its current version; X.Y means X.Y.0), its current version
 * becoming reconciledKubernetesVersion. A cluster whose version cannot be parsed is returned unchanged (it stays an
 * invalid-kubernetes-version error).
 */
export function assumeKubernetesVersion(cluster: ClusterSnapshot, target: KubernetesTarget): ClusterSnapshot {
  const current = parseKubernetesVersion(cluster.kubernetesVersion);
  if (!current) return cluster;
  const assumed = target.kind === 'nextMinor' ? `${current.major}.${current.minor + 1}.0` : normalised(target.version);
  return { ...cluster, kubernetesVersion: assumed, reconciledKubernetesVersion: cluster.kubernetesVersion };
}

/** The target as a summary names it: `X.Y.Z`, or `+1` for each cluster's next minor. */
export function kubernetesTargetText(target: KubernetesTarget): string {
  return target.kind === 'nextMinor' ? '+1' : normalised(target.version);
}

/** A summary's assumed Kubernetes version (kubernetesTargetText) in words, for the table and the reports. */
export function assumedText(assumed: string): string {
  return `${assumed === '+1' ? 'its next minor (+1)' : assumed}, its current version the reconciled one`;
}

/** Every cluster of the fleet as if it ran `target` (see assumeKubernetesVersion). */
export function assumeFleetKubernetesVersion(snapshot: FleetSnapshot, target: KubernetesTarget): FleetSnapshot {
  return { ...snapshot, clusters: snapshot.clusters.map((c) => assumeKubernetesVersion(c, target)) };
}

/** A target version built by hand (not by parseKubernetesTarget) as X.Y.Z; left as given when it does not parse. */
function normalised(version: string): string {
  const v = parseKubernetesVersion(version);
  return v ? v.version : version;
}
