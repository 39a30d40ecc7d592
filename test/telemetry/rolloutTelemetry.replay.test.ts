/**
 * Metrics and spans of rollouts under durable-functions' replay engine: every orchestrator episode replays the code
 * before it, yet each real event (a hop, a halt, a ring's end, an approval) is counted once, and every span of a rollout
 * shares the rollout's trace, names the rollout and hangs under a span that was exported.
 */
import { defaultPolicy } from '../../src/domain/policySchema';
import type { Policy } from '../../src/domain/model';
import { FLEET_ROLLOUT_INSTANCE_ID } from '../../src/host/rolloutContracts';
import { setServices } from '../../src/host/services';
import { METRIC } from '../../src/telemetry/metrics';
import { ROLLOUT_ID_ATTRIBUTE, clusterSpanId, rolloutSpanId, rolloutTraceId } from '../../src/telemetry/rolloutTrace';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';
import { installInMemoryTelemetry, type InMemoryTelemetry } from '../support/inMemoryTelemetry';

const FLEET = FLEET_ROLLOUT_INSTANCE_ID;
const START = new Date('2024-06-05T10:00:00Z');

function setup(tune: (p: Policy) => void = () => undefined): FakeWorld {
  const policy = defaultPolicy();
  policy.rollout.ringTag = 'ring';
  policy.rollout.rings = [
    { name: 'canary', maxParallel: 1, bakeMinutes: 60, maxFailureRatio: 0, requireApproval: false },
    { name: 'prod', maxParallel: 2, bakeMinutes: 30, maxFailureRatio: 0.5, requireApproval: false },
  ];
  tune(policy);
  const clusters = [sampleCluster('c1', { ring: 'canary' }), sampleCluster('c2', { ring: 'canary' }), sampleCluster('p1', { ring: 'prod' }), sampleCluster('p2', { ring: 'prod' }), sampleCluster('x1')];
  const world = fakeWorld({ clusters, catalog: sampleCatalog(), policy });
  setServices(world.services);
  return world;
}

let telemetry: InMemoryTelemetry;
beforeEach(() => {
  telemetry = installInMemoryTelemetry();
});
afterEach(async () => {
  await telemetry.uninstall();
});

