/**
 * Azure Kubernetes Fleet Manager update runs and their approval gates, as the domain sees them (shapes: Microsoft.ContainerService
 * fleet API 2026-06-01, see docs/azure-fidelity.md), and the two questions asked of a gate: is it ours, and what do we do
 * at it. Pure: the gate and its run are read by the caller, live (level-triggered), never taken from an event.
 */
import { parseKubernetesTarget, type KubernetesTarget } from './whatIf';
import { clusterTypeOf } from './armId';
import type { ReasonCode } from './reasonCodes';

/** A gate's state (`properties.state`). */
export type GateState = 'Pending' | 'Skipped' | 'Completed';

/** Whether the gate stands before or after its stage or group (`target.updateRunProperties.timing`). */
export type GateTiming = 'Before' | 'After';

/** One `Microsoft.ContainerService/fleets/gates` resource. */
export interface FleetGate {
  /** ARM id of the gate. */
  id: string;
  /** `displayName`; empty when the strategy gave none. */
  displayName: string;
  /** `gateType`: `Approval` is the only type an external system completes. */
  gateType: string;
  state: GateState;
  /** `eTag`, sent back as If-Match when the gate is approved; absent when ARM did not return one. */
  eTag?: string;
  target: { updateRunId: string; updateRunName: string; stage?: string; group?: string; timing: GateTiming };
}

/** State of an update run, stage, group or member (`UpdateState`). */
export type UpdateState = 'NotStarted' | 'Running' | 'Stopping' | 'Stopped' | 'Skipped' | 'Failed' | 'Pending' | 'Completed';

/** One member of a group in an update run's status. */
export interface UpdateRunMember {
  name: string;
  clusterResourceId: string;
  state: UpdateState;
}

/** One stage of an update run's status, with its groups and their members. */
export interface UpdateRunStage {
  name: string;
  state: UpdateState;
  groups: { name: string; state: UpdateState; members: UpdateRunMember[] }[];
  /** The stage's and its groups' gates as the run's status shows them (status page); absent when not read. */
  gates?: { displayName: string; timing: GateTiming; state: UpdateState; gateId?: string; group?: string }[];
}

/** An update run as the gate logic needs it (`properties.status` and `managedClusterUpdate.upgrade`). */
export interface UpdateRun {
  id: string;
  name: string;
  state: UpdateState;
  /** `Full`, `ControlPlaneOnly` or `NodeImageOnly`. */
  upgradeType: string;
  /** `upgrade.kubernetesVersion`, when the run sets one. */
  kubernetesVersion?: string;
  stages: UpdateRunStage[];
}

/** Default pattern of our gates' display names: they start with `extensions` (any case). */
export const DEFAULT_GATE_PATTERN = '^extensions';

/** True when the gate is ours: an Approval gate whose display name matches `pattern`. Anything else is never touched. */
export function isOurGate(gate: Pick<FleetGate, 'gateType' | 'displayName'>, pattern: RegExp): boolean {
  return gate.gateType.toLowerCase() === 'approval' && pattern.test(gate.displayName);
}

/** The fleet id a gate lies in (`…/fleets/{fleet}`), or undefined when `gateId` is not a gate id. */
export function fleetOfGate(gateId: string): string | undefined {
  const m = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/fleets\/[^/]+)\/gates\/[^/]+$/i.exec(gateId.trim());
  return m?.[1];
}

/** The update-run states in which a run waits on its gates and moves on once they complete. */
const ACTIVE_RUN_STATES: ReadonlySet<UpdateState> = new Set<UpdateState>(['Running', 'Pending']);

/** What the app does at a gate. */
export type GateAction =
  | { kind: 'leave'; code: ReasonCode; reason: string }
  /** Before: plan `clusterIds` as if on `kubernetes` (null = their own version: a node-image-only run). */
  | { kind: 'readiness'; clusterIds: string[]; kubernetes: KubernetesTarget | null; otherMembers: string[] }
  /** After: roll the extension moves of `clusterIds` out, then decide. */
  | { kind: 'rollout'; clusterIds: string[]; otherMembers: string[] };

/** The members a gate stands for: its group's, or every group's of its stage; undefined when the run has no such stage/group. */
export function gateMembers(run: UpdateRun, target: FleetGate['target']): UpdateRunMember[] | undefined {
  const same = (a: string, b: string | undefined): boolean => b !== undefined && a.toLowerCase() === b.toLowerCase();
  const stage = run.stages.find((s) => same(s.name, target.stage));
  if (!stage) return undefined;
  if (target.group === undefined) return stage.groups.flatMap((g) => g.members);
  return stage.groups.find((g) => same(g.name, target.group))?.members;
}

/** The Kubernetes version a run moves its members to: its version, none for a node-image-only run, else each member's next minor. */
export function runKubernetesTarget(run: Pick<UpdateRun, 'upgradeType' | 'kubernetesVersion'>): KubernetesTarget | null {
  if (run.upgradeType.toLowerCase() === 'nodeimageonly') return null;
  if (run.kubernetesVersion === undefined) return { kind: 'nextMinor' };
  return parseKubernetesTarget(run.kubernetesVersion, 'update run managedClusterUpdate.upgrade.kubernetesVersion');
}

/**
 * What to do at `gate` of `run`, both read live: leave it (gone, approved by someone else, skipped, its run not active,
 * no such stage or group), check readiness (Before) or roll the members' extensions out (After). Only AKS members are
 * planned: Fleet upgrades no other kind, so the others keep the ring rollout and are listed in `otherMembers`.
 */
export function gateAction(gate: FleetGate | null, run: UpdateRun | null): GateAction {
  if (!gate) return { kind: 'leave', code: 'gate-deleted', reason: 'The gate no longer exists (its update run was deleted); nothing to approve.' };
  if (gate.state === 'Completed') return { kind: 'leave', code: 'gate-approved-elsewhere', reason: 'The gate is already Completed: approved by someone else; left alone.' };
  if (gate.state === 'Skipped') return { kind: 'leave', code: 'gate-skipped', reason: 'The gate was Skipped with its stage or group; left alone.' };
  if (!run) return { kind: 'leave', code: 'gate-deleted', reason: `Update run ${gate.target.updateRunName} no longer exists; nothing to approve.` };
  if (!ACTIVE_RUN_STATES.has(run.state)) return { kind: 'leave', code: 'update-run-stopped', reason: `Update run ${run.name} is ${run.state}; the gate is left Pending.` };
  const members = gateMembers(run, gate.target);
  if (!members) return { kind: 'leave', code: 'gate-deleted', reason: `Update run ${run.name} has no ${gate.target.group !== undefined ? `group ${gate.target.group} in ` : ''}stage ${gate.target.stage ?? '(none)'}; nothing to approve.` };
  const aks = members.filter((m) => clusterTypeOf(m.clusterResourceId) === 'managedCluster').map((m) => m.clusterResourceId);
  const otherMembers = members.filter((m) => clusterTypeOf(m.clusterResourceId) !== 'managedCluster').map((m) => m.clusterResourceId);
  if (gate.target.timing === 'Before') return { kind: 'readiness', clusterIds: aks, kubernetes: runKubernetesTarget(run), otherMembers };
  return { kind: 'rollout', clusterIds: aks, otherMembers };
}

/** Where a gate stands, for audit rows and the status page: `run / stage[ / group] (Before|After)`. */
export function gatePlace(target: FleetGate['target']): string {
  return `${target.updateRunName} / ${target.stage ?? '?'}${target.group !== undefined ? ` / ${target.group}` : ''} (${target.timing})`;
}
