/**
 * The status page's Fleet Manager view: the update runs of the fleets in scope, stage by stage, with their gates; for
 * each gate that is ours, what the app last did there (its newest `gate` audit row). Bounded: at most MAX_FLEETS fleets
 * and MAX_RUNS runs each (newest listed first by the service; unverified), so the page stays small.
 */
import { isOurGate } from '../domain/fleetGates';
import type { AuditLog, FleetScope, FleetInventory } from '../domain/ports';
import type { FleetGateApi } from '../domain/fleetPorts';

/** Most fleets and runs per fleet the board reads. */
export const FLEET_BOARD_LIMITS = { fleets: 10, runs: 5 } as const;

/** One gate as the page shows it. */
export interface GateView {
  displayName: string;
  timing: 'Before' | 'After';
  group?: string;
  state: string;
  ours: boolean;
  /** What the app last did at it: reason code, sentence, when. */
  did?: { code: string; reason: string; at: string };
}

/** One update run as the page shows it. */
export interface RunView {
  fleet: string;
  name: string;
  state: string;
  kubernetesVersion?: string;
  stages: { name: string; state: string; members: number; upgraded: number; gates: GateView[] }[];
}

/** The update runs of the fleets in scope; an empty list when Fleet Manager is not configured. */
export async function fleetRunsBoard(fleet: { api: FleetGateApi; gatePattern: RegExp } | undefined, scope: FleetScope, inventory: FleetInventory, audit: AuditLog): Promise<RunView[]> {
  if (!fleet) return [];
  const subscriptions = new Set(scope.subscriptions.map((s) => s.toLowerCase()));
  if (scope.managementGroups.length > 0) for (const s of await inventory.subscriptionsIn(scope.managementGroups)) subscriptions.add(s.toLowerCase());
  const fleets = (await fleet.api.listFleets([...subscriptions].sort())).slice(0, FLEET_BOARD_LIMITS.fleets);
  const views: RunView[] = [];
  for (const fleetId of fleets) {
    for (const run of (await fleet.api.listUpdateRuns(fleetId)).slice(0, FLEET_BOARD_LIMITS.runs)) {
      const stages = [];
      for (const stage of run.stages) {
        const members = stage.groups.flatMap((g) => g.members);
        const gates: GateView[] = [];
        for (const g of stage.gates ?? []) {
          const ours = isOurGate({ gateType: 'Approval', displayName: g.displayName }, fleet.gatePattern);
          const rows = ours && g.gateId ? (await audit.query({ clusterId: g.gateId, kinds: ['gate'] })) : [];
          const last = rows[rows.length - 1];
          gates.push({ displayName: g.displayName, timing: g.timing, state: g.state, ours, ...(g.group !== undefined ? { group: g.group } : {}), ...(last ? { did: { code: last.code, reason: last.reason, at: last.at } } : {}) });
        }
        stages.push({ name: stage.name, state: stage.state, members: members.length, upgraded: members.filter((m) => m.state === 'Completed').length, gates });
      }
      views.push({ fleet: fleetId.split('/').pop() ?? fleetId, name: run.name, state: run.state, ...(run.kubernetesVersion ? { kubernetesVersion: run.kubernetesVersion } : {}), stages });
    }
  }
  return views;
}
