/**
 * End to end on the embedded default: timer → fleet rollout (replay engine) → real SDK clients against the simulator →
 * audit rows in Azurite → CloudEvents at a local receiver; then an upgrade event for one cluster.
 */
import { oraclePlan } from '../../soak/oracle';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';

/** An AKS system event in the Event Grid schema: topic = cluster id (no version in it). */
function nodePoolRollingSucceeded(clusterId: string, id: string): unknown {
  return {
    id,
    topic: clusterId,
    subject: clusterId.split('/').pop(),
    eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded',
    eventTime: '2024-06-05T12:00:00Z',
    dataVersion: '1',
    metadataVersion: '1',
    data: { nodePoolName: 'system' },
  };
}

describe('end to end: timer, rollout, audit, notifications, events', () => {
  let world: E2eWorld;
  beforeAll(async () => {
    world = await startE2eWorld({ generate: { clusters: 24, subscriptions: 2, seed: 7, extensionsPerCluster: [2, 4] } });
  });
  afterAll(() => world.close());

  it('the timer rolls every allowed move out, records every decision and action, and notifies', async () => {
    // expected moves from the independent oracle (the README's rules), never from planFleet
    const snapshot = world.sim.snapshot();
    const expected = oraclePlan({ snapshot, catalog: await world.services.catalog.catalogFor(snapshot), policy: world.services.policy, now: world.harness.now }).filter((d) => d.action === 'upgrade');
    expect(expected.length).toBeGreaterThan(5);
    world.sim.resetCounters();
    const { rolloutId, result } = await world.runTimer();
    expect(result).toBe('started');

    const status = await world.harness.status('fleet-rollout');
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatchObject({ state: 'completed' });

    // the simulator shows every move, each applied exactly once
    const writes = world.sim.counters().writesApplied;
    const hops = expected.reduce((n, d) => n + d.path.length, 0);
    expect(writes).toHaveLength(hops);
    for (const d of expected) {
      const ext = world.sim.fleet.clusters.find((c) => c.id === d.clusterId)!.extensions.find((e) => e.name === d.extensionName)!;
      expect(ext.currentVersion).toBe(d.to);
    }
    expect(world.sim.counters().writeBodies.every((b) => b.properties.every((p) => p === 'version' || p === 'autoUpgradeMinorVersion' || p === 'autoUpgradeMode'))).toBe(true);

    // audit: one planned row per decision, one applied row per hop, in Azurite
    const rows = await world.audit({ rolloutId });
    const extensions = world.sim.fleet.clusters.reduce((n, c) => n + c.extensions.length, 0);
    expect(rows.filter((r) => r.kind === 'planned')).toHaveLength(extensions);
    expect(rows.filter((r) => r.kind === 'applied')).toHaveLength(hops);
    expect(rows.some((r) => r.code === 'rollout-completed')).toBe(true);

    // notifications at the receiver
    const types = world.receiver.events.map((e) => e.type);
    expect(types.filter((t) => t === 'K8sExtensionReconciler.ExtensionUpgradeSucceeded')).toHaveLength(hops);
    expect(types.filter((t) => t === 'K8sExtensionReconciler.RolloutCompleted')).toHaveLength(1);
    expect(types).toContain('K8sExtensionReconciler.RingCompleted');
  });

  it('a second timer run moves nothing (level-triggered, idempotent)', async () => {
    world.sim.resetCounters();
    await world.runTimer();
    expect(world.sim.counters().writesApplied).toEqual([]);
  });

  it('an upgrade event moves minors on that cluster only; a duplicate event moves nothing twice', async () => {
    // a cluster whose extensions have a newer minor waiting for a Kubernetes upgrade
    const snapshot = world.sim.snapshot();
    const before = oraclePlan({ snapshot, catalog: await world.services.catalog.catalogFor(snapshot), policy: world.services.policy, now: world.harness.now });
    const waiting = before.find((d) => d.code === 'minor-waits-for-kubernetes-upgrade' && world.sim.fleet.clusters.find((c) => c.id === d.clusterId)!.kubernetesVersion.startsWith('1.2'));
    expect(waiting).toBeDefined();
    const clusterId = waiting!.clusterId;
    const cluster = world.sim.fleet.clusters.find((c) => c.id === clusterId)!;
    const [major, minor] = cluster.kubernetesVersion.split('.').map(Number);
    world.sim.upgradeKubernetes(clusterId, `${major}.${minor! + 1}.2`);
    world.sim.resetCounters();

    const outcome = await world.deliverEvent(nodePoolRollingSucceeded(clusterId, 'evt-1'));
    expect(outcome).toMatchObject({ code: 'event-accepted' });
    const writes = world.sim.counters().writesApplied;
    expect(writes.length).toBeGreaterThan(0);
    expect(new Set(writes.map((w) => w.clusterId))).toEqual(new Set([clusterId]));
    const state = (await world.services.state.get([clusterId])).get(clusterId);
    expect(state?.reconciledKubernetesVersion).toBe(`${major}.${minor! + 1}.2`);

    world.sim.resetCounters();
    const duplicate = await world.deliverEvent(nodePoolRollingSucceeded(clusterId, 'evt-1'));
    expect(duplicate.code).not.toBe('event-accepted');
    const again = await world.deliverEvent(nodePoolRollingSucceeded(clusterId, 'evt-2'));
    expect(again.code).not.toBe('event-accepted');
    expect(world.sim.counters().writesApplied).toEqual([]);
  });
});

