/**
 * The scope check before anything touches a cluster: its subscription is configured, or it lies under a configured
 * management group (resolved through Resource Graph, remembered for ten minutes per inventory). An event, an HTTP body
 * or a stale state row can name any id; only this decides whether the app may act on it.
 */
import { subscriptionOf } from '../domain/armId';
import type { FleetInventory, FleetScope } from '../domain/ports';

const TTL_MS = 10 * 60 * 1000;
const resolved = new WeakMap<FleetInventory, { key: string; at: number; subscriptions: Promise<Set<string>> }>();

/** The subscriptions under the scope's management groups, cached per inventory; a failed lookup is not cached. */
function managementGroupSubscriptions(inventory: FleetInventory, groups: string[], now: number): Promise<Set<string>> {
  const key = groups.map((g) => g.toLowerCase()).sort().join(',');
  const cached = resolved.get(inventory);
  if (cached && cached.key === key && now - cached.at < TTL_MS) return cached.subscriptions;
  const subscriptions = inventory.subscriptionsIn(groups).then((ids) => new Set(ids.map((s) => s.toLowerCase())));
  subscriptions.catch(() => resolved.delete(inventory));
  resolved.set(inventory, { key, at: now, subscriptions });
  return subscriptions;
}

/** True when the app may act on `clusterId` under `scope`. A lookup failure propagates (the caller retries). */
export async function clusterInScope(clusterId: string, scope: FleetScope, inventory: FleetInventory, now = Date.now()): Promise<boolean> {
  const subscription = subscriptionOf(clusterId);
  if (subscription === undefined) return false;
  if (scope.subscriptions.some((s) => s.toLowerCase() === subscription)) return true;
  if (scope.managementGroups.length === 0) return false;
  return (await managementGroupSubscriptions(inventory, scope.managementGroups, now)).has(subscription);
}
