/** clusterRollout with issue 15's safety features, on the fakes: alert and status gate, rollback and holds, freezes. */
import type { ClusterSnapshot, Policy } from '../../src/domain/model';
import { defaultPolicy } from '../../src/domain/policySchema';
import { setServices } from '../../src/host/services';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const A = aksId('a');
const START = new Date('2024-06-05T10:00:00Z');
const GATE = { alertSeverities: ['Sev0', 'Sev1'], extensionStatusLevels: ['Error'] };

function setup(opts: { clusters?: ClusterSnapshot[]; policy?: (p: Policy) => void } = {}): FakeWorld {
  const policy = defaultPolicy();
  policy.stepMinors = true;
  policy.rollout.healthCheckIntervalSeconds = 30;
  policy.rollout.healthCheckTimeoutMinutes = 5;
  policy.rollout.healthGate = GATE;
  opts.policy?.(policy);
  const world = fakeWorld({ clusters: opts.clusters ?? [sampleCluster('a')], catalog: sampleCatalog(), policy });
  setServices(world.services);
  return world;
}

/** The cluster was reconciled at 1.29: the window is open and flux moves 1.8.0 → 1.9.1 → 1.10.0. */
async function windowOpen(world: FakeWorld): Promise<void> {
  await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', updatedAt: '2024-01-01T00:00:00Z' });
}

async function run(world: FakeWorld, id = 'c1', harness = new DurableHarness({ now: START }), dryRun = false): Promise<{ output: Record<string, unknown>; harness: DurableHarness }> {
  await harness.start('clusterRollout', id, { rolloutId: `r-${id}`, clusterId: A, ring: 'default', trigger: { kind: 'timer' }, dryRun });
  const status = await harness.runToCompletion(id);
  expect(status.runtimeStatus).toBe('Completed');
  return { output: status.output as Record<string, unknown>, harness };
}

const rows = (world: FakeWorld): string[] => world.audit.all().map((r) => `${r.kind}:${r.code}:${r.from ?? ''}->${r.to ?? ''}`);
const alert = (startDateTime: string, severity = 'Sev1') => ({ id: 'al-1', name: 'flux-errors', severity, monitorCondition: 'Fired', alertState: 'New', targetResource: A, startDateTime });

describe('clusterRollout: alert-driven health gate', () => {
  it('a matching alert fired after the hop fails it with health-check-failed naming the alert; later hops are not applied', async () => {
    const world = setup();
    await windowOpen(world);
    world.inventory.alerts.push(alert('2024-06-05T10:00:00Z'));
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'failed', code: 'health-check-failed', applied: 0, failed: 1 });
    expect(world.writer.applied.map((h) => h.version)).toEqual(['1.9.1']);
    const failed = world.audit.all().find((r) => r.kind === 'failed');
    expect(failed).toMatchObject({ code: 'health-check-failed', from: '1.8.0', to: '1.9.1' });
    expect(failed?.armError).toContain('alert Sev1 "flux-errors" fired at 2024-06-05T10:00:00Z');
    expect(world.inventory.alertLookups).toEqual([{ clusterIds: [A], since: START.toISOString() }]);
    expect(rows(world)).toContain('skipped:cluster-stopped:1.8.0->1.10.0');
  });

  it.each([
    ['an alert older than the hop', alert('2024-06-05T09:59:59Z')],
    ['an alert of an unlisted severity', alert('2024-06-05T10:00:00Z', 'Sev3')],
  ])('%s does not fail the hop', async (_name, a) => {
    const world = setup();
    await windowOpen(world);
    world.inventory.alerts.push(a);
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'succeeded', applied: 2, code: 'cluster-reconciled' });
  });

  it('an extension status at a listed level fails the hop, naming the status', async () => {
    const world = setup();
    world.fleet.extension(A, 'flux')!.health = { statuses: [{ code: 'PodsCrashLooping', level: 'Error', message: 'source-controller restarts' }] };
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'failed', code: 'health-check-failed' });
    expect(world.audit.all().find((r) => r.kind === 'failed')?.armError).toBe('extension flux status Error PodsCrashLooping: source-controller restarts');
  });

  it('without a healthGate no alert is asked for', async () => {
    const world = setup({ policy: (p) => delete p.rollout.healthGate });
    world.inventory.alerts.push(alert('2024-06-05T10:00:00Z'));
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'succeeded' });
    expect(world.inventory.alertLookups).toEqual([]);
  });
});

