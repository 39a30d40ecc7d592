/** Record activities: audit rows, per-cluster state and notifications, each wrapping one port. */
import type { AuditRecord, ClusterState, Notification, PublishResult } from '../../domain/ports';
import { services } from '../../host/services';
import { typedActivity } from '../../host/typedActivity';
import { auditRecorded } from '../../telemetry/metrics';
import type { RolloutScope } from '../../telemetry/rolloutTrace';

/** The span a record activity belongs to: the cluster's when it names one, else the rollout's. */
function recordTrace(rolloutId: unknown, clusterId: unknown): RolloutScope | undefined {
  if (typeof rolloutId !== 'string' || rolloutId === '') return undefined;
  return typeof clusterId === 'string' && clusterId !== '' ? { rolloutId, clusterId } : { rolloutId };
}

/** Activity recordAudit: appends rows to the audit log (idempotent for the same rows). */
export const recordAuditActivity = typedActivity<AuditRecord[], number>('recordAudit', async (rows) => {
  if (rows.length > 0) await services().audit.append(rows);
  auditRecorded(rows);
  return rows.length;
}, { trace: (rows) => recordTrace(rows[0]?.rolloutId, rows[0]?.clusterId) });

/** Activity recordClusterState: stores what the app remembers about one cluster. */
export const recordClusterStateActivity = typedActivity<ClusterState, void>('recordClusterState', async (state) => {
  await services().state.put(state);
}, { trace: (state) => recordTrace(state.lastRolloutId, state.clusterId) });

/**
 * Audit rows for notifications the topic did not take (code notification-undelivered). The hop (from, to) and the ring
 * of the notification are kept: they are part of the row's key, so two notifications at the same time (a ring's and
 * the rollout's completion, two hops of one extension) keep a row each.
 */
export function undeliveredRows(events: readonly Notification[], error: string | undefined): AuditRecord[] {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return events.map((e) => {
    const ring = text(e.data.ring);
    return {
      rolloutId: e.data.rolloutId,
      clusterId: text(e.data.clusterId) ?? '',
      extensionName: text(e.data.extensionName) ?? '',
      extensionType: text(e.data.extensionType) ?? '',
      kind: 'rollout',
      from: text(e.data.from) ?? null,
      to: text(e.data.to) ?? null,
      moveKind: null,
      code: 'notification-undelivered',
      reason: `${e.type} ${e.id} was not delivered${error ? `: ${error}` : ''}`,
      trigger: 'notification',
      at: e.time,
      ...(ring !== undefined ? { ring } : {}),
    };
  });
}

/** Activity notify: publishes notifications; never throws: records undelivered ones, and only logs them when the audit log is down too. */
export const notifyActivity = typedActivity<Notification[], PublishResult>('notify', async (events, context) => {
  const s = services();
  if (events.length === 0) return { delivered: 0, undelivered: 0, skipped: true };
  let result: PublishResult;
  try {
    result = await s.notifier.publish(events);
  } catch (error) {
    result = { delivered: 0, undelivered: events.length, skipped: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (result.undelivered > 0) {
    try {
      await s.audit.append(undeliveredRows(events, result.error));
    } catch (error) {
      // a notification never fails the rollout: the audit log already retried inside append
      context.warn('undelivered notifications not recorded: audit log unavailable', { ids: events.map((e) => e.id), error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}, { trace: (events) => recordTrace(events[0]?.data.rolloutId, events[0]?.data.clusterId) });
