/**
 * Record activities: audit rows, per-cluster state and notifications, each wrapping one port; and `record`, which writes
 * all three at once for a cluster rollout (one history episode instead of three).
 */
import type { InvocationContext } from '@azure/functions';
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

/** Publishes `events`; never throws: records undelivered ones, and only logs them when the audit log is down too. */
async function publish(events: Notification[], context: InvocationContext): Promise<PublishResult> {
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
}

/** Activity notify: publishes notifications; never throws: records undelivered ones, and only logs them when the audit log is down too. */
export const notifyActivity = typedActivity<Notification[], PublishResult>('notify', publish, { trace: (events) => recordTrace(events[0]?.data.rolloutId, events[0]?.data.clusterId) });

/** Input of record: what one step of a cluster (or fleet) rollout leaves behind, every part optional. */
export interface RecordInput {
  audit?: AuditRecord[];
  state?: ClusterState;
  notifications?: Notification[];
  /** Plans of a fleet rollout that ended: their rows are deleted (before anything is published). */
  deletePlans?: string[];
}

/** What record wrote: audit rows appended, whether it stored the state, how the notifications went. */
export interface RecordResult {
  rows: number;
  state: boolean;
  published: PublishResult;
  /** Plan rows deleted (a fleet rollout's last call). */
  planRows?: number;
}

/** The span of a record call: its rows' rollout and cluster, else its notifications'. */
function recordCallTrace(input: RecordInput): RolloutScope | undefined {
  const row = input.audit?.[0];
  if (row) return recordTrace(row.rolloutId, row.clusterId);
  const event = input.notifications?.[0];
  return event ? recordTrace(event.data.rolloutId, event.data.clusterId) : recordTrace(input.state?.lastRolloutId, input.state?.clusterId);
}

/**
 * Activity record: appends the audit rows, then stores the cluster state, then deletes the plans named (a fleet
 * rollout's end), then publishes the notifications (as notify: never throws). A write that fails throws before anything is published, so the orchestration's retry repeats only
 * idempotent writes: rows keyed by their time and content, the state a replace.
 */
export const recordActivity = typedActivity<RecordInput, RecordResult>('record', async (input, context) => {
  const rows = input.audit ?? [];
  if (rows.length > 0) await services().audit.append(rows);
  if (input.state) await services().state.put(input.state);
  const planRows = input.deletePlans?.length ? await services().plans.delete(input.deletePlans) : undefined;
  auditRecorded(rows); // once every write of the call held: a retried call counts its rows once
  return { rows: rows.length, state: input.state !== undefined, published: await publish(input.notifications ?? [], context), ...(planRows !== undefined ? { planRows } : {}) };
}, { trace: recordCallTrace });

/** Largest serialized input of one record call: below the 45 KB a payload may weigh, with room for the envelope. */
export const MAX_RECORD_BYTES = 40 * 1024;

type RecordEntry = { audit: AuditRecord } | { state: ClusterState } | { notification: Notification };

/**
 * Splits what a cluster rollout has to record into record calls of at most `maxBytes` of JSON each (an entry larger
 * than that alone gets a call of its own), in order: the rows, then the state, then the notifications. Pure.
 */
export function recordBatches(input: RecordInput, maxBytes = MAX_RECORD_BYTES): RecordInput[] {
  const entries: RecordEntry[] = [
    ...(input.audit ?? []).map((audit) => ({ audit })),
    ...(input.state ? [{ state: input.state }] : []),
    ...(input.notifications ?? []).map((notification) => ({ notification })),
  ];
  const batches: RecordInput[] = [];
  let batch: RecordInput = {};
  let bytes = 2;
  for (const entry of entries) {
    const size = Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (bytes + size > maxBytes && bytes > 2) {
      batches.push(batch);
      batch = {};
      bytes = 2;
    }
    if ('audit' in entry) (batch.audit ??= []).push(entry.audit);
    else if ('state' in entry) batch.state = entry.state;
    else (batch.notifications ??= []).push(entry.notification);
    bytes += size;
  }
  if (bytes > 2) batches.push(batch);
  return batches;
}
