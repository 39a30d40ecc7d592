/** Builds the ARM paths of a cluster's extensions from its id (the id's shape is src/domain/armId.ts's). Pure. */
import { parseClusterId } from '../../domain/armId';

/** ARM path of a cluster's extension collection (no trailing slash). */
export function extensionsPath(clusterId: string): string {
  const p = parseClusterId(clusterId);
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/${p.clusterRp}/${p.clusterResourceName}/${p.clusterName}/providers/Microsoft.KubernetesConfiguration/extensions`;
}