describe('end to end: a version that fails to install halts its ring', () => {
  let world: E2eWorld;
  afterAll(() => world.close());

  it('halts at the ring failure budget; later rings are untouched; the failure is recorded and notified', async () => {
    world = await startE2eWorld({ generate: { clusters: 30, subscriptions: 2, seed: 3, extensionsPerCluster: [3, 4] } });
    const snapshot = world.sim.snapshot();
    const decisions = oraclePlan({ snapshot, catalog: await world.services.catalog.catalogFor(snapshot), policy: world.services.policy, now: world.harness.now }).filter((d) => d.action === 'upgrade');
    // make every target of the most common extension type fail on every Kubernetes version
    const counts = new Map<string, number>();
    for (const d of decisions) counts.set(d.extensionType, (counts.get(d.extensionType) ?? 0) + 1);
    const [failingType] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    for (const d of decisions.filter((x) => x.extensionType === failingType)) for (const hop of d.path) world.sim.faults.failVersion({ extensionType: failingType, version: hop });
    world.sim.resetCounters();

    const { rolloutId } = await world.runTimer();
    const status = await world.harness.status('fleet-rollout');
    expect(status.output).toMatchObject({ state: 'halted' });
    const output = status.output as { halt: { ring: string; code: string }; rings: { name: string; failed: number; clusters: number }[] };
    expect(output.halt.code).toBe('ring-failure-budget-exceeded');
    const haltedRingPolicy = (world.services.policy.rollout.rings.find((r) => r.name === output.halt.ring) ?? world.services.policy.rollout.defaultRing);
    const haltedSummary = output.rings.find((r) => r.name === output.halt.ring)!;
    expect(haltedSummary.failed / haltedSummary.clusters).toBeGreaterThan(haltedRingPolicy.maxFailureRatio);

    // later rings untouched: no write on a cluster of a later ring
    const ringOf = new Map(world.sim.fleet.clusters.map((c) => [c.id, c.tags.ring ?? 'default']));
    const order = ['canary', 'early', 'broad', 'prod'];
    const haltedRing = order.indexOf(output.halt.ring);
    for (const w of world.sim.counters().writesApplied) expect(order.indexOf(ringOf.get(w.clusterId)!)).toBeLessThanOrEqual(haltedRing);

    const rows = await world.audit({ rolloutId });
    const failed = rows.filter((r) => r.kind === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.code === 'apply-failed' && (r.armError ?? '').length > 0)).toBe(true);
    expect(rows.some((r) => r.code === 'ring-failure-budget-exceeded')).toBe(true);
    const types = world.receiver.events.map((e) => e.type);
    expect(types).toContain('K8sExtensionReconciler.RolloutHalted');
    expect(types).toContain('K8sExtensionReconciler.ExtensionUpgradeFailed');
    expect(types).not.toContain('K8sExtensionReconciler.RolloutCompleted');
  });
});

describe('end to end: a management-group scope', () => {
  let world: E2eWorld;
  afterAll(() => world.close());

  it('rolls out only clusters under the group, and an event for a cluster outside it touches nothing', async () => {
    const fleet = generateFleet({ clusters: 24, subscriptions: 4, seed: 12, extensionsPerCluster: [2, 4], managementGroups: 2 });
    world = await startE2eWorld({ fleet, settings: { RECONCILER_SCOPE_SUBSCRIPTIONS: '', RECONCILER_SCOPE_MANAGEMENT_GROUPS: 'mg-0' } });
    const inGroup = new Set(fleet.managementGroups!['mg-0']!.map((s) => s.toLowerCase()));
    world.sim.resetCounters();
    await world.runTimer();
    const writes = world.sim.counters().writesApplied;
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(inGroup.has(w.clusterId.split('/')[2]!.toLowerCase())).toBe(true);

    const outside = fleet.clusters.find((c) => !inGroup.has(c.id.split('/')[2]!.toLowerCase()) && c.id.includes('managedClusters'))!;
    world.sim.upgradeKubernetes(outside.id, '1.32.1');
    world.sim.resetCounters();
    const outcome = await world.deliverEvent(nodePoolRollingSucceeded(outside.id, 'evt-outside'));
    expect(outcome).toMatchObject({ action: 'ignored', code: 'outside-scope' });
    expect(world.sim.counters().writesApplied).toEqual([]);
  });
});
