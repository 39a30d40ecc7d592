/** Placeholder: the policy lands with the Foundation issue (planFleet). */
import type { Catalog, Decision, FleetSnapshot, Policy } from './model';

/**
 * Decides, for every extension of every cluster, the version move allowed now. Pure: same inputs, same output,
 * sorted by clusterId then extensionName.
 */
export function planFleet(_snapshot: FleetSnapshot, _catalog: Catalog, _policy: Policy, _now: Date): Decision[] {
  throw new Error('planFleet is not implemented yet');
}
