/**
 * Builds a Fleet Manager fleet in a running simulator from a short description: stages of groups of clusters, with gate
 * display names before/after each stage. Used by the demo, the e2e world's tests and the adapter tests.
 */
import type { SimFleetResource, SimGateDef } from './fleetManager';
import type { FleetSimulator } from './types';

/** A stage of the fleet's strategy: groups of cluster ids, and the display names of its gates. */
export interface FleetStageSpec {
  name: string;
  groups: { name: string; clusterIds: string[] }[];
  beforeGates?: string[];
  afterGates?: string[];
}

const gates = (names: string[] | undefined): SimGateDef[] | undefined => names?.map((displayName) => ({ displayName, type: 'Approval' }));

/**
 * Adds fleet `name` (resource group `rg-fleet` of the first cluster's subscription) with one member per cluster (member
 * name = cluster name, group = its group) and the strategy `strategy` of these stages. Returns the fleet.
 */
export function addSimFleet(sim: FleetSimulator, name: string, stages: FleetStageSpec[], strategy = 'extensions-strategy'): SimFleetResource {
  const first = stages[0]?.groups[0]?.clusterIds[0];
  if (!first) throw new Error('simulator: a fleet needs at least one member');
  const subscription = first.split('/')[2];
  const fleet: SimFleetResource = {
    id: `/subscriptions/${subscription}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/${name}`,
    location: 'eastus',
    members: stages.flatMap((s) => s.groups.flatMap((g) => g.clusterIds.map((id) => ({ name: id.split('/').pop()!.toLowerCase(), clusterResourceId: id, group: g.name })))),
    strategies: {
      [strategy]: stages.map((s) => ({
        name: s.name,
        groups: s.groups.map((g) => ({ name: g.name })),
        ...(s.beforeGates ? { beforeGates: gates(s.beforeGates) } : {}),
        ...(s.afterGates ? { afterGates: gates(s.afterGates) } : {}),
      })),
    },
  };
  sim.fleetManager.addFleet(fleet);
  return fleet;
}
