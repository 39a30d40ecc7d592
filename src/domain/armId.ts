/**
 * Cluster ARM ids, the one place that knows their shape: the segments an id may hold, the three cluster resource types
 * and the cluster type each names, the subscription an id lies in. Pure; adapters build ARM paths from these parts.
 */
import type { ClusterType } from './model';
import { InputError } from './inputError';

/** The parts of a cluster's ARM id. */
export interface ClusterIdParts {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `Microsoft.ContainerService`, as spelled in the id. */
  clusterRp: string;
  /** e.g. `managedClusters`, as spelled in the id. */
  clusterResourceName: string;
  clusterName: string;
  clusterType: ClusterType;
}

/** The cluster type of each cluster resource type (`provider/type`, lower-case). */
export const CLUSTER_RESOURCE_TYPES: Readonly<Record<string, ClusterType>> = {
  'microsoft.containerservice/managedclusters': 'managedCluster',
  'microsoft.kubernetes/connectedclusters': 'connectedCluster',
  'microsoft.hybridcontainerservice/provisionedclusters': 'provisionedCluster',
};

const BY_LAST_TYPE: Record<string, ClusterType> = Object.fromEntries(Object.entries(CLUSTER_RESOURCE_TYPES).map(([t, c]) => [t.split('/')[1] ?? t, c]));

/** A path segment: no separators, query/fragment, escapes, whitespace or control characters (no forged ARM paths). */
const SEG = '([^/\\\\?#%\\s\\u0000-\\u001f\\u007f]+)';
const CLUSTER_ID = new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/providers/${SEG}/${SEG}/${SEG}$`, 'i');
const SHAPE = '/subscriptions/{s}/resourceGroups/{rg}/providers/{rp}/{type}/{name}';

/** The parts of `id` (no trailing slash), or the problem with it. */
function partsOf(id: string): ClusterIdParts | string {
  const m = CLUSTER_ID.exec(id);
  // m[0], the whole id, is never "." or "..": checking every element checks the five segments
  if (!m || m.some((s) => s === '.' || s === '..')) return `"${id}" is not an ARM cluster id (${SHAPE})`;
  // the pattern has five groups, none optional: a match holds five strings
  const [subscriptionId, resourceGroup, clusterRp, clusterResourceName, clusterName] = m.slice(1) as [string, string, string, string, string];
  const clusterType = CLUSTER_RESOURCE_TYPES[`${clusterRp}/${clusterResourceName}`.toLowerCase()];
  if (!clusterType) return `"${clusterRp}/${clusterResourceName}" is not a cluster type (managedClusters, connectedClusters or provisionedClusters)`;
  return { subscriptionId, resourceGroup, clusterRp, clusterResourceName, clusterName, clusterType };
}

/** Splits a cluster id (case-insensitive, one trailing slash allowed); throws an InputError naming `input` for anything else. */
export function parseClusterId(clusterId: string, input = 'cluster id'): ClusterIdParts {
  const parts = partsOf(clusterId.trim().replace(/\/$/, ''));
  if (typeof parts === 'string') throw new InputError(input, '$', parts);
  return parts;
}

/** True when `id` is the ARM id of a cluster itself (no child resource, no `.`/`..` segment, no forged characters). */
export function isClusterId(id: string): boolean {
  return typeof partsOf(id.replace(/\/+$/, '')) !== 'string';
}

/** The subscription id of an ARM id (lower-cased), or undefined when it names none. */
export function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)\//i.exec(resourceId)?.[1]?.toLowerCase();
}

/**
 * The cluster type named by an ARM id's last resource type (`…/managedClusters/<name>` → `managedCluster`);
 * null when the id names no cluster.
 */
export function clusterTypeOf(clusterId: string): ClusterType | null {
  const parts = clusterId.split('/').filter((p) => p.length > 0);
  const resourceType = parts[parts.length - 2]; // undefined for fewer than two segments
  return resourceType === undefined ? null : (BY_LAST_TYPE[resourceType.toLowerCase()] ?? null);
}
