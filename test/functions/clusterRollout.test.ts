import { defaultPolicy } from '../../src/domain/policySchema';
import type { ClusterSnapshot, Policy } from '../../src/domain/model';
import { setServices } from '../../src/host/services';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const ID = 'cluster-a';
const A = aksId('a');

function setup(opts: { clusters?: ClusterSnapshot[]; policy?: (p: Policy) => void; scope?: FakeWorld['services']['scope'] } = {}): FakeWorld {
  const policy = defaultPolicy();
  policy.stepMinors = true;
  policy.rollout.healthCheckIntervalSeconds = 30;
  policy.rollout.healthCheckTimeoutMinutes = 5;
  opts.policy?.(policy);
  const world = fakeWorld({ clusters: opts.clusters ?? [sampleCluster('a')], catalog: sampleCatalog(), policy, ...(opts.scope ? { scope: opts.scope } : {}) });
  setServices(world.services);
  return world;
}

async function run(world: FakeWorld, dryRun = false, harness = new DurableHarness()): Promise<{ output: Record<string, unknown>; harness: DurableHarness }> {
  await harness.start('clusterRollout', ID, { rolloutId: 'r1', clusterId: A, ring: 'default', trigger: { kind: 'event', eventId: 'e1', eventType: 'x' }, dryRun });
  const status = await harness.runToCompletion(ID);
  expect(status.runtimeStatus).toBe('Completed');
  return { output: status.output as Record<string, unknown>, harness };
}

const rows = (world: FakeWorld): string[] => world.audit.all().map((r) => `${r.kind}:${r.code}:${r.from ?? ''}->${r.to ?? ''}`);

