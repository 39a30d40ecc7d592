/** ArmFleetGates against the simulator's Fleet Manager (real REST pipeline over HTTPS, api-version 2026-06-01). */
import { armConnection } from '../../../src/azure/arm/armConnection';
import { ArmFleetGates } from '../../../src/azure/fleet/armFleetGates';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import { addSimFleet } from '../../../simulator/fleetManagerSetup';
import type { SimFleetResource } from '../../../simulator/fleetManager';
import type { FleetSimulator } from '../../../simulator/types';

describe('ArmFleetGates against the simulator', () => {
  let sim: FleetSimulator;
  let fleet: SimFleetResource;
  let aks: string[];
  const api = () => new ArmFleetGates({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { pollIntervalMs: 5, retryDelayMs: 5 });

  beforeEach(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 12, subscriptions: 1, seed: 3, arcShare: 0 }) });
    aks = sim.fleet.clusters.map((c) => c.id);
    fleet = addSimFleet(sim, 'fleet-1', [
      { name: 'canary', groups: [{ name: 'canary', clusterIds: aks.slice(0, 1) }], afterGates: ['extensions: after canary'] },
      { name: 'prod', groups: [{ name: 'prod', clusterIds: aks.slice(1, 3) }], beforeGates: ['extensions: before prod'] },
    ]);
  });
  afterEach(async () => {
    await sim.close();
  });

  it('lists the fleets of a subscription, and none of another', async () => {
    expect(await api().listFleets([aks[0]!.split('/')[2]!])).toEqual([fleet.id]);
    expect(await api().listFleets(['00000000-0000-0000-0000-00000000abcd'])).toEqual([]);
  });

  it('reads a Pending after-stage gate and its run: target, timing, eTag, the run version and the stage members', async () => {
    sim.upgradeKubernetes(aks[0]!, '1.29.2');
    sim.fleetManager.startRun(fleet.id, 'run-1', { strategy: 'extensions-strategy', kubernetesVersion: '1.30.3' });

    const gates = await api().listGates(fleet.id);
    expect(gates).toHaveLength(1);
    const gate = gates[0]!;
    expect(gate).toMatchObject({ displayName: 'extensions: after canary', gateType: 'Approval', state: 'Pending', eTag: '"1"', target: { updateRunId: `${fleet.id}/updateRuns/run-1`, updateRunName: 'run-1', stage: 'canary', timing: 'After' } });
    expect(await api().readGate(gate.id)).toEqual(gate);
    const run = await api().readUpdateRun(gate.target.updateRunId);
    expect(run).toMatchObject({ name: 'run-1', state: 'Pending', upgradeType: 'Full', kubernetesVersion: '1.30.3' });
    expect(run!.stages.map((s) => s.name)).toEqual(['canary', 'prod']);
    expect(run!.stages[0]!.groups[0]!.members).toEqual([{ name: aks[0]!.split('/').pop()!.toLowerCase(), clusterResourceId: aks[0], state: 'Completed' }]);
    expect(run!.stages[0]!.gates).toEqual([{ displayName: 'extensions: after canary', timing: 'After', state: 'Pending', gateId: gate.id }]);
    // the run upgraded the canary's cluster in the simulated fleet
    expect(sim.fleet.clusters[0]!.kubernetesVersion).toBe('1.30.3');
  });

  it('approves with If-Match: the gate is Completed and the run moves to the next gate (200 at once)', async () => {
    sim.fleetManager.startRun(fleet.id, 'run-1', { strategy: 'extensions-strategy', kubernetesVersion: '1.30.3' });
    const [gate] = await api().listGates(fleet.id);

    expect(await api().approveGate(gate!.id, gate!.eTag)).toEqual({ kind: 'approved' });
    expect((await api().readGate(gate!.id))!.state).toBe('Completed');
    const pending = (await api().listGates(fleet.id)).filter((g) => g.state === 'Pending');
    expect(pending.map((g) => g.displayName)).toEqual(['extensions: before prod']);
  });

  it('a stale eTag is refused (412): etag-conflict, nothing approved', async () => {
    sim.fleetManager.startRun(fleet.id, 'run-1', { strategy: 'extensions-strategy', kubernetesVersion: '1.30.3' });
    const [gate] = await api().listGates(fleet.id);

    const outcome = await api().approveGate(gate!.id, '"0"');

    expect(outcome.kind).toBe('etag-conflict');
    expect((await api().readGate(gate!.id))!.state).toBe('Pending');
  });

  it('a 202 is polled at its Location (Retry-After honoured) until the gate is Completed', async () => {
    sim.gateApprovals({ async: true, retryAfterSeconds: 0 });
    sim.fleetManager.startRun(fleet.id, 'run-1', { strategy: 'extensions-strategy', kubernetesVersion: '1.30.3' });
    const [gate] = await api().listGates(fleet.id);
    sim.resetCounters();

    expect(await api().approveGate(gate!.id, gate!.eTag)).toEqual({ kind: 'approved' });

    expect((await api().readGate(gate!.id))!.state).toBe('Completed');
    expect(sim.counters().calls['fleet.gates.patch']).toBe(1);
    // the PATCH, two polls of the operation (202 then 200), the read above
    expect(sim.counters().calls['fleet.read']).toBe(3);
  });

  it('a gate or run that is gone reads null; approving a gone gate is not-found', async () => {
    sim.fleetManager.startRun(fleet.id, 'run-1', { strategy: 'extensions-strategy', kubernetesVersion: '1.30.3' });
    const [gate] = await api().listGates(fleet.id);
    sim.fleetManager.deleteRun(gate!.target.updateRunId);

    expect(await api().readGate(gate!.id)).toBeNull();
    expect(await api().readUpdateRun(gate!.target.updateRunId)).toBeNull();
    expect(await api().approveGate(gate!.id, gate!.eTag)).toEqual({ kind: 'not-found' });
    expect(sim.fleetManager.drainEvents().map((e) => e.eventType.split('.').pop())).toEqual(['FleetGateCreated', 'FleetGateDeleted']);
  });

  it('a skipped gate cannot be approved: refused with the service error code', async () => {
    sim.fleetManager.startRun(fleet.id, 'run-1', { strategy: 'extensions-strategy', kubernetesVersion: '1.30.3' });
    const [gate] = await api().listGates(fleet.id);
    sim.fleetManager.skipStage(gate!.target.updateRunId, 'canary');

    expect(await api().approveGate(gate!.id, undefined)).toMatchObject({ kind: 'refused', errorCode: 'InvalidGateState' });
  });
});
