/**
 * Fault matrix: Azurite unavailable for a while during audit writes (the table adapters retry, nothing is lost), and
 * the notification topic down (the rollout completes, undelivered notifications are recorded, nothing blocks).
 */
import type { E2eWorld } from '../../simulator/world/e2eWorld';
import { runDiscoverFleet } from '../../src/functions/discoverFleet';
import { auditSignature, expectConsistentRollout, faultWorld, fleetVersions, referenceRun, installWriter, installedVersion, stepUntil, upgradeDecisions } from './faultWorld';

describe('fault matrix: storage and notification outages', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('Azurite down for 300 ms in the middle of the rollout: every audit row is there afterwards', async () => {
    const options = { clusters: 16, seed: 51 };
    world = await faultWorld(options);
    const w = world;
    const decisions = await upgradeDecisions(w);
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();
    const { rolloutId } = await runDiscoverFleet(w.deps);
    // stop storage once the first hop is written: the next audit row is written during the outage
    await stepUntil(w.harness, () => (w.sim.counters().writesApplied.length > 0 ? true : undefined));
    await w.azurite.pause();
    const resumed = new Promise<void>((resolve, reject) => setTimeout(() => void w.azurite.resume().then(resolve, reject), 300));
    await w.drive();
    await resumed;
    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed' });
    for (const d of decisions) expect(installedVersion(w, d.clusterId, d.extensionName)).toBe(d.to);
    expect(report.applied.length).toBe(decisions.reduce((n, d) => n + d.path.length, 0));
    // nothing lost: the same rows as an uninterrupted run of the same fleet
    const reference = await referenceRun(options);
    expect(auditSignature(report.rows)).toEqual(reference.audit);
    expect(fleetVersions(w)).toEqual(reference.versions);
    expect(report.output).toEqual(reference.output);
  });

  it('Azurite down before the run: the rollout still converges and records everything once storage is back', async () => {
    const options = { clusters: 12, seed: 52 };
    world = await faultWorld(options);
    const w = world;
    const decisions = await upgradeDecisions(w);
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();
    await w.azurite.pause();
    const resumed = new Promise<void>((resolve, reject) => setTimeout(() => void w.azurite.resume().then(resolve, reject), 300));
    const { rolloutId } = await w.runTimer();
    await resumed;
    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed' });
    for (const d of decisions) expect(installedVersion(w, d.clusterId, d.extensionName)).toBe(d.to);
    const reference = await referenceRun(options);
    expect(auditSignature(report.rows)).toEqual(reference.audit);
    expect(report.output).toEqual(reference.output);
  });

  it('notification topic down: the rollout completes and records every notification as undelivered', async () => {
    world = await faultWorld({ clusters: 16, seed: 53 });
    const decisions = await upgradeDecisions(world);
    installWriter(world, { retryDelayMs: 20 });
    world.receiver.setDown(true);
    world.sim.resetCounters();
    const { rolloutId } = await world.runTimer();
    const report = await expectConsistentRollout(world, rolloutId, decisions, { state: 'completed' });
    for (const d of decisions) expect(installedVersion(world, d.clusterId, d.extensionName)).toBe(d.to);
    expect(world.receiver.events).toEqual([]);
    expect(world.receiver.requests.length).toBeGreaterThan(0);
    const undelivered = report.rows.filter((r) => r.code === 'notification-undelivered');
    // one per hop applied (ExtensionUpgradeSucceeded), per ring completed and the rollout completed
    const rings = report.output.rings.length;
    expect(undelivered.length).toBe(report.applied.length + rings + 1);
    expect(undelivered.filter((r) => /ExtensionUpgradeSucceeded/.test(r.reason))).toHaveLength(report.applied.length);
    expect(undelivered.filter((r) => /RolloutCompleted/.test(r.reason))).toHaveLength(1);
  });
});
