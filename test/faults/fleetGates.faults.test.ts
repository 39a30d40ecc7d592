/**
 * Fault matrix for Fleet Manager gates — exactly once in effect: duplicate and missed events, a gate skipped, a run
 * stopped or deleted while the app works, an eTag conflict, a person approving first, and a crash at every step. Each
 * test proves its fault fired (events redelivered, PATCHes counted at the simulator, the gate's state read back).
 */
import { generateFleet } from '../../simulator/fleetGenerator';
import { addSimFleet } from '../../simulator/fleetManagerSetup';
import type { SimGate, SimGateEvent } from '../../simulator/fleetManager';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { handleFleetGateEvent } from '../../src/functions/onFleetGateEvent';
import { fleetGateInstanceId } from '../../src/host/rolloutContracts';

describe('fault matrix: Fleet Manager gates, exactly once in effect', () => {
  let world: E2eWorld;
  let canary: string;
  let n = 0;

  beforeAll(async () => {
    const fleet = generateFleet({ clusters: 4, subscriptions: 1, seed: 9, extensionsPerCluster: [1, 2], arcShare: 0 });
    world = await startE2eWorld({ fleet });
    canary = fleet.clusters[0]!.id;
    await world.runTimer();
  }, 60_000);
  afterAll(() => world.close());

  /** A fresh fleet whose run waits on one after-canary gate of ours; returns the gate and the events it raised. */
  function pendingGate(): { gate: SimGate; runId: string; events: SimGateEvent[] } {
    n++;
    world.sim.fleetManager.drainEvents(); // what earlier tests left (their gates' Updated events)
    const fleet = addSimFleet(world.sim, `fleet-f${n}`, [{ name: 'canary', groups: [{ name: 'canary', clusterIds: [canary] }], afterGates: ['extensions after canary'] }]);
    const run = world.sim.fleetManager.startRun(fleet.id, `run-${n}`, { strategy: 'extensions-strategy', kubernetesVersion: world.sim.fleet.clusters[0]!.kubernetesVersion });
    const gate = [...world.sim.fleetManager.gates.values()].find((g) => g.runId === run.id)!;
    world.sim.resetCounters();
    return { gate, runId: run.id, events: world.sim.fleetManager.drainEvents() };
  }

  const patches = (): number => world.sim.counters().calls['fleet.gates.patch'] ?? 0;
  const gateRows = async (gate: SimGate): Promise<string[]> => (await world.audit({ clusterId: gate.id })).filter((r) => r.kind === 'gate').map((r) => r.code);

  /** Starts work at the gate from its event without driving; then steps until the orchestration is about to approve. */
  async function stopBeforeApproval(gate: SimGate, events: SimGateEvent[]): Promise<void> {
    expect((await handleFleetGateEvent(events[0], world.deps)).action).toBe('started');
    const id = fleetGateInstanceId(gate.id);
    for (let i = 0; i < 200; i++) {
      const status = (await world.harness.status(id)).customStatus as { state?: string } | undefined;
      if (status?.state === 'approving') return;
      expect(await world.harness.step({ fireTimers: true })).toBe(true);
    }
    throw new Error('never reached approving');
  }

  it('the same event delivered twice after the work ended: already-done, one PATCH', async () => {
    const { gate, events } = pendingGate();
    expect(events.map((e) => e.eventType.split('.').pop())).toEqual(['FleetGateCreated']);
    expect((await handleFleetGateEvent(events[0], world.deps)).action).toBe('started');
    await world.drive();
    const again = await handleFleetGateEvent(events[0], world.deps);
    await world.drive();

    expect(again.action).toBe('already-done');
    expect(patches()).toBe(1);
    expect(gate.state).toBe('Completed');
    expect(await gateRows(gate)).toEqual(['gate-approved']);
  });

  it('the same event delivered twice while the work runs: already-running, one PATCH', async () => {
    const { gate, events } = pendingGate();
    const first = await handleFleetGateEvent(events[0], world.deps);
    const second = await handleFleetGateEvent({ ...events[0], id: 'redelivered' }, world.deps);
    await world.drive();

    expect([first.action, second.action]).toEqual(['started', 'already-running']);
    expect(patches()).toBe(1);
    expect(gate.state).toBe('Completed');
  });

  it('a missed event: the catch-up timer finds the Pending gate and approves it once; a second tick starts nothing', async () => {
    const { gate, events } = pendingGate();
    expect(events).toHaveLength(1); // dropped on the floor: never delivered

    const found = await world.catchUpGates();
    const next = await world.catchUpGates();

    expect(found.started).toEqual([gate.id]);
    expect(next.started).toEqual([]);
    expect(patches()).toBe(1);
    expect(gate.state).toBe('Completed');
  });

  it.each([
    ['skips the stage', 'gate-skipped', (runId: string) => world.sim.fleetManager.skipStage(runId, 'canary'), 'Skipped'],
    ['stops the run', 'update-run-stopped', (runId: string) => world.sim.fleetManager.stopRun(runId), 'Pending'],
    ['deletes the run', 'gate-deleted', (runId: string) => world.sim.fleetManager.deleteRun(runId), undefined],
  ])('a person %s while the app works: nothing approved, recorded as %s', async (_name, code, act, state) => {
    const { gate, runId, events } = pendingGate();
    await stopBeforeApproval(gate, events);
    act(runId);
    await world.drive();

    expect(patches()).toBe(0);
    expect(world.sim.fleetManager.gate(gate.id)?.state).toBe(state);
    expect(await gateRows(gate)).toEqual([code]);
  });

  it('an eTag conflict (someone touched the gate): refused with 412, read again, approved once', async () => {
    const { gate, events } = pendingGate();
    world.sim.fleetManager.touchBeforePatch = 1;
    await handleFleetGateEvent(events[0], world.deps);
    await world.drive();

    expect(world.sim.fleetManager.touchBeforePatch).toBe(0);
    expect(patches()).toBe(2);
    expect(gate.state).toBe('Completed');
    expect(gate.lastModifiedBy).not.toBe('alice');
    expect(await gateRows(gate)).toEqual(['gate-approved']);
  });

  it('a gate approved by a person first is left alone and recorded', async () => {
    const { gate, events } = pendingGate();
    world.sim.fleetManager.completeGate(gate.id, 'alice');
    await handleFleetGateEvent(events[0], world.deps); // the Created event arrives late, still saying Pending
    await world.drive();
    const updated = world.sim.fleetManager.drainEvents();
    const outcomes = await Promise.all(updated.map((e) => handleFleetGateEvent(e, world.deps)));

    expect(patches()).toBe(0);
    expect(gate.lastModifiedBy).toBe('alice');
    expect(await gateRows(gate)).toEqual(['gate-approved-elsewhere']);
    expect(outcomes.map((o) => o.action)).toEqual(['ignored']);
  });

  it('a crash at every step, losing the next step: the gate is approved exactly once and nothing moves twice', async () => {
    // the number of steps of one uninterrupted look at a gate
    const probe = pendingGate();
    await handleFleetGateEvent(probe.events[0], world.deps);
    let total = 0;
    while (await world.harness.step({ fireTimers: true })) total++;
    expect(probe.gate.state).toBe('Completed');
    expect(total).toBeGreaterThan(4);

    for (let cut = 1; cut < total; cut++) {
      const { gate, events } = pendingGate();
      await handleFleetGateEvent(events[0], world.deps);
      for (let i = 0; i < cut; i++) await world.harness.step({ fireTimers: true });
      const snapshot = world.harness.snapshot();
      await world.harness.step({ fireTimers: true }); // the dying host's last step: effects happen, its result is lost
      const resumed = DurableHarness.restore(snapshot);
      await resumed.runUntilIdle({ fireTimers: true });

      expect({ cut, state: gate.state, patches: patches() }).toEqual({ cut, state: 'Completed', patches: 1 });
      const writes = world.sim.counters().writesApplied.map((w) => `${w.clusterId}/${w.extensionName}/${w.to}`);
      expect(writes.length).toBe(new Set(writes).size);
      expect((await resumed.status(fleetGateInstanceId(gate.id))).runtimeStatus).toBe('Completed');
    }
  }, 120_000);
});
