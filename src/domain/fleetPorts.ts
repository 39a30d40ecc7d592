/**
 * The port to Azure Kubernetes Fleet Manager: fleets in scope, their gates and update runs, and approving a gate.
 * Implemented over ARM in src/azure/fleet; in-memory in tests of the core.
 */
import type { FleetGate, UpdateRun } from './fleetGates';

/** How approving a gate ended: approved, refused because its eTag changed since it was read, gone, or refused by ARM. */
export type GateApproval = { kind: 'approved' } | { kind: 'etag-conflict'; message: string } | { kind: 'not-found' } | { kind: 'refused'; errorCode: string; message: string };

/** Fleet Manager, as the gate logic needs it. */
export interface FleetGateApi {
  /** ARM ids of the fleets in these subscriptions. */
  listFleets(subscriptions: string[]): Promise<string[]>;
  /** Every gate of a fleet (`state` filter applied by the caller). */
  listGates(fleetId: string): Promise<FleetGate[]>;
  /** One gate, or null when it does not exist. */
  readGate(gateId: string): Promise<FleetGate | null>;
  /** One update run with its status, or null when it does not exist. */
  readUpdateRun(updateRunId: string): Promise<UpdateRun | null>;
  /** The update runs of a fleet (status page). */
  listUpdateRuns(fleetId: string): Promise<UpdateRun[]>;
  /** Sets the gate Completed with `If-Match: eTag` (waits for a 202's operation). Throws on 5xx after retries. */
  approveGate(gateId: string, eTag: string | undefined): Promise<GateApproval>;
}
