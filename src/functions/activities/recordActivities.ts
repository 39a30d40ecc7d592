/** Record activities: audit rows, per-cluster state and notifications, each wrapping one port. */
import { undeliveredRows } from '../../domain/auditRows';
import { errorMessage } from '../../domain/inputError';
import type { AuditRecord, ClusterState, Notification, PublishResult } from '../../domain/ports';
import { services } from '../../host/services';
import { typedActivity } from '../../host/typedActivity';

/** Activity recordAudit: appends rows to the audit log (idempotent for the same rows). */
export const recordAuditActivity = typedActivity<AuditRecord[], number>('recordAudit', async (rows) => {
  if (rows.length > 0) await services().audit.append(rows);
  return rows.length;
});

/** Activity recordClusterState: stores what the app remembers about one cluster. */
export const recordClusterStateActivity = typedActivity<ClusterState, void>('recordClusterState', async (state) => {
  await services().state.put(state);
});

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
});
