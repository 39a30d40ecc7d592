/**
 * End to end with telemetry on: one timer rollout over the simulator (real SDK clients over HTTPS) and Azurite, with
 * in-memory exporters in place of Azure Monitor. The metrics agree with the audit log and the simulator; the spans form
 * one trace per rollout reaching down to the ARM long-running operations and the Table batches.
 */
import { planFleet } from '../../src/domain/plan';
import { METRIC } from '../../src/telemetry/metrics';
import { ROLLOUT_ID_ATTRIBUTE, rolloutSpanId, rolloutTraceId } from '../../src/telemetry/rolloutTrace';
import { startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { installInMemoryTelemetry, type InMemoryTelemetry } from '../support/inMemoryTelemetry';

describe('end to end: the metrics and spans of one rollout', () => {
  let world: E2eWorld;
  let telemetry: InMemoryTelemetry;
  beforeAll(async () => {
    telemetry = installInMemoryTelemetry();
    world = await startE2eWorld({ generate: { clusters: 10, subscriptions: 2, seed: 11, extensionsPerCluster: [2, 3] } });
  });
  afterAll(async () => {
    await world.close();
    await telemetry.uninstall();
  });

  it('counts decisions, hops and Azure retries as the audit log and the simulator saw them, in one trace', async () => {
    // Arrange: what the policy says should move; two 503s from Resource Graph and two 500s on PATCH
    const snapshot = world.sim.snapshot();
    const decisions = planFleet(snapshot, await world.services.catalog.catalogFor(snapshot), world.services.policy, world.harness.now);
    const moves = decisions.filter((d) => d.action === 'upgrade');
    const hops = moves.reduce((n, d) => n + d.path.length, 0);
    expect(hops).toBeGreaterThan(3);
    world.sim.resetCounters();
    world.sim.faults.serverErrors({ count: 2, kinds: ['resourceGraph'] });
    world.sim.faults.serverErrors({ count: 2, kinds: ['extensions.patch'], status: 500 });

    // Act
    const { rolloutId } = await world.runTimer();

    // Assert: the faults fired (more PATCHes than hops), the rollout completed
    expect((await world.harness.status('fleet-rollout')).output).toMatchObject({ state: 'completed' });
    expect(world.sim.counters().calls['extensions.patch']).toBe(hops + 2);
    // metrics: one decision per extension, one applied hop per write, the retries the faults caused
    const rows = await world.audit({ rolloutId });
    expect(await telemetry.total(METRIC.decisions)).toBe(decisions.length);
    expect(await telemetry.total(METRIC.decisions, { action: 'upgrade' })).toBe(moves.length);
    expect(await telemetry.total(METRIC.hops, { outcome: 'applied' })).toBe(hops);
    expect(rows.filter((r) => r.kind === 'applied')).toHaveLength(hops);
    expect(await telemetry.total(METRIC.hops, { outcome: 'failed' })).toBe(0);
    expect(await telemetry.total(METRIC.azureRetries, { service: 'resource-graph', status_code: 503 })).toBe(2);
    expect(await telemetry.total(METRIC.azureRetries, { service: 'arm', status_code: 500 })).toBe(2);
    expect(await telemetry.total(METRIC.rolloutDuration, { state: 'completed' })).toBe(1);
    expect(await telemetry.total(METRIC.writeFailures)).toBe(0);

    // spans: one trace, the rollout's id on each, a whole tree from the rollout span down to ARM and Tables
    const spans = telemetry.spans().filter((s) => s.spanContext().traceId === rolloutTraceId(rolloutId));
    expect(spans.every((s) => s.attributes[ROLLOUT_ID_ATTRIBUTE] === rolloutId)).toBe(true);
    expect(telemetry.spans().filter((s) => s.spanContext().traceId !== rolloutTraceId(rolloutId))).toEqual([]);
    expect(spans.filter((s) => s.name === 'rollout').map((s) => s.spanContext().spanId)).toEqual([rolloutSpanId(rolloutId)]);
    expect(spans.filter((s) => s.name === 'cluster rollout')).toHaveLength(new Set(moves.map((d) => d.clusterId)).size);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentName = (s: (typeof spans)[number]): string | undefined => (s.parentSpanContext ? byId.get(s.parentSpanContext.spanId)?.name : 'none');
    const lros = spans.filter((s) => s.name === 'arm extension update');
    expect(lros).toHaveLength(hops);
    expect(new Set(lros.map(parentName))).toEqual(new Set(['activity applyHop']));
    const batches = spans.filter((s) => s.name === 'tables audit batch');
    expect(batches.length).toBeGreaterThan(0);
    expect(new Set(batches.map(parentName))).toEqual(new Set(['activity planFleet', 'activity record'])); // the fleet's planned rows; the fleet's and the clusters' other rows (record)
    expect(spans.filter((s) => parentName(s) === undefined).map((s) => s.name)).toEqual([]);
  });

  it('counts notifications the topic did not take, as many as the notification-undelivered rows', async () => {
    world.receiver.setDown(true);

    const { rolloutId } = await world.runTimer();

    world.receiver.setDown(false);
    const undelivered = (await world.audit({ rolloutId })).filter((r) => r.code === 'notification-undelivered');
    expect(undelivered.length).toBeGreaterThan(0);
    expect(await telemetry.total(METRIC.writeFailures, { target: 'notification' })).toBe(undelivered.length);
  });
});
