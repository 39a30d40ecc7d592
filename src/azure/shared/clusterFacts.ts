/**
 * The cluster facts ARM and Resource Graph report beside the version, normalised for the snapshot: an Arc cluster's
 * distribution and connectivity, a managed cluster's power state, and the region's name. Pure; used by both readers.
 */
import { CONNECTIVITY_STATUSES, type ClusterSnapshot, type ConnectivityStatus } from '../../domain/model';

const CONNECTIVITY: Record<string, ConnectivityStatus> = Object.fromEntries(CONNECTIVITY_STATUSES.map((s) => [s.toLowerCase(), s]));

/**
 * `connectivityStatus` in its canonical case (every value the connectedClusters spec lists, `AgentNotInstalled`
 * included); any other non-empty value (one added later) is not connected, so it reads as `Offline`.
 */
export function connectivityOf(value: string | null | undefined): ConnectivityStatus | undefined {
  if (!value) return undefined;
  return CONNECTIVITY[value.toLowerCase()] ?? 'Offline';
}

/** The optional cluster facts to spread into a ClusterSnapshot (absent ones left out). */
export function clusterFacts(raw: { distribution?: string | null; kind?: string | null; connectivityStatus?: string | null; powerState?: string | null }): Pick<ClusterSnapshot, 'distribution' | 'kind' | 'connectivityStatus' | 'powerState'> {
  const out: Pick<ClusterSnapshot, 'distribution' | 'kind' | 'connectivityStatus' | 'powerState'> = {};
  if (raw.distribution) out.distribution = raw.distribution;
  if (raw.kind) out.kind = raw.kind;
  const connectivity = connectivityOf(raw.connectivityStatus);
  if (connectivity) out.connectivityStatus = connectivity;
  if (raw.powerState) out.powerState = raw.powerState;
  return out;
}

/** A region's name from what ARM shows: `"East US"` (a display name, as in the connectedClusters example) → `eastus`. */
export function regionName(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
