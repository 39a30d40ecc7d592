/**
 * clusterRollout's `record` calls under the replay engine: what a cluster rollout used to write step by step (recordAudit,
 * notify, recordClusterState) is queued and written in one call per step, with the same rows, notifications and state;
 * a retried or re-run call (a write failed, or the host crashed after it ran) writes no row and publishes nothing twice.
 */
import type { Policy } from '../../src/domain/model';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { AuditRecord, ClusterState, Notification } from '../../src/domain/ports';
import type { RecordInput } from '../../src/functions/activities/recordActivities';
import { setServices } from '../../src/host/services';
import { DurableHarness } from '../../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const A = aksId('a');
const ID = 'c1';
const START = new Date('2024-06-05T10:00:00Z');

/** Reconciled at Kubernetes 1.29: flux moves 1.8.0 → 1.9.1 → 1.10.0; `rollback`: 1.10.0 fails its health check and is rolled back. */
async function setup(opts: { rollback?: boolean } = {}): Promise<FakeWorld> {
  const policy: Policy = defaultPolicy();
  policy.stepMinors = true;
  policy.rollout.healthCheckIntervalSeconds = 30;
  policy.rollout.healthCheckTimeoutMinutes = 5;
  if (opts.rollback) policy.rollout.rollbackOnFailure = true;
  const world = fakeWorld({ clusters: [sampleCluster('a')], catalog: sampleCatalog(), policy });
  await world.state.put({ clusterId: A, lastSeenKubernetesVersion: '1.29.4', reconciledKubernetesVersion: '1.29.4', updatedAt: '2024-01-01T00:00:00Z' });
  if (opts.rollback) world.writer.script(A, 'flux', '1.10.0', { health: 'Failed', reads: Number.POSITIVE_INFINITY });
  setServices(world.services);
  return world;
}

async function begin(harness: DurableHarness): Promise<void> {
  await harness.start('clusterRollout', ID, { rolloutId: 'r1', clusterId: A, ring: 'default', trigger: { kind: 'timer' }, dryRun: false });
}

async function runAll(): Promise<DurableHarness> {
  const harness = new DurableHarness({ now: START });
  await begin(harness);
  expect((await harness.runToCompletion(ID)).runtimeStatus).toBe('Completed');
  return harness;
}

const row = (r: AuditRecord): string => `${r.kind}:${r.code}:${r.from ?? ''}->${r.to ?? ''}`;
const event = (n: Notification): string => `${n.type.replace('K8sExtensionReconciler.', '')}:${String(n.data.from)}->${String(n.data.to)}`;

/** The activities the rollout scheduled, in order, and the input of each record call. */
function scheduled(harness: DurableHarness): { names: string[]; records: RecordInput[] } {
  const tasks = harness.history(ID).filter((e) => e.EventType === 4);
  const records = tasks.filter((e) => e.Name === 'record').map((e) => JSON.parse(String(e.Input)) as RecordInput);
  return { names: tasks.map((e) => String(e.Name)), records };
}

/** Everything an observer sees after the rollout. */
async function outcome(world: FakeWorld, harness: DurableHarness): Promise<unknown> {
  const status = await harness.status(ID);
  return {
    runtimeStatus: status.runtimeStatus,
    output: status.output,
    audit: world.audit.all().map((r) => JSON.stringify(r)).sort(),
    notifications: world.notifier.all().map((n) => JSON.stringify(n)).sort(),
    state: world.state.states.get(A.toLowerCase()),
    holds: world.holds.holds,
    writes: world.writer.applied.map((h) => h.version),
  };
}

/** Rows that say the same thing (all but the time that keys them) twice: what a retry writing anew would leave. */
function repeatedRows(world: FakeWorld): string[] {
  const seen = world.audit.all().map((r) => JSON.stringify({ ...r, at: undefined }));
  return seen.filter((s, n) => seen.indexOf(s) !== n);
}