describe('clusterRollout: last-known-good rollback and held versions', () => {
  it('re-pins the version before the failed hop, reads it back, records, notifies and holds the failed version fleet-wide', async () => {
    const world = setup({ policy: (p) => (p.rollout.rollbackOnFailure = true) });
    await windowOpen(world);
    world.writer.script(A, 'flux', '1.10.0', { health: 'Failed', reads: Number.POSITIVE_INFINITY });
    const { output, harness } = await run(world);
    expect(output).toMatchObject({ result: 'failed', code: 'health-check-failed', applied: 1, failed: 1, rollback: 'rolled-back' });
    expect(await harness.checkDeterminism('c1')).toEqual([]);
    expect(world.writer.applied.map((h) => h.version)).toEqual(['1.9.1', '1.10.0', '1.9.1']);
    expect(world.fleet.extension(A, 'flux')).toMatchObject({ version: '1.9.1', provisioningState: 'Succeeded' });
    expect(rows(world)).toEqual(expect.arrayContaining(['applied:applied:1.8.0->1.9.1', 'failed:health-check-failed:1.9.1->1.10.0', 'rollback:rolled-back:1.10.0->1.9.1', 'hold:version-held:1.9.1->1.10.0']));
    expect(world.holds.holds).toEqual([expect.objectContaining({ extensionType: 'microsoft.flux', version: '1.10.0', clusterId: A, rolloutId: 'r-c1' })]);
    const rolledBack = world.notifier.all().find((n) => n.type === 'K8sExtensionReconciler.ExtensionRolledBack');
    expect(rolledBack?.data).toMatchObject({ code: 'rolled-back', from: '1.10.0', to: '1.9.1', failure: 'health-check-failed' });
    expect(world.state.states.get(A.toLowerCase())).toMatchObject({ reconciledKubernetesVersion: '1.29.4', lastResult: 'health-check-failed' });

    // the next pass plans the held version as held-after-failure and writes nothing
    const before = world.writer.applied.length;
    const second = await run(world, 'c2');
    expect(second.output).toMatchObject({ applied: 0, failed: 0 });
    expect(world.writer.applied).toHaveLength(before);
    expect(world.audit.all().find((r) => r.rolloutId === 'r-c2' && r.kind === 'planned')).toMatchObject({ code: 'held-after-failure', to: '1.10.0' });
  });

  it('records rollback-failed with the error when the re-pin fails; the version is still held', async () => {
    const world = setup({ policy: (p) => (p.rollout.rollbackOnFailure = true) });
    world.writer.script(A, 'flux', '1.8.3', { health: 'Failed', reads: Number.POSITIVE_INFINITY });
    world.writer.script(A, 'flux', '1.8.0', { outcome: 'failed', errorCode: 'HelmRollbackFailed', message: 'no release' });
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'failed', rollback: 'rollback-failed' });
    const row = world.audit.all().find((r) => r.kind === 'rollback');
    expect(row).toMatchObject({ code: 'rollback-failed', from: '1.8.3', to: '1.8.0', armError: 'HelmRollbackFailed: no release' });
    expect(world.holds.holds.map((h) => h.version)).toEqual(['1.8.3']);
  });

  it('without rollbackOnFailure a failed hop is neither rolled back nor held', async () => {
    const world = setup();
    world.writer.script(A, 'flux', '1.8.3', { health: 'Failed', reads: Number.POSITIVE_INFINITY });
    const { output } = await run(world);
    expect(output).toMatchObject({ result: 'failed', code: 'health-check-failed' });
    expect(output.rollback).toBeUndefined();
    expect(world.writer.applied.map((h) => h.version)).toEqual(['1.8.3']);
    expect(world.holds.holds).toEqual([]);
  });

  it('a conflict (409) is not rolled back: the extension is busy, not broken', async () => {
    const world = setup({ policy: (p) => (p.rollout.rollbackOnFailure = true) });
    world.writer.script(A, 'flux', '1.8.3', { outcome: 'conflict' });
    const { output } = await run(world);
    expect(output).toMatchObject({ code: 'operation-conflict' });
    expect(output.rollback).toBeUndefined();
    expect(world.holds.holds).toEqual([]);
  });
});

describe('clusterRollout: freeze calendar', () => {
  const FREEZE = { from: '2024-06-05T00:00:00Z', to: '2024-06-07T00:00:00Z', reason: 'quarter close', clusterIds: [], clusterTags: {} };

  it('waits on a durable timer until the freeze ends; no write inside it; status and audit show the freeze', async () => {
    const world = setup({ policy: (p) => (p.rollout.freezes = [FREEZE]) });
    const harness = new DurableHarness({ now: START });
    await harness.start('clusterRollout', 'c1', { rolloutId: 'r-c1', clusterId: A, ring: 'default', trigger: { kind: 'timer' }, dryRun: false });
    await harness.runUntilIdle({ fireTimers: false });
    expect((await harness.status('c1')).customStatus).toMatchObject({ state: 'waiting-freeze', freeze: { to: FREEZE.to, reason: 'quarter close' } });
    expect(world.writer.applied).toEqual([]);
    const status = await harness.runToCompletion('c1');
    expect(status.output).toMatchObject({ result: 'succeeded', applied: 1 });
    expect(harness.now.getTime()).toBeGreaterThanOrEqual(Date.parse(FREEZE.to));
    expect(await harness.checkDeterminism('c1')).toEqual([]);
    expect(world.audit.all().find((r) => r.code === 'freeze-wait')?.reason).toBe('Frozen until 2024-06-07T00:00:00Z: quarter close. No write starts before.');
  });

  it('a freeze scoped to other clusters does not hold this one', async () => {
    const world = setup({ policy: (p) => (p.rollout.freezes = [{ ...FREEZE, clusterTags: { env: 'prod' } }]) });
    const { output, harness } = await run(world);
    expect(output).toMatchObject({ result: 'succeeded', applied: 1 });
    expect(harness.now).toEqual(START);
  });

  it('a freeze followed by a maintenance window: waits for both', async () => {
    // the freeze ends Friday 2024-06-07 00:00; the window opens Saturday 22:00 UTC
    const world = setup({ policy: (p) => ((p.rollout.freezes = [FREEZE]), (p.rollout.maintenanceWindows = [{ days: [6], start: '22:00', durationMinutes: 120 }])) });
    const { output, harness } = await run(world);
    expect(output).toMatchObject({ result: 'succeeded', applied: 1 });
    expect(harness.now.getTime()).toBeGreaterThanOrEqual(Date.parse('2024-06-08T22:00:00Z'));
    expect(rows(world)).toEqual(expect.arrayContaining(['rollout:freeze-wait:->', 'rollout:maintenance-window-wait:->']));
  });
});
