import { defaultPolicy } from '../../src/domain/policySchema';
import type { Policy } from '../../src/domain/model';
import { FLEET_ROLLOUT_INSTANCE_ID } from '../../src/host/rolloutContracts';
import { setServices } from '../../src/host/services';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const FLEET = FLEET_ROLLOUT_INSTANCE_ID;

function setup(tune: (p: Policy) => void = () => undefined): FakeWorld {
  const policy = defaultPolicy();
  policy.rollout.ringTag = 'ring';
  policy.rollout.rings = [
    { name: 'canary', maxParallel: 1, bakeMinutes: 60, maxFailureRatio: 0, requireApproval: false },
    { name: 'prod', maxParallel: 2, bakeMinutes: 30, maxFailureRatio: 0.5, requireApproval: false },
  ];
  tune(policy);
  const clusters = [sampleCluster('c1', { ring: 'Canary' }), sampleCluster('c2', { ring: 'canary' }), sampleCluster('p1', { ring: 'prod' }), sampleCluster('p2', { ring: 'prod' }), sampleCluster('x1')];
  const world = fakeWorld({ clusters, catalog: sampleCatalog(), policy });
  setServices(world.services);
  return world;
}

async function start(harness: DurableHarness, dryRun = false): Promise<void> {
  expect(await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-1', trigger: { kind: 'timer' }, dryRun })).toBe('started');
}

const appliedOrder = (world: FakeWorld): string[] => world.writer.applied.map((h) => h.clusterId.split('/').pop() ?? '');

describe('fleetRollout', () => {
  it('leaves clusters another rollout is working on to it (one rollout per cluster)', async () => {
    const world = setup();
    await world.state.put({ clusterId: aksId('p1'), lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', inFlightRolloutId: 'event-rollout', inFlightSince: '2024-06-05T09:00:00Z', updatedAt: 't' });
    const harness = new DurableHarness({ now: new Date('2024-06-05T10:00:00Z') });
    await start(harness);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed' });
    expect(appliedOrder(world)).not.toContain('p1');
    expect(appliedOrder(world)).toContain('p2');
    expect(world.audit.all().filter((r) => r.code === 'rollout-in-flight').map((r) => r.clusterId)).toEqual([aksId('p1')]);
    expect(world.state.states.get(aksId('p1').toLowerCase())?.inFlightRolloutId).toBe('event-rollout');
  });

  it('rolls out ring by ring within maxParallel, bakes between rings and completes', async () => {
    const world = setup();
    const harness = new DurableHarness({ now: new Date('2024-06-05T10:00:00Z') });
    await start(harness);
    expect(await harness.start('fleetRollout', FLEET, { rolloutId: 'fleet-2', trigger: { kind: 'timer' }, dryRun: false })).toBe('already-running');
    const status = await harness.runToCompletion(FLEET);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatchObject({
      state: 'completed',
      rings: [
        { name: 'canary', clusters: 2, succeeded: 2, failed: 0 },
        { name: 'prod', clusters: 2, succeeded: 2, failed: 0 },
        { name: 'default', clusters: 1, succeeded: 1, failed: 0 },
      ],
      moves: { applied: 5, failed: 0 },
    });
    expect(appliedOrder(world)).toEqual(['c1', 'c2', 'p1', 'p2', 'x1']);
    expect(harness.now.getTime() - new Date('2024-06-05T10:00:00Z').getTime()).toBeGreaterThanOrEqual(90 * 60_000);
    expect(status.customStatus).toMatchObject({ state: 'completed', clustersDone: 5, clustersTotal: 5, failed: 0 });
    const types = world.notifier.all().map((n) => n.type.replace('K8sExtensionReconciler.', ''));
    expect(types.filter((t) => t === 'RingCompleted')).toHaveLength(3);
    expect(types[types.length - 1]).toBe('RolloutCompleted');
    // canary (maxParallel 1) starts c2 only after c1 finished; prod (maxParallel 2) starts p1 and p2 together
    // per ring, one execution for its batches and one for its end (continueAsNew): the sub-orchestration events of every execution, in order
    const history = [...harness.pastExecutions(FLEET).flatMap((e) => e.history), ...harness.history(FLEET)];
    expect(harness.executions(FLEET)).toEqual({ executions: 6, discardedEvents: 0 });
    const kinds = history.filter((e) => e.EventType === 7 || e.EventType === 8).map((e) => (e.EventType === 7 ? `start:${String(e.InstanceId).slice(0, 12)}` : 'done'));
    expect(kinds.map((k) => (k.startsWith('start') ? 'start' : 'done'))).toEqual(['start', 'done', 'start', 'done', 'start', 'start', 'done', 'done', 'start', 'done']);
  });

  it('halts when a ring exceeds its failure budget and leaves later rings untouched', async () => {
    const world = setup();
    world.writer.script(aksId('c2'), 'flux', '1.8.3', { outcome: 'failed', message: 'boom' });
    const harness = new DurableHarness();
    await start(harness);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'halted', halt: { ring: 'canary', code: 'ring-failure-budget-exceeded' } });
    expect(status.customStatus).toMatchObject({ state: 'halted', halt: { ring: 'canary', code: 'ring-failure-budget-exceeded' } });
    expect(appliedOrder(world)).toEqual(['c1']);
    expect(world.fleet.version(aksId('p1'), 'flux')).toBe('1.8.0');
    expect(world.audit.all().some((r) => r.kind === 'halted' && r.code === 'ring-failure-budget-exceeded')).toBe(true);
    const halted = world.notifier.all().find((n) => n.type === 'K8sExtensionReconciler.RolloutHalted');
    expect(halted?.data).toMatchObject({ rolloutId: 'fleet-1', code: 'ring-failure-budget-exceeded', ring: 'canary' });
  });

  it('waits for approval before a ring that requires it and records the approver', async () => {
    const world = setup((p) => (p.rollout.rings[1]!.requireApproval = true));
    const harness = new DurableHarness();
    await start(harness);
    // runs canary, then fires its bake timer, then reaches the approval wait
    while (!harness.isWaitingFor(FLEET, 'RingApproval')) expect(await harness.step()).toBe(true);
    await harness.runUntilIdle({ fireTimers: false });
    expect((await harness.status(FLEET)).customStatus).toMatchObject({ state: 'waiting-approval', ring: 'prod' });
    expect(appliedOrder(world)).toEqual(['c1', 'c2']);
    const required = world.notifier.all().find((n) => n.type === 'K8sExtensionReconciler.ApprovalRequired');
    expect(required?.data).toMatchObject({ ring: 'prod', instanceId: FLEET, event: 'RingApproval', code: 'approval-required' });
    expect(await harness.raiseApproval(FLEET, { ring: 'PROD', approvedBy: 'alice@example.com' })).toBe(true);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed' });
    expect(world.audit.all().find((r) => r.kind === 'approved')).toMatchObject({ code: 'approved', actor: 'alice@example.com', ring: 'prod' });
    expect(appliedOrder(world)).toEqual(['c1', 'c2', 'p1', 'p2', 'x1']);
    expect(await harness.raiseApproval(FLEET, { ring: 'prod', approvedBy: 'late' })).toBe(false);
  });

  it('ignores an approval for another ring and keeps waiting', async () => {
    setup((p) => (p.rollout.rings[0]!.requireApproval = true));
    const harness = new DurableHarness();
    await start(harness);
    await harness.runUntilIdle({ fireTimers: false });
    await harness.raiseApproval(FLEET, { ring: 'prod', approvedBy: 'bob' });
    await harness.runUntilIdle({ fireTimers: false });
    expect((await harness.status(FLEET)).customStatus).toMatchObject({ state: 'waiting-approval', ring: 'canary' });
    await harness.raiseApproval(FLEET, { ring: 'canary', approvedBy: 'carol' });
    expect((await harness.runToCompletion(FLEET)).output).toMatchObject({ state: 'completed' });
  });

  it('halts with approval-timed-out when nobody approves in time', async () => {
    const world = setup((p) => {
      p.rollout.rings[1]!.requireApproval = true;
      p.rollout.approvalTimeoutMinutes = 120;
    });
    const harness = new DurableHarness();
    await start(harness);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'halted', halt: { ring: 'prod', code: 'approval-timed-out' } });
    expect(appliedOrder(world)).toEqual(['c1', 'c2']);
    expect(world.audit.all().some((r) => r.kind === 'halted' && r.code === 'approval-timed-out')).toBe(true);
  });

  it('approves automatically with autoApprove (demo mode)', async () => {
    setup((p) => (p.rollout.rings[1]!.requireApproval = true));
    const harness = new DurableHarness({ autoApprove: true });
    await start(harness);
    expect((await harness.runToCompletion(FLEET)).output).toMatchObject({ state: 'completed', moves: { applied: 5 } });
  });

  it('applies nothing in dry run and writes planned and dry-run rows', async () => {
    const world = setup((p) => (p.rollout.rings[1]!.requireApproval = true));
    const harness = new DurableHarness();
    await start(harness, true);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed', dryRun: true, moves: { applied: 0, failed: 0 } });
    expect(world.writer.applied).toEqual([]);
    expect(world.audit.all().filter((r) => r.code === 'dry-run')).toHaveLength(5);
    expect(world.audit.all().filter((r) => r.kind === 'planned')).toHaveLength(5);
    expect(world.state.states.size).toBe(5);
    // dry run: every cluster counts as skipped, none as succeeded
    const rings = (status.output as { rings: { succeeded: number; skipped: number; clusters: number }[] }).rings;
    expect(rings.every((r) => r.succeeded === 0 && r.skipped === r.clusters)).toBe(true);
    // first sight: the running version is remembered as reconciled (the window was closed anyway); nothing was moved
    expect([...world.state.states.values()].every((s) => s.reconciledKubernetesVersion === s.lastSeenKubernetesVersion)).toBe(true);
  });

  it('completes at once with no rings when nothing needs to move', async () => {
    const world = setup();
    for (const c of world.fleet.clusters.values()) c.extensions[0]!.version = '1.8.3';
    const harness = new DurableHarness();
    await start(harness);
    expect((await harness.runToCompletion(FLEET)).output).toMatchObject({ state: 'completed', rings: [], moves: { applied: 0, failed: 0 } });
    expect(harness.instanceIds()).toEqual([FLEET]);
  });
});

