import { InvocationContext } from '@azure/functions';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { AuditRecord, ClusterState } from '../../src/domain/ports';
import { applyHopActivity, checkHealthActivity, notifyActivity, planFleetActivity, readPlannedClustersActivity, recordActivity } from '../../src/functions/activities';
import { MAX_RECORD_BYTES, recordBatches, type RecordInput } from '../../src/functions/activities/recordActivities';
import { MAX_PLANNED_CLUSTERS_PER_READ } from '../../src/functions/activities/planActivities';
import { capturedRegistrations } from '../../simulator/world/functionsCore';
import { setServices } from '../../src/host/services';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../../simulator/world/fakePorts';

const ctx = (): InvocationContext => new InvocationContext({ functionName: 'test', invocationId: '1', logHandler: () => undefined });
const A = aksId('a');

function world(): FakeWorld {
  const w = fakeWorld({ clusters: [sampleCluster('a', { ring: 'canary' }), sampleCluster('b', { fluxVersion: '1.8.3' })], catalog: sampleCatalog(), policy: defaultPolicy() });
  setServices(w.services);
  return w;
}

describe('rollout activities', () => {
  it('registers every activity with an activity trigger', () => {
    const names = capturedRegistrations().filter((r) => Object.values(r.metadata.bindings).some((b) => b.type === 'activityTrigger')).map((r) => r.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['planFleet', 'readPlannedClusters', 'planCluster', 'applyHop', 'checkHealth', 'recordAudit', 'record', 'notify']));
  });

  it('planFleet audits every decision, stores the clusters with moves by ring and returns only a reference and counts', async () => {
    const w = world();
    const result = await planFleetActivity.handler({ rolloutId: 'r', trigger: { kind: 'event', eventId: 'ev-1', eventType: 't' }, now: '2024-06-05T10:00:00.000Z' }, ctx());
    expect(result.rings.map((r) => [r.ring.name, r.clusters])).toEqual([['default', 1]]);
    expect(result.planId.startsWith('r~')).toBe(true);
    expect(w.plans.plans.get(result.planId)).toEqual([[{ clusterId: A, kubernetesVersion: '1.30.2' }]]);
    expect(JSON.stringify(result)).not.toContain(A);
    expect(result).toMatchObject({ decisions: 2, moves: 1 });
    expect(w.audit.all().map((r) => [r.kind, r.code, r.trigger])).toEqual([
      ['planned', 'patch-available', 'event:ev-1'],
      ['planned', 'minor-waits-for-kubernetes-upgrade', 'event:ev-1'],
    ]);
  });

  it('readPlannedClusters returns a bounded slice of one ring of a stored plan', async () => {
    const w = world();
    const ids = Array.from({ length: 250 }, (_, n) => ({ clusterId: `c${n}`, kubernetesVersion: '1.30.2' }));
    await w.plans.write('p', [[], ids]);
    expect(await readPlannedClustersActivity.handler({ planId: 'p', ringIndex: 1, offset: 240, count: 50 }, ctx())).toEqual(ids.slice(240));
    expect(await readPlannedClustersActivity.handler({ planId: 'p', ringIndex: 1, offset: 0, count: 1000 }, ctx())).toHaveLength(MAX_PLANNED_CLUSTERS_PER_READ);
  });

  it('applyHop treats an extension already at the target as applied and writes nothing', async () => {
    const w = world();
    w.fleet.extension(A, 'flux')!.version = '1.8.3';
    expect(await applyHopActivity.handler({ clusterId: A, extensionName: 'flux', from: '1.8.0', version: '1.8.3', dryRun: false }, ctx())).toEqual({ kind: 'succeeded', installedVersion: '1.8.3' });
    expect(w.writer.applied).toEqual([]);
  });

  it('applyHop reports changed-externally for a vanished extension and dry-run without writing', async () => {
    const w = world();
    expect(await applyHopActivity.handler({ clusterId: A, extensionName: 'nope', from: '1', version: '2', dryRun: false }, ctx())).toEqual({ kind: 'changed-externally', installedVersion: null });
    expect(await applyHopActivity.handler({ clusterId: A, extensionName: 'flux', from: 'v1.8.0', version: '1.8.3', dryRun: true }, ctx())).toEqual({ kind: 'dry-run' });
    expect(w.writer.applied).toEqual([]);
  });

  it('checkHealth is healthy only when Succeeded at the target version', async () => {
    const w = world();
    expect(await checkHealthActivity.handler({ clusterId: A, extensionName: 'flux', version: '1.8.0' }, ctx())).toMatchObject({ healthy: true });
    expect(await checkHealthActivity.handler({ clusterId: A, extensionName: 'flux', version: '1.8.3' }, ctx())).toMatchObject({ healthy: false, terminal: true });
    w.fleet.extension(A, 'flux')!.provisioningState = 'Updating';
    expect(await checkHealthActivity.handler({ clusterId: A, extensionName: 'flux', version: '1.8.0' }, ctx())).toMatchObject({ healthy: false, terminal: false });
  });

  it('notify records undelivered notifications in the audit log instead of throwing', async () => {
    const w = world();
    w.notifier.down = true;
    const event = { id: 'n1', type: 'K8sExtensionReconciler.RolloutCompleted' as const, subject: 'r', time: '2024-06-05T10:00:00.000Z', data: { rolloutId: 'r', code: 'rollout-completed' as const } };
    expect(await notifyActivity.handler([event], ctx())).toMatchObject({ undelivered: 1 });
    expect(w.audit.all()).toEqual([expect.objectContaining({ code: 'notification-undelivered', rolloutId: 'r', at: event.time })]);
  });
});

