/**
 * Azure Kubernetes Fleet Manager in the simulator: fleets, members, update strategies and update runs that progress stage
 * by stage (before gates, groups, after gates), upgrade their members' Kubernetes version in the simulated fleet, create
 * approval gates and wait on them, and publish FleetGateCreated/Updated/Deleted events (Event Grid schema of
 * howto-configure-events-for-gates.md) to `events`, which the e2e world delivers to the app. Shapes: docs/azure-fidelity.md.
 */
import type { SimCluster } from './types';

/** A gate definition in a strategy (`beforeGates[]` / `afterGates[]`). */
export interface SimGateDef {
  displayName: string;
  type: 'Approval';
}

/** One stage of an update strategy. */
export interface SimStrategyStage {
  name: string;
  groups: { name: string; beforeGates?: SimGateDef[]; afterGates?: SimGateDef[] }[];
  beforeGates?: SimGateDef[];
  afterGates?: SimGateDef[];
}

/** A fleet member: a cluster in a named update group. */
export interface SimFleetMember {
  name: string;
  clusterResourceId: string;
  group: string;
}

/** One simulated fleet. */
export interface SimFleetResource {
  id: string;
  location: string;
  members: SimFleetMember[];
  strategies: Record<string, SimStrategyStage[]>;
}

/** A gate resource. */
export interface SimGate {
  id: string;
  name: string;
  displayName: string;
  state: 'Pending' | 'Skipped' | 'Completed';
  eTag: number;
  runId: string;
  runName: string;
  stage: string;
  group?: string;
  timing: 'Before' | 'After';
  lastModifiedBy: string;
}

/** One step of a run: a gate to pass, or a group whose members get upgraded. */
export type SimRunStep = { kind: 'gate'; def: SimGateDef; stage: string; group?: string; timing: 'Before' | 'After'; gateId?: string } | { kind: 'upgrade'; stage: string; group: string };

/** An update run and where it stands. */
export interface SimUpdateRun {
  id: string;
  name: string;
  fleetId: string;
  stages: SimStrategyStage[];
  upgradeType: 'Full' | 'ControlPlaneOnly' | 'NodeImageOnly';
  kubernetesVersion?: string;
  state: 'NotStarted' | 'Running' | 'Stopping' | 'Stopped' | 'Failed' | 'Completed';
  steps: SimRunStep[];
  cursor: number;
  /** States of stages, groups (`stage/group`) and members (cluster id, lower-case) as the run's status shows them. */
  states: Map<string, string>;
}

/** An Event Grid event of the AKSResources system topic. */
export type SimGateEvent = Record<string, unknown> & { id: string; eventType: string };

const EVENT_PREFIX = 'Microsoft.ResourceNotifications.AksResources.';

/** The simulator's Fleet Manager: resources, progression, a person's actions and the events they raise. */
export class SimFleetManager {
  readonly fleets = new Map<string, SimFleetResource>();
  readonly runs = new Map<string, SimUpdateRun>();
  readonly gates = new Map<string, SimGate>();
  /** Gate events not yet taken by `drainEvents`. */
  readonly events: SimGateEvent[] = [];
  /** Fault: before each of the next N gate PATCHes, someone else touches the gate (its eTag changes, its state does not). */
  touchBeforePatch = 0;
  private nextGate = 1;
  private nextEvent = 1;

  constructor(private readonly cluster: (id: string) => SimCluster | undefined) {}

  addFleet(fleet: SimFleetResource): void {
    this.fleets.set(fleet.id.toLowerCase(), fleet);
  }

  fleet(id: string): SimFleetResource | undefined {
    return this.fleets.get(id.toLowerCase());
  }

  gate(id: string): SimGate | undefined {
    return this.gates.get(id.toLowerCase());
  }

  run(id: string): SimUpdateRun | undefined {
    return this.runs.get(id.toLowerCase());
  }

