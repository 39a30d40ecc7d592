/**
 * Fault matrix: an extension version that fails only on some Kubernetes versions. The rollout halts at the first ring
 * whose failures exceed its budget; later rings are untouched; clusters outside the failing range got the version.
 */
import { satisfies } from 'semver';
import type { E2eWorld } from '../../simulator/world/e2eWorld';
import { DEFAULT_WORLD_POLICY } from '../../simulator/world/e2eWorld';
import { expectConsistentRollout, faultWorld, installWriter, installedVersion, upgradeDecisions } from './faultWorld';

describe('fault matrix: a version that fails on some Kubernetes versions', () => {
  let world: E2eWorld | undefined;
  afterAll(() => world?.close());

  it('halts at the ring failure budget; later rings untouched; other Kubernetes versions upgraded', async () => {
    world = await faultWorld({ clusters: 30, seed: 41, policy: DEFAULT_WORLD_POLICY });
    const w = world;
    const decisions = await upgradeDecisions(w);
    const k8s = new Map(w.sim.fleet.clusters.map((c) => [c.id, c.kubernetesVersion]));
    const range = '>=1.30.0';
    // every hop of every extension type fails on Kubernetes >= 1.30
    for (const d of decisions) for (const hop of d.path) w.sim.faults.failVersion({ extensionType: d.extensionType, version: hop, onKubernetes: range });
    expect(decisions.some((d) => satisfies(k8s.get(d.clusterId)!, range))).toBe(true);
    expect(decisions.some((d) => !satisfies(k8s.get(d.clusterId)!, range))).toBe(true);
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();

    const { rolloutId } = await w.runTimer();
    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'halted', failedCodes: ['apply-failed'] });
    expect(report.output.halt?.code).toBe('ring-failure-budget-exceeded');
    expect(report.failed.length).toBeGreaterThan(0);
    for (const row of report.failed) {
      expect(satisfies(k8s.get(row.clusterId)!, range)).toBe(true);
      expect(row.armError).toMatch(/HelmUpgradeFailed/);
    }

    // later rings untouched; reached rings: every move on Kubernetes outside the range is at its target
    const order = report.output.rings.map((r) => r.name);
    const haltedAt = order.indexOf(report.output.halt!.ring);
    const ringOf = new Map(w.sim.fleet.clusters.map((c) => [c.id, c.tags.ring ?? 'default']));
    for (const x of w.sim.counters().writesApplied) expect(order.indexOf(ringOf.get(x.clusterId)!)).toBeLessThanOrEqual(haltedAt);
    for (const d of decisions) {
      const ring = order.indexOf(ringOf.get(d.clusterId)!);
      if (ring > haltedAt) expect(installedVersion(w, d.clusterId, d.extensionName)).toBe(d.from);
      else if (!satisfies(k8s.get(d.clusterId)!, range)) expect(installedVersion(w, d.clusterId, d.extensionName)).toBe(d.to);
    }
    const laterRingRows = report.rows.filter((r) => (r.kind === 'applied' || r.kind === 'failed') && order.indexOf(ringOf.get(r.clusterId)!) > haltedAt);
    expect(laterRingRows).toEqual([]);
    const halted = report.output.rings[haltedAt]!;
    expect(halted.failed).toBe(new Set(report.failed.filter((r) => ringOf.get(r.clusterId) === halted.name).map((r) => r.clusterId)).size);
    expect(w.receiver.events.map((e) => e.type)).toContain('K8sExtensionReconciler.RolloutHalted');
  });
});
