/**
 * Fault matrix, issue 15's safety features through the whole product (simulator over HTTPS, Azurite, replay engine):
 * an alert fired mid-bake, a version that breaks the extension after it installs (rollback + fleet-wide hold), a freeze
 * calendar entry, and a success floor. Each ends in the final-state check (nothing applied twice, nothing lost, status
 * truthful) plus its own assertions.
 */
import { HttpRequest } from '@azure/functions';
import { runDiscoverFleet } from '../../src/functions/discoverFleet';
import { clearHoldRoute } from '../../src/functions/httpHolds';
import { planRoute } from '../../src/functions/httpPlan';
import type { Decision } from '../../src/domain/model';
import type { E2eWorld } from '../../simulator/world/e2eWorld';
import { FAULT_POLICY, expectConsistentRollout, faultWorld, installWriter, installedVersion, moveKey, upgradeDecisions } from './faultWorld';

type Rollout = typeof FAULT_POLICY.rollout;
const policy = (extra: Partial<Rollout> & Record<string, unknown>, rings: Rollout['rings'] = FAULT_POLICY.rollout.rings) => ({ rollout: { ...FAULT_POLICY.rollout, rings, ...extra } });
const ringOf = (w: E2eWorld) => new Map(w.sim.fleet.clusters.map((c) => [c.id.toLowerCase(), c.tags.ring ?? 'default']));
const hopsOf = (d: Pick<Decision, 'path' | 'to'>): string[] => (d.path.length > 0 ? d.path : d.to ? [d.to] : []);