describe('rollout metrics under replay', () => {
  it('counts each decision, hop, ring and approval once although the orchestrator replays every episode', async () => {
    // Arrange: five clusters with flux 1.8.0 and 1.8.3 in the catalog (a patch in the same minor: one hop each); prod needs approval
    setup((p) => (p.rollout.rings[1]!.requireApproval = true));
    const harness = new DurableHarness({ now: START });
    await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-1', trigger: { kind: 'timer' }, dryRun: false });
    while (!harness.isWaitingFor(FLEET, 'RingApproval')) expect(await harness.step()).toBe(true);
    await harness.runUntilIdle({ fireTimers: false });
    const approvalAsked = harness.now.getTime();

    // Act
    await harness.raiseApproval(FLEET, { ring: 'prod', approvedBy: 'alice' });
    const status = await harness.runToCompletion(FLEET);

    // Assert: the orchestrator replayed many times...
    expect(status.output).toMatchObject({ state: 'completed', moves: { applied: 5, failed: 0 } });
    // (over all its executions: the fleet rollout continues as new between windows of batches)
    const episodes = harness.pastExecutions(FLEET).reduce((n, e) => n + e.episodes.length, harness.episodes(FLEET).length);
    expect(episodes).toBeGreaterThan(10);
    // ...yet each real event is counted once
    expect(await telemetry.total(METRIC.decisions)).toBe(5);
    expect(await telemetry.total(METRIC.decisions, { action: 'upgrade', code: 'patch-available' })).toBe(5);
    expect(await telemetry.total(METRIC.hops, { outcome: 'applied', extension_type: 'microsoft.flux' })).toBe(5);
    expect(await telemetry.total(METRIC.hops, { outcome: 'applied', ring: 'canary' })).toBe(2);
    expect(await telemetry.total(METRIC.hops, { outcome: 'applied', ring: 'prod' })).toBe(2);
    expect(await telemetry.total(METRIC.hops, { outcome: 'applied', ring: 'default' })).toBe(1);
    expect(await telemetry.total(METRIC.hops, { outcome: 'failed' })).toBe(0);
    expect(await telemetry.total(METRIC.halts)).toBe(0);
    expect(await telemetry.points(METRIC.rolloutDuration)).toEqual([expect.objectContaining({ attributes: { state: 'completed', dry_run: false }, count: 1 })]);
    const rollout = (await telemetry.points(METRIC.rolloutDuration))[0]!;
    expect(rollout.value).toBe((harness.now.getTime() - START.getTime()) / 1000);
    expect(rollout.value).toBeGreaterThanOrEqual(90 * 60); // canary bakes 60 min, prod 30 min
    expect(await telemetry.total(METRIC.ringDuration, { outcome: 'completed' })).toBe(3);
    const approvals = await telemetry.points(METRIC.approvalWait);
    expect(approvals).toEqual([expect.objectContaining({ attributes: { ring: 'prod', outcome: 'approved' }, count: 1 })]);
    expect(approvals[0]!.value).toBeLessThanOrEqual((harness.now.getTime() - approvalAsked) / 1000 + 1);
  });

  it('counts a halt and the failed hop once, with the ring and reason code', async () => {
    const world = setup();
    world.writer.script(aksId('c2'), 'flux', '1.8.3', { outcome: 'failed', message: 'boom' });
    const harness = new DurableHarness({ now: START });
    await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-2', trigger: { kind: 'timer' }, dryRun: false });

    const status = await harness.runToCompletion(FLEET);

    expect(status.output).toMatchObject({ state: 'halted', halt: { ring: 'canary', code: 'ring-failure-budget-exceeded' } });
    expect(await telemetry.points(METRIC.halts)).toEqual([expect.objectContaining({ attributes: { code: 'ring-failure-budget-exceeded', ring: 'canary' }, value: 1 })]);
    expect(await telemetry.total(METRIC.hops, { outcome: 'applied' })).toBe(1);
    expect(await telemetry.points(METRIC.hops)).toContainEqual(expect.objectContaining({ attributes: { outcome: 'failed', code: 'apply-failed', extension_type: 'microsoft.flux', ring: 'canary' }, value: 1 }));
    expect(await telemetry.total(METRIC.ringDuration, { ring: 'canary', outcome: 'halted' })).toBe(1);
    expect(await telemetry.total(METRIC.ringDuration, { outcome: 'completed' })).toBe(0);
    expect(await telemetry.total(METRIC.rolloutDuration, { state: 'halted' })).toBe(1);
  });

  it('records an approval that timed out as a wait of exactly the approval timeout', async () => {
    setup((p) => {
      p.rollout.rings[1]!.requireApproval = true;
      p.rollout.approvalTimeoutMinutes = 120;
    });
    const harness = new DurableHarness({ now: START });
    await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-3', trigger: { kind: 'timer' }, dryRun: false });

    await harness.runToCompletion(FLEET);

    expect(await telemetry.points(METRIC.approvalWait)).toEqual([expect.objectContaining({ attributes: { ring: 'prod', outcome: 'timed-out' }, value: 120 * 60, count: 1 })]);
    expect(await telemetry.total(METRIC.halts, { code: 'approval-timed-out', ring: 'prod' })).toBe(1);
  });
});

describe('rollout metrics across a restart', () => {
  it('counts nothing again when a new host resumes a rollout from its recorded histories (it replays them)', async () => {
    setup();
    const first = new DurableHarness({ now: START });
    await first.start('fleetRollout', FLEET, { rolloutId: 'fleet-5', trigger: { kind: 'timer' }, dryRun: false });
    for (let n = 0; n < 12; n++) expect(await first.step()).toBe(true);
    const appliedBefore = await telemetry.total(METRIC.hops, { outcome: 'applied' });

    const resumed = DurableHarness.restore(first.snapshot());
    const status = await resumed.runToCompletion(FLEET);

    expect(appliedBefore).toBeGreaterThan(0);
    expect(appliedBefore).toBeLessThan(5);
    expect(status.output).toMatchObject({ state: 'completed', moves: { applied: 5 } });
    expect(await telemetry.total(METRIC.hops, { outcome: 'applied' })).toBe(5);
    expect(await telemetry.total(METRIC.decisions)).toBe(5);
    expect(await telemetry.total(METRIC.ringDuration)).toBe(3);
    expect(await telemetry.total(METRIC.rolloutDuration)).toBe(1);
    expect(telemetry.spans().filter((s) => s.name === 'rollout')).toHaveLength(1);
    expect(telemetry.spans().filter((s) => s.name === 'cluster rollout')).toHaveLength(5);
  });
});

