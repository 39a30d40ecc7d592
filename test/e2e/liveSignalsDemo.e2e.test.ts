/** The demo's live signals act (demo/liveSignalsAct.ts) shows what it says: a young version waiting, a lagging region, an out-of-support Flux, a drift. */
import { liveSignalsAct } from '../../demo/liveSignalsAct';
import { generateFleet } from '../../simulator/fleetGenerator';
import { DEFAULT_WORLD_POLICY, startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';

describe('demo: the live signals act', () => {
  let world: E2eWorld;
  afterAll(() => world.close());

  it('stages and shows the four signals', async () => {
    world = await startE2eWorld({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 2024, extensionsPerCluster: [2, 4] }), policy: { ...DEFAULT_WORLD_POLICY, stepMinors: true }, now: new Date('2026-06-01T08:00:00Z') });
    await world.runTimer();
    const lines: string[] = [];
    const stage = await liveSignalsAct(world, (l) => lines.push(l));
    const text = lines.join('\n');
    const rolloutId = ((await world.harness.status('fleet-rollout')).input as { rolloutId: string }).rolloutId; // the act's last timer run
    const planned = (await world.audit({ rolloutId })).filter((r) => r.kind === 'planned');
    const row = (clusterId: string, name: string) => planned.find((r) => r.clusterId === clusterId && r.extensionName === name);
    expect(row(stage.young.clusterId, stage.young.extensionName)?.to).not.toBe(stage.young.version);
    expect(text).toContain(`${stage.young.version} is younger than minReleaseAgeDays (7)`);
    expect(row(stage.lagging.clusterId, stage.lagging.extensionName)?.code).toBe('not-yet-in-region');
    expect(text).toMatch(/[1-9]\d* extensions? out of support/);
    expect(text).toContain('OUT OF SUPPORT');
    expect(world.receiver.events.filter((e) => e.type === 'K8sExtensionReconciler.ExtensionDrifted').map((e) => e.data)).toEqual([expect.objectContaining({ extensionName: stage.drifted.extensionName, from: stage.drifted.from, to: stage.drifted.to, brokeRule: true })]);
  });
});
