/** Record activities: audit rows, per-cluster state and notifications, each wrapping one port. */
import { undeliveredRows } from '../../domain/auditRows';
import { errorMessage } from '../../domain/inputError';
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

/** Activity notify: publishes notifications; never throws: records undelivered ones, and only logs them when the audit log is down too. */
export const notifyActivity = typedActivity<Notification[], PublishResult>('notify', async (events, context) => {
  const s = services();
  if (events.length === 0) return { delivered: 0, undelivered: 0, skipped: true };
  let result: PublishResult;
  try {
    result = await s.notifier.publish(events);
  } catch (error) {
    result = { delivered: 0, undelivered: events.length, skipped: false, error: errorMessage(error) };
  }
  if (result.undelivered > 0) {
    try {
      await s.audit.append(undeliveredRows(events, result.error));
    } catch (error) {
      // a notification never fails the rollout: the audit log already retried inside append
      context.warn('undelivered notifications not recorded: audit log unavailable', { ids: events.map((e) => e.id), error: errorMessage(error) });
    }
  }
  return result;
}, { trace: (events) => recordTrace(events[0]?.data.rolloutId, events[0]?.data.clusterId) });