describe('notify activity when the audit log is down too', () => {
  it('never throws: a topic that is down while the undelivered rows cannot be written is reported, not raised', async () => {
    const w = world();
    w.notifier.down = true;
    w.audit.failures = 1;
    const event = { id: 'n2', type: 'K8sExtensionReconciler.RolloutCompleted' as const, subject: 'r', time: '2024-06-05T10:00:00.000Z', data: { rolloutId: 'r', code: 'rollout-completed' as const } };
    await expect(notifyActivity.handler([event], ctx())).resolves.toMatchObject({ delivered: 0, undelivered: 1 });
    expect(w.audit.all()).toEqual([]);
  });
});

describe('record activity', () => {
  const row = (n: number): AuditRecord => ({ rolloutId: 'r', clusterId: A, extensionName: `ext-${n}`, extensionType: 't', kind: 'skipped', from: '1.0.0', to: '1.0.1', moveKind: 'patch', code: 'cluster-stopped', reason: 'x'.repeat(400), trigger: 'timer', at: '2024-06-05T10:00:00.000Z' });
  const state: ClusterState = { clusterId: A, lastSeenKubernetesVersion: '1.30.2', lastRolloutId: 'r', lastResult: 'apply-failed', updatedAt: '2024-06-05T10:00:00.000Z' };
  const event = { id: 'n3', type: 'K8sExtensionReconciler.ExtensionUpgradeFailed' as const, subject: A, time: '2024-06-05T10:00:00.000Z', data: { rolloutId: 'r', clusterId: A, code: 'apply-failed' as const } };

  it('writes the rows, then the state, then publishes, and throws before publishing when a write fails', async () => {
    const w = world();
    const order: string[] = [];
    const [append, put, publish] = [w.audit.append.bind(w.audit), w.state.put.bind(w.state), w.notifier.publish.bind(w.notifier)];
    w.audit.append = (rows) => (order.push('audit'), append(rows));
    w.state.put = (s) => (order.push('state'), put(s));
    w.notifier.publish = (events) => (order.push('publish'), publish(events));
    expect(await recordActivity.handler({ audit: [row(1)], state, notifications: [event] }, ctx())).toMatchObject({ rows: 1, state: true, published: { delivered: 1 } });
    expect(order).toEqual(['audit', 'state', 'publish']);
    w.audit.failures = 1;
    await expect(recordActivity.handler({ audit: [row(2)], state, notifications: [{ ...event, id: 'n4' }] }, ctx())).rejects.toThrow('transient');
    expect(w.notifier.all().map((n) => n.id)).toEqual(['n3']);
  });

  it.each([
    ['nothing', {}, []],
    ['what fits: one call', { audit: [row(1), row(2)], state, notifications: [event] }, [[2, true, 1]]],
    ['more than fits: calls in order, the state and events with the last rows', { audit: Array.from({ length: 150 }, (_, n) => row(n)), state, notifications: [event] }, [[53, false, 0], [53, false, 0], [44, true, 1]]],
  ])('recordBatches splits %s under the payload limit', (_name, input: RecordInput, expected) => {
    const batches = recordBatches(input);
    expect(batches.map((b) => [b.audit?.length ?? 0, b.state !== undefined, b.notifications?.length ?? 0])).toEqual(expected);
    expect(batches.flatMap((b) => b.audit ?? [])).toEqual(input.audit ?? []);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThanOrEqual(MAX_RECORD_BYTES);
  });
});
