/**
 * What the starters (timer, event, HTTP) and the orchestrations agree on: names, inputs, instance ids.
 * Instance ids derive from the cluster and the target state, so a timer run and an event for the same cluster
 * never start the same work twice.
 */
import { createHash } from 'node:crypto';
import type { Trigger } from '../domain/ports';

/** Registered orchestration names. */
export const ORCHESTRATIONS = { fleet: 'fleetRollout', cluster: 'clusterRollout', fleetGate: 'fleetGate' } as const;

/** The fleet rollout is a singleton: at most one runs at a time. */
export const FLEET_ROLLOUT_INSTANCE_ID = 'fleet-rollout';

/** Approval external event name (raised by POST /api/rollouts/{id}/approve). */
export const APPROVAL_EVENT = 'RingApproval';

/** Input of the fleetRollout orchestration. */
export interface FleetRolloutInput {
  /** Unique per run (the audit log's rollout id), e.g. `fleet-<ISO time>`. */
  rolloutId: string;
  trigger: Trigger;
  dryRun: boolean;
  /**
   * How many batches of a ring one orchestration execution runs before it continues as new (history stays bounded);
   * default FLEET_BATCHES_PER_EXECUTION; 0 = never continue as new (one execution: the benchmark's baseline).
   */
  batchesPerExecution?: number;
}

/** Default batches per fleet rollout execution: keeps each history short and replays linear (see README, P7). */
export const FLEET_BATCHES_PER_EXECUTION = 3;

/** Input of the clusterRollout orchestration (as a sub-orchestration of the fleet, or started by an event). */
export interface ClusterRolloutInput {
  rolloutId: string;
  clusterId: string;
  /** Ring name (for per-ring maintenance windows and audit rows). */
  ring: string;
  trigger: Trigger;
  dryRun: boolean;
}

/** Input of the fleetGate orchestration: one Fleet Manager gate, named by its ARM id (everything else is read live). */
export interface FleetGateInput {
  gateId: string;
  /** When this look at the gate was started (ISO-8601): names its audit rows and its members' sub-orchestrations. */
  attempt: string;
  trigger: Trigger;
  dryRun: boolean;
}

/** Instance id of the work at a gate: one per gate (ARM ids are case-insensitive), whatever event or timer tick starts it. */
export function fleetGateInstanceId(gateId: string): string {
  return `gate-${clusterKey(gateId)}`;
}

/** Payload of the approval event. */
export interface ApprovalEvent {
  ring: string;
  approvedBy: string;
}

/** A short stable hash of a cluster id (ARM ids are case-insensitive). */
export function clusterKey(clusterId: string): string {
  return createHash('sha256').update(clusterId.toLowerCase()).digest('hex').slice(0, 16);
}

/** Instance id of a cluster rollout toward a Kubernetes version: same cluster + same version = same instance. */
export function clusterRolloutInstanceId(clusterId: string, kubernetesVersion: string): string {
  return `cluster-${clusterKey(clusterId)}-${kubernetesVersion.replace(/[^0-9A-Za-z.]/g, '_')}`;
}

/** Runtime status of an orchestration instance, as the durable client reports it. */
export interface RolloutStatus {
  instanceId: string;
  runtimeStatus: 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew' | 'Suspended' | 'NotFound';
  input?: unknown;
  customStatus?: unknown;
  output?: unknown;
}

/**
 * True while an instance runs or is about to: Pending, Running, or ContinuedAsNew (between two executions; the Durable
 * client raises events to it then, as to a running instance).
 */
export function isLive(runtimeStatus: RolloutStatus['runtimeStatus']): boolean {
  return runtimeStatus === 'Pending' || runtimeStatus === 'Running' || runtimeStatus === 'ContinuedAsNew';
}

/**
 * Starts and queries rollouts. In the app it wraps the durable client (src/host/durableStarter.ts); tests and the
 * demo use the replay harness's implementation (simulator/world/durableHarness.ts).
 */
export interface RolloutStarter {
  /** Starts `orchestration` under `instanceId` unless an instance with that id is pending or running. */
  start(orchestration: 'fleetRollout', instanceId: string, input: FleetRolloutInput): Promise<'started' | 'already-running'>;
  start(orchestration: 'clusterRollout', instanceId: string, input: ClusterRolloutInput): Promise<'started' | 'already-running'>;
  start(orchestration: 'fleetGate', instanceId: string, input: FleetGateInput): Promise<'started' | 'already-running'>;
  status(instanceId: string): Promise<RolloutStatus>;
  /** Raises the approval event; false when no such running instance. */
  raiseApproval(instanceId: string, event: ApprovalEvent): Promise<boolean>;
}