describe('fault matrix: health gates, rollback, freezes, success floors', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('an alert fired on a canary cluster mid-bake halts the rollout (health-gate-alert); later rings untouched', async () => {
    world = await faultWorld({ clusters: 20, seed: 71, policy: policy({ healthGate: { alertSeverities: ['Sev0', 'Sev1'], extensionStatusLevels: [] } }) });
    const w = world;
    const decisions = await upgradeDecisions(w);
    const rings = ringOf(w);
    const canary = decisions.find((d) => rings.get(d.clusterId.toLowerCase()) === 'canary');
    expect(canary).toBeDefined();
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();

    const { rolloutId } = await runDiscoverFleet(w.deps);
    const baking = async (): Promise<boolean> => ((await w.harness.status('fleet-rollout')).customStatus as { state?: string } | undefined)?.state === 'baking';
    while (!(await baking())) expect(await w.harness.step()).toBe(true);
    const writesBeforeAlert = w.sim.counters().writesApplied.length;
    w.sim.faults.fireAlert({ name: 'kube-pod-crashloop', severity: 'Sev1', targetResource: canary!.clusterId, startDateTime: new Date(w.harness.now.getTime() + 5 * 60_000).toISOString() });
    await w.drive();

    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'halted' });
    expect(report.output.halt).toMatchObject({ ring: 'canary', code: 'health-gate-alert' });
    expect(report.output.halt?.reason).toContain('alert Sev1 "kube-pod-crashloop"');
    expect(w.sim.counters().writesApplied).toHaveLength(writesBeforeAlert); // nothing written after the bake began
    for (const x of w.sim.counters().writesApplied) expect(rings.get(x.clusterId.toLowerCase())).toBe('canary');
    expect(w.receiver.events.find((e) => e.type === 'K8sExtensionReconciler.RolloutHalted')?.data).toMatchObject({ code: 'health-gate-alert', ring: 'canary' });
  });

  it('a version that breaks the extension is rolled back where it landed, held fleet-wide, never written again; clearing the hold re-plans it', async () => {
    world = await faultWorld({ clusters: 24, seed: 72, policy: policy({ healthGate: { alertSeverities: [], extensionStatusLevels: ['Error'] }, rollbackOnFailure: true }) });
    const w = world;
    const decisions = await upgradeDecisions(w);
    // the (type, version) most moves pass through
    const counts = new Map<string, number>();
    for (const d of decisions) for (const hop of hopsOf(d)) counts.set(`${d.extensionType}|${hop}`, (counts.get(`${d.extensionType}|${hop}`) ?? 0) + 1);
    const [key, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const [type, bad] = key.split('|') as [string, string];
    expect(count).toBeGreaterThanOrEqual(4);
    w.sim.faults.failHealthOnWrite({ extensionType: type, version: bad });
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();

    const { rolloutId } = await w.runTimer();
    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed', failedCodes: ['health-check-failed'] });
    expect(report.output.state).toBe('completed-with-failures');
    const through = decisions.filter((d) => d.extensionType === type && hopsOf(d).includes(bad));
    const wroteBad = new Set(w.sim.counters().writesApplied.filter((x) => x.to === bad).map((x) => moveKey(x.clusterId, x.extensionName, null)));
    expect(wroteBad.size).toBeGreaterThan(0);
    expect(wroteBad.size).toBeLessThan(through.length); // later clusters saw the hold
    for (const d of through) {
      const k = moveKey(d.clusterId, d.extensionName, null);
      const rows = report.rows.filter((r) => moveKey(r.clusterId, r.extensionName, null) === k);
      if (wroteBad.has(k)) {
        const rollback = rows.find((r) => r.kind === 'rollback');
        expect(rollback).toMatchObject({ code: 'rolled-back', from: bad });
        expect(installedVersion(w, d.clusterId, d.extensionName)).toBe(rollback!.to); // the version before the bad hop
        expect(rows.some((r) => r.kind === 'hold' && r.code === 'version-held' && r.to === bad)).toBe(true);
      } else {
        expect(rows.some((r) => r.kind === 'skipped' && r.code === 'held-after-failure')).toBe(true);
      }
    }
    expect((await w.services.holds.list()).map((h) => `${h.extensionType}|${h.version}`)).toEqual([key]);
    expect(w.receiver.events.filter((e) => e.type === 'K8sExtensionReconciler.ExtensionRolledBack')).toHaveLength(wroteBad.size);

    // the next pass plans every such move as held-after-failure and writes nothing of the bad version
    w.sim.resetCounters();
    const second = await w.runTimer();
    expect(w.sim.counters().writesApplied.filter((x) => x.to === bad)).toEqual([]);
    const planned = (await w.audit({ rolloutId: second.rolloutId })).filter((r) => r.kind === 'planned' && r.code === 'held-after-failure');
    expect(planned.length).toBeGreaterThan(0);

    // a person clears the hold: the plan offers the version again
    const cleared = await clearHoldRoute(new HttpRequest({ method: 'DELETE', url: `http://localhost/api/holds/${type}/${bad}`, params: { extensionType: type, version: bad } }), w.deps);
    expect(cleared.status).toBe(200);
    const plan = (await planRoute(new HttpRequest({ method: 'GET', url: 'http://localhost/api/plan' }), w.deps)).jsonBody as { decisions: Decision[] };
    expect(plan.decisions.some((d) => d.code === 'held-after-failure')).toBe(false);
    expect(plan.decisions.some((d) => d.extensionType === type && d.action === 'upgrade' && hopsOf(d).includes(bad))).toBe(true);
  });

  it('a freeze on the early ring: its writes wait on a durable timer until the freeze ends; other rings are not held', async () => {
    const from = '2024-06-01T00:00:00Z';
    const to = '2024-06-09T00:00:00Z';
    world = await faultWorld({ clusters: 20, seed: 73, now: new Date('2024-06-05T10:00:00Z'), policy: policy({ freezes: [{ from, to, reason: 'quarter close', clusterTags: { ring: 'early' } }] }) });
    const w = world;
    const decisions = await upgradeDecisions(w);
    const rings = ringOf(w);
    expect(decisions.some((d) => rings.get(d.clusterId.toLowerCase()) === 'early')).toBe(true);
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();

    const { rolloutId } = await w.runTimer();
    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'completed' });
    const early = (r: { clusterId: string }): boolean => rings.get(r.clusterId.toLowerCase()) === 'early';
    const earlyApplied = report.applied.filter(early);
    expect(earlyApplied.length).toBeGreaterThan(0);
    for (const r of earlyApplied) expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse(to));
    expect(report.applied.filter((r) => rings.get(r.clusterId.toLowerCase()) === 'canary').every((r) => Date.parse(r.at) < Date.parse(to))).toBe(true);
    const waits = report.rows.filter((r) => r.code === 'freeze-wait');
    expect(new Set(waits.map((r) => r.clusterId.toLowerCase()))).toEqual(new Set(earlyApplied.map((r) => r.clusterId.toLowerCase())));
    expect(waits.every(early)).toBe(true);
  });

  it('a canary ring below its success floor halts the rollout (ring-success-floor-not-met), within its failure budget', async () => {
    const rings = FAULT_POLICY.rollout.rings.map((r) => (r.name === 'canary' ? { ...r, minSuccessRatio: 1 } : r));
    world = await faultWorld({ clusters: 20, seed: 74, policy: policy({}, rings) });
    const w = world;
    const decisions = await upgradeDecisions(w);
    const ringMap = ringOf(w);
    const canary = decisions.find((d) => ringMap.get(d.clusterId.toLowerCase()) === 'canary');
    expect(canary).toBeDefined();
    w.sim.faults.failVersion({ extensionType: canary!.extensionType, version: hopsOf(canary!)[0]! });
    installWriter(w, { retryDelayMs: 20 });
    w.sim.resetCounters();

    const { rolloutId } = await w.runTimer();
    const report = await expectConsistentRollout(w, rolloutId, decisions, { state: 'halted', failedCodes: ['apply-failed'] });
    expect(report.output.halt).toMatchObject({ ring: 'canary', code: 'ring-success-floor-not-met' });
    const c = report.output.rings.find((r) => r.name === 'canary')!;
    expect(c.failed).toBeGreaterThan(0);
    expect(c.failed / c.clusters).toBeLessThanOrEqual(1); // within the budget of 1: the floor, not the budget, halted it
    for (const x of w.sim.counters().writesApplied) expect(ringMap.get(x.clusterId.toLowerCase())).toBe('canary');
  });
});
