/** Cluster type from a cluster's ARM id. */
import type { ClusterType } from './model';

const BY_RESOURCE_TYPE: Record<string, ClusterType> = {
  managedclusters: 'managedCluster',
  connectedclusters: 'connectedCluster',
  provisionedclusters: 'provisionedCluster',
};

/**
 * The cluster type named by an ARM id's last resource type (`…/managedClusters/<name>` → `managedCluster`);
 * null when the id names no cluster.
 */
export function clusterTypeOf(clusterId: string): ClusterType | null {
  const parts = clusterId.split('/').filter((p) => p.length > 0);
  if (parts.length < 2) return null;
  const resourceType = parts[parts.length - 2];
  return resourceType === undefined ? null : (BY_RESOURCE_TYPE[resourceType.toLowerCase()] ?? null);
}