describe('clusterRollout: record calls', () => {
  it('writes each hop (row and notification) in one record call before the next hop, and the state with the last hop and the reconciled row', async () => {
    // Arrange
    const world = await setup();

    // Act
    const harness = await runAll();

    // Assert
    const { names, records } = scheduled(harness);
    expect(names).toEqual(['planCluster', 'applyHop', 'checkHealth', 'record', 'applyHop', 'checkHealth', 'record']);
    expect(records.map((r) => [(r.audit ?? []).map(row), (r.notifications ?? []).map(event), r.state?.lastResult ?? null])).toEqual([
      [['applied:applied:1.8.0->1.9.1'], ['ExtensionUpgradeSucceeded:1.8.0->1.9.1'], null],
      [['applied:applied:1.9.1->1.10.0', 'rollout:cluster-reconciled:->1.30.2'], ['ExtensionUpgradeSucceeded:1.9.1->1.10.0'], 'cluster-reconciled'],
    ]);
    const state = world.state.states.get(A.toLowerCase()) as ClusterState;
    expect(state).toMatchObject({ reconciledKubernetesVersion: '1.30.2', lastResult: 'cluster-reconciled', lastRolloutId: 'r1' });
    expect(state.inFlightRolloutId).toBeUndefined();
  });

  it('a rollback records what the step-by-step activities recorded: rows, notifications, hold and state', async () => {
    // Arrange
    const world = await setup({ rollback: true });

    // Act
    const harness = await runAll();

    // Assert: the rows, events and state recorded before the record activity existed (same scenario, main at 6770e65)
    expect(scheduled(harness).names).toEqual(['planCluster', 'applyHop', 'checkHealth', 'record', 'applyHop', 'checkHealth', 'record', 'rollbackHop', 'record', 'holdFailedVersion', 'record']);
    expect(world.audit.all().map(row).sort()).toEqual([
      'applied:applied:1.8.0->1.9.1',
      'failed:health-check-failed:1.9.1->1.10.0',
      'hold:version-held:1.9.1->1.10.0',
      'planned:kubernetes-minor-upgraded:1.8.0->1.10.0',
      'rollback:rolled-back:1.10.0->1.9.1',
      'skipped:cluster-stopped:1.9.1->1.10.0',
    ]);
    expect(world.notifier.all().map(event).sort()).toEqual(['ExtensionRolledBack:1.10.0->1.9.1', 'ExtensionUpgradeFailed:1.9.1->1.10.0', 'ExtensionUpgradeSucceeded:1.8.0->1.9.1']);
    expect(world.holds.holds).toEqual([expect.objectContaining({ extensionType: 'microsoft.flux', version: '1.10.0', rolloutId: 'r1' })]);
    expect(world.state.states.get(A.toLowerCase())).toEqual({
      clusterId: A, lastSeenKubernetesVersion: '1.30.2', lastRolloutId: 'r1', lastResult: 'health-check-failed', updatedAt: START.toISOString(), reconciledKubernetesVersion: '1.29.4',
    });
    expect(await harness.checkDeterminism(ID)).toEqual([]);
  });

  it.each([
    ['the audit log fails once', (world: FakeWorld): void => void (world.audit.failures = 1)],
    ['the state store fails once after the rows were written', (world: FakeWorld): void => {
      const put = world.state.put.bind(world.state);
      let failures = 1;
      world.state.put = (state) => (state.lastResult !== undefined && failures-- > 0 ? Promise.reject(new Error('transient: table storage unavailable')) : put(state));
    }],
  ])('when %s at the last record call, the retry writes no row twice and publishes each notification once', async (_name, fail) => {
    // Arrange: a reference run, then the same rollout with the fault armed just before its last record call
    const reference = await setup();
    const expected = await outcome(reference, await runAll());
    const world = await setup();
    const published: string[] = [];
    const publish = world.notifier.publish.bind(world.notifier);
    world.notifier.publish = (events) => (published.push(...events.map((e) => e.id)), publish(events));
    const appended: string[] = [];
    const append = world.audit.append.bind(world.audit);
    world.audit.append = (rows) => (appended.push(...rows.map(row)), append(rows));
    const harness = new DurableHarness({ now: START });
    await begin(harness);
    while (scheduled(harness).records.length < 2) await harness.step();

    // Act
    fail(world);
    await harness.runToCompletion(ID);

    // Assert
    expect(harness.history(ID).filter((e) => e.EventType === 6)).toHaveLength(1); // the record call failed once, then held
    expect(await outcome(world, harness)).toEqual(expected);
    expect(repeatedRows(world)).toEqual([]);
    expect(published).toHaveLength(new Set(published).size);
    expect(published).toHaveLength(2);
    expect(appended.filter((r) => r === 'rollout:cluster-reconciled:->1.30.2')).toHaveLength(2); // sent twice, stored once
  });

  it('a crash after any step, resumed from the recorded history, ends like an uninterrupted run: no row twice, each notification under its one id', async () => {
    // Arrange
    const reference = await setup({ rollback: true });
    const uninterrupted = new DurableHarness({ now: START });
    await begin(uninterrupted);
    let total = 0;
    while (await uninterrupted.step()) total++;
    const expected = await outcome(reference, uninterrupted);
    expect(total).toBe(12); // the first episode, then one per activity

    for (let k = 0; k < total; k++) {
      const world = await setup({ rollback: true });
      const first = new DurableHarness({ now: START });
      await begin(first);
      for (let n = 0; n < k; n++) await first.step();
      const checkpoint = first.snapshot();
      // Act: the step after the checkpoint runs its activity, then the host "crashes" before recording its result
      await first.step();
      const resumed = DurableHarness.restore(checkpoint);
      await resumed.runToCompletion(ID);

      // Assert: the activity ran twice; a record call re-run wrote the same rows (same keys) and the same event ids
      expect(await outcome(world, resumed)).toEqual(expected);
      expect(repeatedRows(world)).toEqual([]);
    }
  });
});
