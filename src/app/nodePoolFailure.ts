/**
 * AKS's `NodePoolRollingFailed` event: a node pool upgrade failed on a cluster in scope. Nothing is moved (the event
 * carries only the node pool's name); the handler records it as an audit row (code `node-pool-rolling-failed`) and this
 * use case publishes a `NodePoolRollingFailed` notification so people hear of it where they hear of extension failures.
 */
import { errorMessage } from '../domain/inputError';
import type { Notification, Notifier } from '../domain/ports';

/** The event fields this use case needs. */
export interface NodePoolFailureEvent {
  eventId: string;
  eventType: string;
  clusterId: string;
  data: Record<string, unknown>;
}

/** Publishes the notification for a failed node pool upgrade; returns the audit reason (saying whether it was delivered). Never throws. */
export async function notifyNodePoolFailure(svc: { notifier: Notifier }, event: NodePoolFailureEvent, now: Date): Promise<string> {
  const nodePoolName = typeof event.data.nodePoolName === 'string' ? event.data.nodePoolName : '';
  const reason = `${event.eventType}: AKS reported that rolling node pool "${nodePoolName}" failed; no extension was moved`;
  const notification: Notification = {
    id: `event-${event.eventId}-node-pool-rolling-failed`,
    type: 'K8sExtensionReconciler.NodePoolRollingFailed',
    subject: event.clusterId,
    time: now.toISOString(),
    data: { rolloutId: `event-${event.eventId}`, code: 'node-pool-rolling-failed', clusterId: event.clusterId, nodePoolName, eventId: event.eventId },
  };
  try {
    const result = await svc.notifier.publish([notification]);
    if (result.undelivered > 0) return `${reason} (notification undelivered: ${result.error ?? 'topic unavailable'})`;
    return result.skipped ? reason : `${reason}; notified`;
  } catch (error) {
    return `${reason} (notification undelivered: ${errorMessage(error)})`;
  }
}