describe('fleetRollout failure budget within a ring', () => {
  it('stops the ring at the batch whose failures already exceed its budget (maxFailureRatio 0: the first failure halts)', async () => {
    const world = setup();
    world.writer.script(aksId('c1'), 'flux', '1.8.3', { outcome: 'failed', message: 'boom' });
    const harness = new DurableHarness();
    await start(harness);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'halted', halt: { ring: 'canary', code: 'ring-failure-budget-exceeded' } });
    // canary runs one cluster at a time: c2 is never started once c1 blew the budget
    expect(world.fleet.version(aksId('c2'), 'flux')).toBe('1.8.0');
    expect((status.output as { rings: unknown[] }).rings[0]).toEqual({ name: 'canary', clusters: 2, succeeded: 0, failed: 1, skipped: 0 });
  });

  it('keeps rolling a ring while its failures are within budget', async () => {
    const world = setup((p) => {
      p.rollout.rings[1]!.maxParallel = 1;
      p.rollout.rings[1]!.maxFailureRatio = 0.5;
    });
    world.writer.script(aksId('p1'), 'flux', '1.8.3', { outcome: 'failed', message: 'boom' });
    const harness = new DurableHarness();
    await start(harness);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed-with-failures' });
    expect(world.fleet.version(aksId('p2'), 'flux')).toBe('1.8.3');
  });
});

describe('fleetRollout approvals raised ahead', () => {
  it('remembers an approval for a later ring raised while an earlier ring waits (no approval-timed-out for an approved ring)', async () => {
    const world = setup((p) => {
      p.rollout.rings[0]!.requireApproval = true;
      p.rollout.rings[1]!.requireApproval = true;
    });
    const harness = new DurableHarness();
    await start(harness);
    await harness.runUntilIdle({ fireTimers: false });
    expect((await harness.status(FLEET)).customStatus).toMatchObject({ state: 'waiting-approval', ring: 'canary' });
    expect(await harness.raiseApproval(FLEET, { ring: 'prod', approvedBy: 'bob' })).toBe(true);
    expect(await harness.raiseApproval(FLEET, { ring: 'canary', approvedBy: 'carol' })).toBe(true);
    const status = await harness.runToCompletion(FLEET);
    expect(status.output).toMatchObject({ state: 'completed' });
    expect(appliedOrder(world)).toEqual(['c1', 'c2', 'p1', 'p2', 'x1']);
    const approved = world.audit.all().filter((r) => r.kind === 'approved');
    expect(approved.map((r) => [r.ring, r.actor])).toEqual([
      ['canary', 'carol'],
      ['prod', 'bob'],
    ]);
  });
});
