/**
 * Starting the app's work at a Fleet Manager gate, exactly once in effect: one orchestration per gate (instance id from the
 * gate id), not started again while it runs or after it ended for good (approved, left alone); a gate it held may be
 * looked at again by a later event or catch-up tick. The catch-up lists the Pending gates of every fleet in scope, so a
 * missed event costs at most one timer period.
 */
import { isOurGate } from '../domain/fleetGates';
import type { Trigger } from '../domain/ports';
import type { HandlerDeps } from '../host/durableStarter';
import { fleetGateInstanceId, isLive, ORCHESTRATIONS } from '../host/rolloutContracts';

/** What starting work at one gate did. */
export type GateStart = 'started' | 'already-running' | 'already-done';

/** Starts the fleetGate orchestration for `gateId` unless it runs, or ended with nothing left to do. */
export async function startGateWork(deps: HandlerDeps, gateId: string, trigger: Trigger): Promise<{ result: GateStart; instanceId: string }> {
  const instanceId = fleetGateInstanceId(gateId);
  const current = await deps.starter.status(instanceId);
  if (isLive(current.runtimeStatus)) return { result: 'already-running', instanceId };
  if (current.runtimeStatus === 'Completed' && (current.output as { final?: unknown } | undefined)?.final === true) return { result: 'already-done', instanceId };
  const result = await deps.starter.start(ORCHESTRATIONS.fleetGate, instanceId, { gateId, attempt: deps.now().toISOString(), trigger, dryRun: deps.services().dryRun });
  return { result, instanceId };
}

/** What one catch-up pass found and started. */
export interface GateCatchUp {
  fleets: number;
  pending: number;
  started: string[];
}

/** Lists the Pending gates that are ours in every fleet of the scope's subscriptions and starts work at each. */
export async function catchUpGates(deps: HandlerDeps): Promise<GateCatchUp> {
  const s = deps.services();
  if (!s.fleet) return { fleets: 0, pending: 0, started: [] };
  const subscriptions = new Set(s.scope.subscriptions.map((x) => x.toLowerCase()));
  if (s.scope.managementGroups.length > 0) for (const x of await s.inventory.subscriptionsIn(s.scope.managementGroups)) subscriptions.add(x.toLowerCase());
  const fleets = await s.fleet.api.listFleets([...subscriptions].sort());
  const out: GateCatchUp = { fleets: fleets.length, pending: 0, started: [] };
  for (const fleetId of fleets) {
    for (const gate of await s.fleet.api.listGates(fleetId)) {
      if (gate.state !== 'Pending' || !isOurGate(gate, s.fleet.gatePattern)) continue;
      out.pending++;
      const { result } = await startGateWork(deps, gate.id, { kind: 'timer' });
      if (result === 'started') out.started.push(gate.id);
    }
  }
  return out;
}