describe('clusterRollout', () => {
  it('walks a minor move hop by hop after a Kubernetes minor upgrade and records the reconciled version', async () => {
    const world = setup();
    await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', updatedAt: '2024-01-01T00:00:00Z' });
    const { output } = await run(world);
    expect(world.writer.applied.map((h) => h.version)).toEqual(['1.9.1', '1.10.0']);
    expect(output).toMatchObject({ result: 'succeeded', applied: 2, failed: 0, code: 'cluster-reconciled' });
    expect(rows(world)).toEqual(expect.arrayContaining(['planned:kubernetes-minor-upgraded:1.8.0->1.10.0', 'applied:applied:1.8.0->1.9.1', 'applied:applied:1.9.1->1.10.0']));
    expect(world.state.states.get(A.toLowerCase())).toMatchObject({ reconciledKubernetesVersion: '1.30.2', lastResult: 'cluster-reconciled', lastRolloutId: 'r1' });
    const succeeded = world.notifier.all().filter((n) => n.type === 'K8sExtensionReconciler.ExtensionUpgradeSucceeded');
    expect(succeeded.map((n) => [n.data.from, n.data.to, n.data.finalHop])).toEqual([['1.8.0', '1.9.1', false], ['1.9.1', '1.10.0', true]]);
    expect(succeeded[0]?.data).toMatchObject({ rolloutId: 'r1', code: 'applied', clusterId: A, extensionName: 'flux', extensionType: 'microsoft.flux' });
  });

  it('marks the cluster in flight while it works and clears the mark when it ends', async () => {
    const world = setup();
    await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', updatedAt: '2024-01-01T00:00:00Z' });
    const harness = new DurableHarness();
    await harness.start('clusterRollout', ID, { rolloutId: 'r1', clusterId: A, ring: 'default', trigger: { kind: 'timer' }, dryRun: false });
    while (!harness.history(ID).some((e) => e.EventType === 5)) await harness.step(); // planCluster completed
    expect(world.state.states.get(A.toLowerCase())).toMatchObject({ inFlightRolloutId: ID, reconciledKubernetesVersion: '1.29.4' });
    await harness.runToCompletion(ID);
    const after = world.state.states.get(A.toLowerCase());
    expect(after).toMatchObject({ reconciledKubernetesVersion: '1.30.2', lastResult: 'cluster-reconciled' });
    expect(after?.inFlightRolloutId).toBeUndefined();
  });

  it('leaves a cluster another rollout is working on alone', async () => {
    const world = setup();
    await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', inFlightRolloutId: 'other', inFlightSince: '2024-06-05T09:30:00Z', updatedAt: '2024-01-01T00:00:00Z' });
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'skipped', code: 'rollout-in-flight' });
    expect(world.writer.applied).toEqual([]);
    expect(rows(world)).toEqual(['skipped:rollout-in-flight:->']);
  });

  it('stops the cluster at a failed hop: failed row with the ARM error, the rest skipped, no reconciled version', async () => {
    const world = setup();
    await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', updatedAt: '2024-01-01T00:00:00Z' });
    world.writer.script(A, 'flux', '1.10.0', { outcome: 'failed', errorCode: 'HelmInstallFailed', message: 'chart failed' });
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'failed', applied: 1, failed: 1, code: 'apply-failed' });
    expect(world.fleet.version(A, 'flux')).toBe('1.9.1');
    const failed = world.audit.all().find((r) => r.kind === 'failed');
    expect(failed).toMatchObject({ code: 'apply-failed', from: '1.9.1', to: '1.10.0', armError: 'HelmInstallFailed: chart failed' });
    expect(world.state.states.get(A.toLowerCase())?.reconciledKubernetesVersion).toBe('1.29.4');
    expect(world.notifier.all().some((n) => n.type === 'K8sExtensionReconciler.ExtensionUpgradeFailed' && n.data.armError === 'HelmInstallFailed: chart failed')).toBe(true);
  });

  it('skips the remaining moves with cluster-stopped after a failure', async () => {
    const cluster = sampleCluster('a');
    cluster.extensions.push({ ...cluster.extensions[0]!, name: 'flux2' });
    const world = setup({ clusters: [cluster] });
    world.writer.script(A, 'flux', '1.8.3', { outcome: 'conflict', message: 'operation in progress' });
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'failed', code: 'operation-conflict' });
    expect(rows(world)).toEqual(expect.arrayContaining(['failed:operation-conflict:1.8.0->1.8.3', 'skipped:cluster-stopped:1.8.0->1.8.3']));
    expect(world.fleet.version(A, 'flux2')).toBe('1.8.0');
  });

  it('retries transient apply errors with durable retry and then applies', async () => {
    const world = setup();
    world.writer.script(A, 'flux', '1.8.3', { throwTimes: 2 });
    const { output, harness } = await run(world);
    expect(output).toMatchObject({ result: 'succeeded', applied: 1 });
    expect(harness.history(ID).filter((e) => e.EventType === 6)).toHaveLength(2);
  });

  it('polls health with durable timers until the extension is Succeeded', async () => {
    const world = setup();
    world.writer.script(A, 'flux', '1.8.3', { health: 'Updating', reads: 2 });
    const { output, harness } = await run(world);
    expect(output).toMatchObject({ result: 'succeeded', applied: 1 });
    const timers = harness.history(ID).filter((e) => e.EventType === 11);
    expect(timers).toHaveLength(2);
  });

  it('fails the hop with health-check-failed when it stays unhealthy past the timeout', async () => {
    const world = setup();
    world.writer.script(A, 'flux', '1.8.3', { health: 'Updating', reads: Number.POSITIVE_INFINITY });
    const start = new Date('2024-06-05T10:00:00Z');
    const { output, harness } = await run(world, false, new DurableHarness({ now: start }));
    expect(output).toMatchObject({ result: 'failed', code: 'health-check-failed' });
    expect(harness.now.getTime() - start.getTime()).toBeGreaterThanOrEqual(4.5 * 60_000);
    expect(world.audit.all().find((r) => r.kind === 'failed')?.armError).toMatch(/Updating/);
  });

  it('never moves an extension back when someone else moved it after planning', async () => {
    const world = setup();
    const harness = new DurableHarness();
    await harness.start('clusterRollout', ID, { rolloutId: 'r1', clusterId: A, ring: 'default', trigger: { kind: 'timer' }, dryRun: false });
    while (!harness.history(ID).some((e) => e.EventType === 5)) await harness.step();
    world.fleet.extension(A, 'flux')!.version = '1.9.1';
    const status = await harness.runToCompletion(ID);
    expect(status.output).toMatchObject({ result: 'succeeded', applied: 0, code: 'changed-externally' });
    expect(world.writer.applied).toEqual([]);
    expect(world.fleet.version(A, 'flux')).toBe('1.9.1');
    expect(rows(world)).toContain('skipped:changed-externally:1.8.0->1.8.3');
    // first sight: the running version becomes the reconciled one; the external move is re-planned next pass
    expect(world.state.states.get(A.toLowerCase())).toMatchObject({ reconciledKubernetesVersion: '1.30.2', lastResult: 'changed-externally' });
  });

  it('someone else moving the extension straight to the target counts as done: reconciled, nothing written', async () => {
    const world = setup();
    await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', updatedAt: '2024-01-01T00:00:00Z' });
    const harness = new DurableHarness();
    await harness.start('clusterRollout', ID, { rolloutId: 'r1', clusterId: A, ring: 'default', trigger: { kind: 'timer' }, dryRun: false });
    while (!harness.history(ID).some((e) => e.EventType === 5)) await harness.step();
    world.fleet.extension(A, 'flux')!.version = '1.10.0'; // the plan's final target, reached by someone else
    const status = await harness.runToCompletion(ID);
    expect(status.output).toMatchObject({ result: 'succeeded', applied: 0, code: 'cluster-reconciled' });
    expect(world.writer.applied).toEqual([]);
    expect(world.state.states.get(A.toLowerCase())).toMatchObject({ reconciledKubernetesVersion: '1.30.2' });
  });

  it('applies nothing in dry run and does not record a reconciled version', async () => {
    const world = setup();
    await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', updatedAt: '2024-01-01T00:00:00Z' });
    const { output } = await run(world, true);
    expect(output).toMatchObject({ result: 'skipped', code: 'dry-run', applied: 0 });
    expect(world.writer.applied).toEqual([]);
    expect(rows(world)).toEqual(expect.arrayContaining(['skipped:dry-run:1.8.0->1.9.1', 'skipped:dry-run:1.9.1->1.10.0']));
    expect(world.state.states.get(A.toLowerCase())).toMatchObject({ reconciledKubernetesVersion: '1.29.4', lastResult: 'dry-run' });
  });

  it('touches nothing for a cluster outside the scope', async () => {
    const world = setup({ scope: { subscriptions: ['11111111-1111-1111-1111-111111111111'], managementGroups: [] } });
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'skipped', code: 'outside-scope' });
    expect(world.writer.applied).toEqual([]);
    expect(rows(world)).toEqual(['skipped:outside-scope:->']);
  });

  it('records cluster-not-found for a cluster that vanished', async () => {
    const world = setup({ clusters: [], scope: { subscriptions: ['00000000-0000-0000-0000-000000000001'], managementGroups: [] } });
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'skipped', code: 'cluster-not-found' });
  });

  it('waits for the ring maintenance window with a durable timer before applying', async () => {
    // 2024-06-05 is a Wednesday; the window opens Saturday 22:00 UTC.
    const world = setup({ policy: (p) => (p.rollout.maintenanceWindows = [{ days: [6], start: '22:00', durationMinutes: 120 }]) });
    const { output, harness } = await run(world, false, new DurableHarness({ now: new Date('2024-06-05T10:00:00Z') }));
    expect(output).toMatchObject({ result: 'succeeded', applied: 1 });
    expect(harness.now.getTime()).toBeGreaterThanOrEqual(new Date('2024-06-08T22:00:00Z').getTime());
    expect(rows(world)).toContain('rollout:maintenance-window-wait:->');
  });

  it('a window timer that fires after the window closed (a late host) waits for the next window: no write outside it', async () => {
    // found by the soak (seed 12): the clock jumped past the whole window while the rollout waited for it
    const world = setup({ policy: (p) => (p.rollout.maintenanceWindows = [{ days: [6], start: '22:00', durationMinutes: 120 }]) });
    const harness = new DurableHarness({ now: new Date('2024-06-05T10:00:00Z') });
    const writtenAt: string[] = [];
    const writer = world.services.writer;
    world.services.writer = { readExtension: (c, n) => writer.readExtension(c, n), applyHop: (hop) => (writtenAt.push(harness.now.toISOString()), writer.applyHop(hop)) };
    await harness.start('clusterRollout', ID, { rolloutId: 'r1', clusterId: A, ring: 'default', trigger: { kind: 'event', eventId: 'e1', eventType: 'x' }, dryRun: false });
    await harness.runUntilIdle({ fireTimers: false });
    expect((await harness.status(ID)).customStatus).toMatchObject({ state: 'waiting-window' });
    // the host comes back on Sunday 03:00, after the window (Saturday 22:00 to Sunday 00:00) closed
    harness.advanceClock(new Date('2024-06-09T03:00:00Z'));
    const status = await harness.runToCompletion(ID);
    expect(status.output).toMatchObject({ result: 'succeeded', applied: 1 });
    expect(writtenAt).toEqual(['2024-06-15T22:00:00.000Z']);
  });
});
