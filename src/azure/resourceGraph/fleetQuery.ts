/**
 * The one Resource Graph query fleet discovery sends, and the row shape it yields. The ARM fleet simulator answers
 * exactly this query (matched on its text, whitespace-insensitive) and refuses any other.
 *
 * One row per extension, joined with its cluster; a cluster without extensions yields one row with null extension
 * fields (left outer join). Rows are ordered by a stable key so `$skipToken` paging is deterministic.
 */

import { CLUSTER_RESOURCE_TYPES } from '../../domain/armId';

/**
 * Cluster resource types discovered (lower-case, as Resource Graph compares with `in~`): AKS managed clusters and Arc
 * connected clusters (AKS on Azure Local is one: kind ProvisionedCluster). The retired top-level
 * `microsoft.hybridcontainerservice/provisionedclusters` type is no longer discovered.
 */
export const CLUSTER_TYPES = Object.keys(CLUSTER_RESOURCE_TYPES).filter((t) => CLUSTER_RESOURCE_TYPES[t] !== 'provisionedCluster');

/** The KQL text of the fleet query. */
export const FLEET_QUERY = [
  'resources',
  `| where type in~ (${CLUSTER_TYPES.map((t) => `'${t}'`).join(', ')})`,
  '| extend clusterKey = tolower(id)',
  '| project clusterKey, clusterId = id, location, tags, kind, kubernetesVersion = coalesce(tostring(properties.currentKubernetesVersion), tostring(properties.kubernetesVersion)),',
  '    distribution = tostring(properties.distribution), connectivityStatus = tostring(properties.connectivityStatus), powerState = tostring(properties.powerState.code)',
  '| join kind=leftouter (',
  '    kubernetesconfigurationresources',
  "    | where type =~ 'microsoft.kubernetesconfiguration/extensions'",
  "    | extend clusterKey = tostring(split(tolower(id), '/providers/microsoft.kubernetesconfiguration/')[0])",
  '    | project clusterKey, extensionId = id, extensionName = name, extensionManagedBy = managedBy, extensionProperties = properties',
  '  ) on clusterKey',
  '| project clusterId, location, tags, kind, kubernetesVersion, distribution, connectivityStatus, powerState, extensionId, extensionName, extensionManagedBy, extensionProperties',
  '| order by clusterId asc, extensionId asc',
].join('\n');

/**
 * One row of the fleet query as Resource Graph returns it (objectArray format). Property names inside
 * `extensionProperties` come in any case (`ExtensionType`, `extensionType`): readers normalise case.
 */
export interface FleetRow {
  clusterId: string;
  location: string;
  tags: Record<string, string> | null;
  /** Top-level `kind` (`ProvisionedCluster` for AKS on Azure Local); null or "" otherwise. */
  kind: string | null;
  kubernetesVersion: string;
  /** Arc: `properties.distribution`; "" for AKS. */
  distribution: string | null;
  /** Arc: `properties.connectivityStatus`; "" for AKS. */
  connectivityStatus: string | null;
  /** AKS: `properties.powerState.code`; "" for Arc. */
  powerState: string | null;
  extensionId: string | null;
  extensionName: string | null;
  /** The extension's top-level `managedBy` (the resource that owns it); null or "" when none. */
  extensionManagedBy: string | null;
  extensionProperties: Record<string, unknown> | null;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** True when `query` is the fleet query (whitespace-insensitive). */
export function isFleetQuery(query: string): boolean {
  return norm(query) === norm(FLEET_QUERY);
}

/**
 * The subscriptions of a scope (sent with `managementGroups`): resolves management groups to the subscriptions under
 * them, so the scope can be checked before a write. One row `{ subscriptionId }` per subscription.
 */
export const SUBSCRIPTIONS_QUERY = [
  'resourcecontainers',
  "| where type =~ 'microsoft.resources/subscriptions'",
  '| project subscriptionId = tolower(subscriptionId)',
  '| order by subscriptionId asc',
].join('\n');

/** True when `query` is the subscriptions query (whitespace-insensitive). */
export function isSubscriptionsQuery(query: string): boolean {
  return norm(query) === norm(SUBSCRIPTIONS_QUERY);
}