  /** Creates and starts an update run from a strategy, then advances it to its first wait. */
  startRun(fleetId: string, name: string, options: { strategy: string; kubernetesVersion?: string; upgradeType?: SimUpdateRun['upgradeType'] }): SimUpdateRun {
    const fleet = this.fleet(fleetId);
    const stages = fleet?.strategies[options.strategy];
    if (!fleet || !stages) throw new Error(`simulator: no fleet ${fleetId} or strategy ${options.strategy}`);
    const steps: SimRunStep[] = [];
    for (const s of stages) {
      for (const def of s.beforeGates ?? []) steps.push({ kind: 'gate', def, stage: s.name, timing: 'Before' });
      for (const g of s.groups) {
        for (const def of g.beforeGates ?? []) steps.push({ kind: 'gate', def, stage: s.name, group: g.name, timing: 'Before' });
        steps.push({ kind: 'upgrade', stage: s.name, group: g.name });
        for (const def of g.afterGates ?? []) steps.push({ kind: 'gate', def, stage: s.name, group: g.name, timing: 'After' });
      }
      for (const def of s.afterGates ?? []) steps.push({ kind: 'gate', def, stage: s.name, timing: 'After' });
    }
    const run: SimUpdateRun = { id: `${fleet.id}/updateRuns/${name}`, name, fleetId: fleet.id, stages, upgradeType: options.upgradeType ?? 'Full', state: 'Running', steps, cursor: 0, states: new Map(), ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}) };
    this.runs.set(run.id.toLowerCase(), run);
    this.advance(run);
    return run;
  }

  /** Moves every running run as far as it goes (upgrading groups, passing completed or skipped gates). */
  advanceAll(): void {
    for (const run of this.runs.values()) this.advance(run);
  }

  /** Moves one run until it waits on a Pending gate, ends, or is not Running. */
  advance(run: SimUpdateRun): void {
    while (run.state === 'Running' && run.cursor < run.steps.length) {
      const step = run.steps[run.cursor]!;
      run.states.set(step.stage, run.states.get(step.stage) === 'Skipped' ? 'Skipped' : 'Running');
      if (step.kind === 'upgrade') {
        if (run.states.get(step.stage) !== 'Skipped') this.upgradeGroup(run, step.stage, step.group);
        run.cursor++;
        continue;
      }
      if (step.gateId === undefined) step.gateId = this.createGate(run, step).id;
      const gate = this.gate(step.gateId);
      if (gate?.state === 'Pending') return;
      run.cursor++;
      const next = run.steps[run.cursor];
      if (!next || next.stage !== step.stage) run.states.set(step.stage, run.states.get(step.stage) === 'Skipped' ? 'Skipped' : 'Completed');
    }
    if (run.state === 'Running') run.state = 'Completed';
  }

  /** A person (or the app) sets a gate Completed; the run moves on. */
  completeGate(gateId: string, by: string): SimGate {
    const gate = this.gate(gateId);
    if (!gate) throw new Error(`simulator: no gate ${gateId}`);
    gate.state = 'Completed';
    gate.eTag++;
    gate.lastModifiedBy = by;
    this.publish('FleetGateUpdated', gate);
    const run = this.run(gate.runId);
    if (run) this.advance(run);
    return gate;
  }

  /** A person skips a stage: its gates go Skipped (events), its groups are not upgraded, the run moves on. */
  skipStage(runId: string, stage: string): void {
    const run = this.mustRun(runId);
    run.states.set(stage, 'Skipped');
    for (const g of this.gates.values()) {
      if (g.runId.toLowerCase() === run.id.toLowerCase() && g.stage === stage && g.state === 'Pending') {
        g.state = 'Skipped';
        g.eTag++;
        this.publish('FleetGateUpdated', g);
      }
    }
    for (const step of run.steps) if (step.kind === 'gate' && step.stage === stage && step.gateId === undefined) step.gateId = this.createGate(run, step, 'Skipped').id;
    this.advance(run);
  }

  /** A person stops the run: it stays where it is, its Pending gates stay Pending (unverified: see the fidelity ledger). */
  stopRun(runId: string): void {
    this.mustRun(runId).state = 'Stopped';
  }

  /** A person deletes the run: every gate of it is deleted with it (FleetGateDeleted each). */
  deleteRun(runId: string): void {
    const run = this.mustRun(runId);
    this.runs.delete(run.id.toLowerCase());
    for (const [key, g] of [...this.gates]) {
      if (g.runId.toLowerCase() !== run.id.toLowerCase()) continue;
      this.gates.delete(key);
      this.publish('FleetGateDeleted', g);
    }
  }

  /** Takes the events published since the last call. */
  drainEvents(): SimGateEvent[] {
    return this.events.splice(0, this.events.length);
  }

  private mustRun(runId: string): SimUpdateRun {
    const run = this.run(runId);
    if (!run) throw new Error(`simulator: no update run ${runId}`);
    return run;
  }

  private upgradeGroup(run: SimUpdateRun, stage: string, group: string): void {
    const fleet = this.fleet(run.fleetId)!;
    run.states.set(`${stage}/${group}`, 'Running');
    for (const m of fleet.members.filter((x) => x.group === group)) {
      const cluster = this.cluster(m.clusterResourceId);
      // Fleet upgrades managed clusters only: any other member is left as it is (Skipped in the run's status)
      if (!cluster || !/\/managedClusters\//i.test(cluster.id)) {
        run.states.set(m.clusterResourceId.toLowerCase(), 'Skipped');
        continue;
      }
      if (run.upgradeType !== 'NodeImageOnly' && run.kubernetesVersion) cluster.kubernetesVersion = run.kubernetesVersion;
      run.states.set(m.clusterResourceId.toLowerCase(), 'Completed');
    }
    run.states.set(`${stage}/${group}`, 'Completed');
  }

  private createGate(run: SimUpdateRun, step: Extract<SimRunStep, { kind: 'gate' }>, state: SimGate['state'] = 'Pending'): SimGate {
    const name = `${(this.nextGate++).toString(16).padStart(8, '0')}-0000-4000-8000-${run.name.length.toString(16).padStart(12, '0')}`;
    const gate: SimGate = { id: `${run.fleetId}/gates/${name}`, name, displayName: step.def.displayName, state, eTag: 1, runId: run.id, runName: run.name, stage: step.stage, timing: step.timing, lastModifiedBy: 'fleet', ...(step.group !== undefined ? { group: step.group } : {}) };
    this.gates.set(gate.id.toLowerCase(), gate);
    if (state === 'Pending') this.publish('FleetGateCreated', gate);
    return gate;
  }

  private publish(type: 'FleetGateCreated' | 'FleetGateUpdated' | 'FleetGateDeleted', gate: SimGate): void {
    const subscription = gate.id.split('/')[2];
    const n = this.nextEvent++;
    this.events.push({
      id: `00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`,
      topic: `/subscriptions/${subscription}`,
      subject: gate.id,
      data: { resourceInfo: { id: gate.id, name: gate.name, type: 'Microsoft.ContainerService/fleets/gates', properties: gateProperties(gate) }, operationalInfo: { resourceEventTime: new Date().toISOString() }, apiVersion: '2026-06-01' },
      eventType: `${EVENT_PREFIX}${type}`,
      dataVersion: '1',
      metadataVersion: '1',
      eventTime: new Date().toISOString(),
    });
  }
}

/** A gate's `properties`, in the shape of the spec's GateProperties (and of the events' `resourceInfo.properties`). */
export function gateProperties(gate: SimGate): Record<string, unknown> {
  return {
    displayName: gate.displayName,
    gateType: 'Approval',
    provisioningState: 'Succeeded',
    state: gate.state,
    target: { id: gate.runId, updateRunProperties: { name: gate.runName, stage: gate.stage, ...(gate.group !== undefined ? { group: gate.group } : {}), timing: gate.timing } },
  };
}