describe('rollout traces under replay', () => {
  it('puts a fleet rollout in one trace: the rollout span, a span per cluster under it, activities under those', async () => {
    setup();
    const harness = new DurableHarness({ now: START });
    await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-4', trigger: { kind: 'timer' }, dryRun: false });

    await harness.runToCompletion(FLEET);

    const spans = telemetry.spans();
    const traceId = rolloutTraceId('fleet-4');
    const rootId = rolloutSpanId('fleet-4');
    expect(spans.every((s) => s.spanContext().traceId === traceId)).toBe(true);
    expect(spans.every((s) => s.attributes[ROLLOUT_ID_ATTRIBUTE] === 'fleet-4')).toBe(true);
    // one rollout span (the root), emitted once despite the replays, spanning the whole rollout
    const roots = spans.filter((s) => s.name === 'rollout');
    expect(roots).toHaveLength(1);
    expect(roots[0]!.spanContext().spanId).toBe(rootId);
    expect(roots[0]!.parentSpanContext).toBeUndefined();
    expect(roots[0]!.attributes['reconciler.state']).toBe('completed');
    // one span per cluster under it, with the cluster's derived id
    const clusters = spans.filter((s) => s.name === 'cluster rollout');
    expect(clusters.map((s) => s.attributes['reconciler.cluster_id']).sort()).toEqual(['c1', 'c2', 'p1', 'p2', 'x1'].map((n) => aksId(n)).sort());
    for (const c of clusters) {
      expect(c.parentSpanContext?.spanId).toBe(rootId);
      expect(c.spanContext().spanId).toBe(clusterSpanId('fleet-4', String(c.attributes['reconciler.cluster_id'])));
    }
    // planning under the rollout; each hop under its cluster
    expect(spans.filter((s) => s.name === 'activity planFleet').map((s) => s.parentSpanContext?.spanId)).toEqual([rootId]);
    const hops = spans.filter((s) => s.name === 'activity applyHop');
    expect(hops).toHaveLength(5);
    for (const h of hops) expect(h.parentSpanContext?.spanId).toBe(clusterSpanId('fleet-4', String(h.attributes['reconciler.cluster_id'])));
    // the tree is whole: every parent was exported
    const ids = new Set(spans.map((s) => s.spanContext().spanId));
    expect(spans.filter((s) => s.parentSpanContext && !ids.has(s.parentSpanContext.spanId)).map((s) => s.name)).toEqual([]);
  });

  it('makes a cluster rollout started on its own (an event) the root of its trace', async () => {
    setup();
    const harness = new DurableHarness({ now: START });
    await harness.start('clusterRollout', 'cluster-x1', { rolloutId: 'event-1', clusterId: aksId('x1'), ring: 'default', trigger: { kind: 'event', eventId: 'e1', eventType: 't' }, dryRun: false });

    await harness.runToCompletion('cluster-x1');

    const spans = telemetry.spans();
    const root = spans.filter((s) => s.name === 'cluster rollout');
    expect(root).toHaveLength(1);
    expect(root[0]!.parentSpanContext).toBeUndefined();
    expect(root[0]!.spanContext()).toMatchObject({ traceId: rolloutTraceId('event-1'), spanId: clusterSpanId('event-1', aksId('x1')) });
    expect(root[0]!.attributes).toMatchObject({ 'reconciler.result': 'succeeded', 'reconciler.hops_applied': 1 });
    const ids = new Set(spans.map((s) => s.spanContext().spanId));
    expect(spans.every((s) => s.spanContext().traceId === rolloutTraceId('event-1') && (!s.parentSpanContext || ids.has(s.parentSpanContext.spanId)))).toBe(true);
  });
});
