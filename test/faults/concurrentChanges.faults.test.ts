/**
 * Fault matrix, level-triggered: a cluster upgraded again while its rollout runs, and an extension moved by someone
 * else between plan and apply (re-read before apply: nothing written, never moved back).
 */
import { rcompare } from 'semver';
import { runDiscoverFleet } from '../../src/functions/discoverFleet';
import type { E2eWorld } from '../../simulator/world/e2eWorld';
import { expectConsistentRollout, faultWorld, installWriter, installedVersion, moveKey, pendingApplyHop, stepUntil, upgradeDecisions } from './faultWorld';

/** An AKS node pool upgrade event in the Event Grid schema. */
function nodePoolRollingSucceeded(clusterId: string, id: string): unknown {
  return {
    id, topic: clusterId, subject: clusterId.split('/').pop(), eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded',
    eventTime: '2024-06-05T12:00:00Z', dataVersion: '1', metadataVersion: '1', data: { nodePoolName: 'system' },
  };
}

describe('fault matrix: the fleet changes while a rollout runs', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('a cluster upgraded again mid-rollout: the rollout finishes truthfully, the upgrade event reconciles it, nothing moves twice', async () => {
    world = await faultWorld({ clusters: 20, seed: 71 });
    const w = world;
    const decisions = await upgradeDecisions(w);
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();
    const { rolloutId } = await runDiscoverFleet(w.deps);
    const isAks = (id: string): boolean => /managedClusters/i.test(id);
    const cluster = (id: string) => w.sim.fleet.clusters.find((c) => c.id.toLowerCase() === id.toLowerCase())!;
    const hop = await stepUntil(w.harness, () => pendingApplyHop(w.harness, (h) => isAks(h.clusterId) && Number(cluster(h.clusterId).kubernetesVersion.split('.')[1]) < 31));
    const c = cluster(hop.clusterId);
    const [major, minor] = c.kubernetesVersion.split('.').map(Number);
    const upgraded = `${major}.${minor! + 1}.2`;
    w.sim.upgradeKubernetes(c.id, upgraded);
    await w.drive();

    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed', failedCodes: ['apply-failed'] });
    for (const row of report.failed) expect(row.clusterId).toBe(c.id);

    const outcome = await w.deliverEvent(nodePoolRollingSucceeded(c.id, 'evt-upgrade-1'));
    expect(outcome).toMatchObject({ code: 'event-accepted' });
    // after the event the cluster has nothing left to upgrade; across both runs no move was applied twice
    const left = (await upgradeDecisions(w)).filter((d) => d.clusterId === c.id);
    expect(left).toEqual([]);
    const writes = w.sim.counters().writesApplied.map((x) => moveKey(x.clusterId, x.extensionName, x.to));
    expect(writes.length).toBe(new Set(writes).size);
    const state = (await w.services.state.get([c.id])).get(c.id);
    expect(state?.reconciledKubernetesVersion).toBe(upgraded);
  });

  it('an extension moved by someone else between plan and apply is changed-externally: nothing written, never moved back', async () => {
    world = await faultWorld({ clusters: 20, seed: 72 });
    const w = world;
    const decisions = await upgradeDecisions(w);
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();
    const { rolloutId } = await runDiscoverFleet(w.deps);
    const newest = (clusterId: string, name: string): string => {
      const ext = w.sim.fleet.clusters.find((c) => c.id === clusterId)!.extensions.find((e) => e.name === name)!;
      return w.sim.fleet.extensionTypes[ext.extensionType.toLowerCase()]!.filter((v) => v.releaseTrain === 'stable').map((v) => v.version).sort(rcompare)[0]!;
    };
    const hop = await stepUntil(w.harness, () => pendingApplyHop(w.harness, (h) => newest(h.clusterId, h.extensionName) !== h.version));
    const theirs = newest(hop.clusterId, hop.extensionName);
    w.sim.setExtension(hop.clusterId, hop.extensionName, { currentVersion: theirs, version: theirs });
    await w.drive();

    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed' });
    const skipped = report.rows.filter((r) => r.code === 'changed-externally');
    expect(skipped.map((r) => `${r.clusterId}|${r.extensionName}|${r.kind}`)).toEqual([`${hop.clusterId}|${hop.extensionName}|skipped`]);
    expect(installedVersion(w, hop.clusterId, hop.extensionName)).toBe(theirs);
    expect(w.sim.counters().writeBodies.filter((b) => b.clusterId.toLowerCase() === hop.clusterId.toLowerCase() && b.extensionName === hop.extensionName)).toEqual([]);

    // a later timer run does not move it back either
    w.sim.resetCounters();
    await w.runTimer();
    expect(installedVersion(w, hop.clusterId, hop.extensionName)).toBe(theirs);
    expect(w.sim.counters().writeBodies.filter((b) => b.clusterId.toLowerCase() === hop.clusterId.toLowerCase() && b.extensionName === hop.extensionName)).toEqual([]);
  });
});
