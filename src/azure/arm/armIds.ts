/** Parses the ARM ids of clusters and extensions into the parts the ARM APIs need. Pure. */
import type { ClusterType } from '../../domain/model';
import { InputError } from '../../domain/inputError';

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

const TYPES: Record<string, ClusterType> = {
  'microsoft.containerservice/managedclusters': 'managedCluster',
  'microsoft.kubernetes/connectedclusters': 'connectedCluster',
  'microsoft.hybridcontainerservice/provisionedclusters': 'provisionedCluster',
};

/** A path segment: no separators, query/fragment, escapes, whitespace or control characters (no forged ARM paths). */
const SEG = '([^/\\\\?#%\\s\\u0000-\\u001f\\u007f]+)';
const CLUSTER_ID = new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/providers/${SEG}/${SEG}/${SEG}/?$`, 'i');

/** Splits a cluster id (case-insensitive); throws an InputError naming the id for anything else. */
export function parseClusterId(clusterId: string, input = 'cluster id'): ClusterIdParts {
  const m = CLUSTER_ID.exec(clusterId.trim());
  if (!m || m.slice(1).some((s) => s === '.' || s === '..')) throw new InputError(input, '$', `"${clusterId}" is not an ARM cluster id (/subscriptions/{s}/resourceGroups/{rg}/providers/{rp}/{type}/{name})`);
  const [, subscriptionId = '', resourceGroup = '', clusterRp = '', clusterResourceName = '', clusterName = ''] = m;
  const clusterType = TYPES[`${clusterRp}/${clusterResourceName}`.toLowerCase()];
  if (!clusterType) throw new InputError(input, '$', `"${clusterRp}/${clusterResourceName}" is not a cluster type (managedClusters, connectedClusters or provisionedClusters)`);
  return { subscriptionId, resourceGroup, clusterRp, clusterResourceName, clusterName, clusterType };
}

/** The cluster type of a cluster id, or undefined when the id is not a cluster id. */
export function clusterTypeOf(clusterId: string): ClusterType | undefined {
  try {
    return parseClusterId(clusterId).clusterType;
  } catch {
    return undefined;
  }
}

/** ARM path of a cluster's extension collection (no trailing slash). */
export function extensionsPath(clusterId: string): string {
  const p = parseClusterId(clusterId);
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/${p.clusterRp}/${p.clusterResourceName}/${p.clusterName}/providers/Microsoft.KubernetesConfiguration/extensions`;
}
