/**
 * The demo's Fleet Manager story (demo/fleetAct.ts) end to end on the embedded default: the simulator's update run, its
 * gate events delivered to onFleetGateEvent, the fleetGate orchestration under the replay engine, real SDK pipelines to
 * the simulator, audit rows in Azurite and CloudEvents at the local receiver. Expected values come from the rules:
 * the canary's extension moves to the newest 1.5 patch (the minor window opened by 1.29 → 1.30), and the legacy agent
 * offers nothing for 1.30, so prod is not ready.
 */
import { generateFleet } from '../../simulator/fleetGenerator';
import { startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { HttpRequest } from '@azure/functions';
import { uiFleetRunsRoute } from '../../src/functions/httpUi';
import type { RunView } from '../../src/app/fleetRunsBoard';
import { addFleetStoryClusters, FLEET_STORY, runFleetStory, type FleetStory, type FleetStoryClusters } from '../../demo/fleetAct';

describe('the Fleet Manager story: a two-stage run, an after-canary gate approved, a before-prod gate held', () => {
  let world: E2eWorld;
  let ids: FleetStoryClusters;
  let story: FleetStory;
  beforeAll(async () => {
    const fleet = generateFleet({ clusters: 6, subscriptions: 1, seed: 5, extensionsPerCluster: [1, 2] });
    ids = addFleetStoryClusters(fleet);
    world = await startE2eWorld({ fleet, policy: { rollout: { ringTag: 'ring', rings: [{ name: 'canary', maxParallel: 2 }, { name: 'prod', maxParallel: 4 }], healthCheckIntervalSeconds: 10, healthCheckTimeoutMinutes: 2 } } });
    await world.runTimer(); // first sight: every cluster's version remembered as reconciled
    story = await runFleetStory(world, ids);
  }, 120_000);
  afterAll(() => world.close());

  it('tells its steps in order', () => {
    expect(story.steps.map((s) => s.step)).toEqual(['run-started', 'canary-moved', 'after-canary', 'before-prod', 'prod-untouched', 'catch-up']);
  });

  it('the run upgraded the canary, and the app moved its extension to the newest patch of the next minor', () => {
    const canary = world.sim.fleet.clusters.find((c) => c.id === ids.canary)!;
    expect(canary.kubernetesVersion).toBe(FLEET_STORY.target);
    expect(canary.extensions[0]!.currentVersion).toBe('1.5.1');
    expect(story.steps[1]!.detail).toContain('mesh 1.4.2 → 1.5.1');
  });

  it('the after-canary gate was approved by the app, once, and recorded with a CloudEvent', async () => {
    const gate = [...world.sim.fleetManager.gates.values()].find((g) => g.displayName === FLEET_STORY.afterCanary)!;
    expect(gate.state).toBe('Completed');
    const rows = (await world.audit({ clusterId: gate.id })).filter((r) => r.kind === 'gate');
    expect(rows.map((r) => r.code)).toEqual(['gate-approved']);
    expect(world.receiver.events.filter((e) => e.type === 'K8sExtensionReconciler.FleetGateApproved' && e.subject === gate.id)).toHaveLength(1);
  });

  it('the before-prod gate stays Pending: prod-2 legacy agent has no allowed version on 1.30; the hold is recorded and notified', async () => {
    const gate = [...world.sim.fleetManager.gates.values()].find((g) => g.displayName === FLEET_STORY.beforeProd)!;
    expect(gate.state).toBe('Pending');
    const blocker = (await world.audit({ clusterId: ids.prodBlocked })).filter((r) => r.kind === 'gate');
    expect(blocker.map((r) => [r.extensionName, r.code])).toContainEqual(['legacy', 'incompatible-no-allowed-version']);
    const held = (await world.audit({ clusterId: gate.id })).filter((r) => r.kind === 'gate');
    expect(held.map((r) => r.code)).toEqual(['gate-held-not-ready', 'gate-held-not-ready']); // the event, then the catch-up tick
    expect(held[0]!.reason).toContain('aks-fleet-prod-2/legacy (incompatible-no-allowed-version)');
    expect(world.receiver.events.some((e) => e.type === 'K8sExtensionReconciler.FleetGateHeld' && e.subject === gate.id)).toBe(true);
  });

  it('prod was not upgraded; the Arc member was never planned by the gate (it keeps the ring rollout)', async () => {
    for (const id of [ids.prodReady, ids.prodBlocked, ids.arc]) expect(world.sim.fleet.clusters.find((c) => c.id === id)!.kubernetesVersion).toBe(FLEET_STORY.from);
    expect((await world.audit({ clusterId: ids.arc })).filter((r) => r.kind === 'gate')).toEqual([]);
    expect(story.steps[3]!.detail).toContain('Pending');
  });

  it('the status page lists the run stage by stage with the gates, marks ours and says what the app did at each', async () => {
    const res = await uiFleetRunsRoute(new HttpRequest({ url: 'http://localhost/api/ui/fleet-runs', method: 'GET' }), world.deps);
    expect(res.status).toBe(200);
    const runs = (res.jsonBody as { runs: RunView[] }).runs;
    const run = runs.find((r) => r.name === FLEET_STORY.run)!;
    expect(run).toMatchObject({ fleet: FLEET_STORY.fleet, kubernetesVersion: FLEET_STORY.target, state: 'Pending' });
    expect(run.stages.map((s) => [s.name, s.upgraded, s.members])).toEqual([['canary', 1, 1], ['prod', 0, 3]]);
    const [canaryGate] = run.stages[0]!.gates;
    const [prodGate] = run.stages[1]!.gates;
    expect(canaryGate).toMatchObject({ displayName: FLEET_STORY.afterCanary, timing: 'After', state: 'Completed', ours: true, did: { code: 'gate-approved' } });
    expect(prodGate).toMatchObject({ displayName: FLEET_STORY.beforeProd, timing: 'Before', state: 'Pending', ours: true, did: { code: 'gate-held-not-ready' } });
    expect(prodGate!.did!.reason).toContain('aks-fleet-prod-2/legacy');
  });
});
