import { InvocationContext } from '@azure/functions';
import { defaultPolicy } from '../../src/domain/policySchema';
import { applyHopActivity, checkHealthActivity, notifyActivity, planFleetActivity } from '../../src/functions/activities';
import { capturedRegistrations } from '../support/functionsCore';
import { setServices } from '../../src/host/services';
import { aksId, fakeWorld, sampleCatalog, sampleCluster, type FakeWorld } from '../support/fakePorts';

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
    expect(names).toEqual(expect.arrayContaining(['planFleet', 'planCluster', 'applyHop', 'checkHealth', 'recordAudit', 'recordClusterState', 'notify']));
  });

  it('planFleet audits every decision and returns only clusters with moves, compactly', async () => {
    const w = world();
    const result = await planFleetActivity.handler({ rolloutId: 'r', trigger: { kind: 'event', eventId: 'ev-1', eventType: 't' }, now: '2024-06-05T10:00:00.000Z' }, ctx());
    expect(result.clusters).toEqual([{ clusterId: A, tags: { ring: 'canary' }, kubernetesVersion: '1.30.2' }]);
    expect(result).toMatchObject({ decisions: 2, moves: 1 });
    expect(w.audit.all().map((r) => [r.kind, r.code, r.trigger])).toEqual([
      ['planned', 'patch-available', 'event:ev-1'],
      ['planned', 'minor-waits-for-kubernetes-upgrade', 'event:ev-1'],
    ]);
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
