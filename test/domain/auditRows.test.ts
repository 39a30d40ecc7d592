/**
 * The audit row builders (README: every decision and action leaves a row; rows of one rollout share its id, trigger and
 * time; a notification the topic did not take leaves a `notification-undelivered` row keyed by its hop and ring).
 * toStrictEqual throughout: an optional field that does not apply is absent, not a key holding undefined.
 */
import { approvedRow, eventRow, levelRow, moveRow, plannedRows, refusedRow, undeliveredRows } from '../../src/domain/auditRows';
import type { Decision } from '../../src/domain/model';
import type { Notification } from '../../src/domain/ports';

const AT = '2026-03-01T02:00:00.000Z';
const ctx = { rolloutId: 'r-1', trigger: 'timer', at: AT };
const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';
const upgrade: Decision = { clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', action: 'upgrade', from: '1.0.0', to: '1.2.0', moveKind: 'minor', path: ['1.1.0', '1.2.0'], code: 'kubernetes-minor-upgraded', reason: 'Kubernetes minor upgraded' };
const skip: Decision = { clusterId: CLUSTER, extensionName: 'dapr', extensionType: 'microsoft.dapr', action: 'skip', from: '1.12.0', to: null, moveKind: null, path: [], code: 'up-to-date', reason: 'newest allowed' };

describe('levelRow', () => {
  it('has no extension, no hop and no ring when the context has none', () => {
    expect(levelRow(ctx, 'rollout', '', 'rollout-completed', 'done')).toStrictEqual({
      rolloutId: 'r-1', clusterId: '', extensionName: '', extensionType: '', kind: 'rollout', from: null, to: null, moveKind: null, code: 'rollout-completed', reason: 'done', trigger: 'timer', at: AT,
    });
  });
  it('an extra ring wins over the context\'s; extra fields are kept', () => {
    expect(levelRow({ ...ctx, ring: 'prod' }, 'halted', CLUSTER, 'ring-failure-budget-exceeded', 'x', { ring: 'canary', actor: 'ana' })).toStrictEqual({
      rolloutId: 'r-1', clusterId: CLUSTER, extensionName: '', extensionType: '', kind: 'halted', from: null, to: null, moveKind: null, code: 'ring-failure-budget-exceeded', reason: 'x', trigger: 'timer', at: AT, ring: 'canary', actor: 'ana',
    });
  });
});

describe('moveRow', () => {
  it('without a ring or an ARM error has neither key', () => {
    const row = moveRow(ctx, 'applied', upgrade, '1.0.0', '1.1.0', 'applied', 'hop 1 of 2');
    expect(row).toStrictEqual({
      rolloutId: 'r-1', clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'applied', from: '1.0.0', to: '1.1.0', moveKind: 'minor', code: 'applied', reason: 'hop 1 of 2', trigger: 'timer', at: AT,
    });
  });
  it('keeps an empty ARM error (it was given)', () => {
    expect(moveRow(ctx, 'failed', upgrade, '1.0.0', '1.1.0', 'apply-failed', 'x', '')).toHaveProperty('armError', '');
  });
  it('takes the ring of its context', () => {
    expect(moveRow({ ...ctx, ring: 'canary' }, 'applied', upgrade, '1.1.0', '1.2.0', 'applied', 'x').ring).toBe('canary');
  });
});

describe('plannedRows', () => {
  it('one planned row per decision, in order, with the decision\'s versions, kind, code and reason', () => {
    expect(plannedRows([upgrade, skip], { ...ctx, ring: 'ignored' })).toStrictEqual([
      { rolloutId: 'r-1', clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'planned', from: '1.0.0', to: '1.2.0', moveKind: 'minor', code: 'kubernetes-minor-upgraded', reason: 'Kubernetes minor upgraded', trigger: 'timer', at: AT },
      { rolloutId: 'r-1', clusterId: CLUSTER, extensionName: 'dapr', extensionType: 'microsoft.dapr', kind: 'planned', from: '1.12.0', to: null, moveKind: null, code: 'up-to-date', reason: 'newest allowed', trigger: 'timer', at: AT },
    ]);
  });
  it('none for no decisions', () => {
    expect(plannedRows([], ctx)).toStrictEqual([]);
  });
});

describe('undeliveredRows', () => {
  const hop: Notification = {
    id: 'n-1', type: 'K8sExtensionReconciler.ExtensionUpgradeSucceeded', subject: CLUSTER, time: AT,
    data: { rolloutId: 'r-1', code: 'applied', ring: 'canary', clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', from: '1.0.0', to: '1.1.0' },
  };
  const done: Notification = { id: 'n-2', type: 'K8sExtensionReconciler.RolloutCompleted', subject: 'r-1', time: '2026-03-01T03:00:00.000Z', data: { rolloutId: 'r-1', code: 'rollout-completed' } };

  it('a row per notification, keeping its hop and ring, the error in the reason', () => {
    expect(undeliveredRows([hop, done], 'topic returned 503')).toStrictEqual([
      {
        rolloutId: 'r-1', clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'rollout', from: '1.0.0', to: '1.1.0', moveKind: null, code: 'notification-undelivered',
        reason: 'K8sExtensionReconciler.ExtensionUpgradeSucceeded n-1 was not delivered: topic returned 503', trigger: 'notification', at: AT, ring: 'canary',
      },
      {
        rolloutId: 'r-1', clusterId: '', extensionName: '', extensionType: '', kind: 'rollout', from: null, to: null, moveKind: null, code: 'notification-undelivered',
        reason: 'K8sExtensionReconciler.RolloutCompleted n-2 was not delivered: topic returned 503', trigger: 'notification', at: '2026-03-01T03:00:00.000Z',
      },
    ]);
  });
  it('without an error (or an empty one) the reason ends at "not delivered"', () => {
    expect(undeliveredRows([done], undefined)[0]?.reason).toBe('K8sExtensionReconciler.RolloutCompleted n-2 was not delivered');
    expect(undeliveredRows([done], '')[0]?.reason).toBe('K8sExtensionReconciler.RolloutCompleted n-2 was not delivered');
  });
  it('data fields that are not text are left out rather than written as text', () => {
    const odd: Notification = { ...done, data: { rolloutId: 'r-1', code: 'applied', ring: 3, clusterId: null, extensionName: 1, extensionType: {}, from: false, to: ['1.0.0'] } };
    const [row] = undeliveredRows([odd], 'x');
    expect(row).toMatchObject({ clusterId: '', extensionName: '', extensionType: '', from: null, to: null });
    expect(row).not.toHaveProperty('ring');
  });
  it('none for no notifications', () => {
    expect(undeliveredRows([], 'x')).toStrictEqual([]);
  });
});

describe('eventRow', () => {
  it('is a cluster-level row of kind event', () => {
    expect(eventRow({ rolloutId: 'event-e-1', trigger: 'event:e-1', at: AT }, CLUSTER, 'cluster-stopped', 'the cluster is stopped')).toStrictEqual({
      rolloutId: 'event-e-1', clusterId: CLUSTER, extensionName: '', extensionType: '', kind: 'event', from: null, to: null, moveKind: null, code: 'cluster-stopped', reason: 'the cluster is stopped', trigger: 'event:e-1', at: AT,
    });
  });
});

describe('refusedRow', () => {
  it('says what was refused, with which status and why; kind refused, code approval-refused, on no cluster', () => {
    expect(refusedRow({ ...ctx, ring: 'prod' }, 'approval of ring prod', 403, 'eve has none of the approver roles or groups', { actor: 'eve' })).toStrictEqual({
      rolloutId: 'r-1', clusterId: '', extensionName: '', extensionType: '', kind: 'refused', from: null, to: null, moveKind: null, code: 'approval-refused',
      reason: 'approval of ring prod refused (403): eve has none of the approver roles or groups', trigger: 'timer', at: AT, ring: 'prod', actor: 'eve',
    });
    expect(refusedRow(ctx, 'x', 401, 'no token')).not.toHaveProperty('actor');
  });
});

describe('approvedRow', () => {
  it('names the ring and the approver, on no cluster', () => {
    expect(approvedRow(ctx, 'prod', 'ana@contoso.com')).toStrictEqual({
      rolloutId: 'r-1', clusterId: '', extensionName: '', extensionType: '', kind: 'approved', from: null, to: null, moveKind: null, code: 'approved', reason: 'Ring prod approved by ana@contoso.com.', trigger: 'timer', at: AT, ring: 'prod', actor: 'ana@contoso.com',
    });
  });
  it('the ring approved wins over the context\'s; the reason says who approved which ring unless given', () => {
    const row = approvedRow({ ...ctx, ring: 'canary' }, 'prod', 'ana');
    expect([row.ring, row.reason]).toEqual(['prod', 'Ring prod approved by ana.']);
    expect(approvedRow(ctx, 'prod', 'unauthenticated:ann').reason).toBe('Ring prod approved by unauthenticated:ann (unauthenticated claim: authentication is off).');
  });
});
