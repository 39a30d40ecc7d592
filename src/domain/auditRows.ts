/**
 * Every audit row the system writes is built here (the record stage's one home), plus the notifications a rollout
 * publishes. Pure: ids and times are passed in.
 */
import type { Decision } from './model';
import type { AuditKind, AuditRecord, Notification, NotificationType } from './ports';
import type { ReasonCode } from './reasonCodes';
import { driftReason, type Drift } from './drift';
import { moveKindOf, parseVersion } from './versions';

/** What every row of one rollout step shares. */
export interface RowContext {
  rolloutId: string;
  trigger: string;
  at: string;
  ring?: string;
}

/** A cluster-, ring- or rollout-level audit row (no extension). */
export function levelRow(ctx: RowContext, kind: AuditKind, clusterId: string, code: ReasonCode, reason: string, extra: Partial<AuditRecord> = {}): AuditRecord {
  const row: AuditRecord = { rolloutId: ctx.rolloutId, clusterId, extensionName: '', extensionType: '', kind, from: null, to: null, moveKind: null, code, reason, trigger: ctx.trigger, at: ctx.at, ...extra };
  if (ctx.ring !== undefined && row.ring === undefined) row.ring = ctx.ring;
  return row;
}

/** An audit row about one hop (or the rest of a move) of a decision. */
export function moveRow(ctx: RowContext, kind: AuditKind, decision: Decision, from: string, to: string, code: ReasonCode, reason: string, armError?: string): AuditRecord {
  const row: AuditRecord = {
    rolloutId: ctx.rolloutId,
    clusterId: decision.clusterId,
    extensionName: decision.extensionName,
    extensionType: decision.extensionType,
    kind,
    from,
    to,
    moveKind: decision.moveKind,
    code,
    reason,
    trigger: ctx.trigger,
    at: ctx.at,
  };
  if (armError !== undefined) row.armError = armError;
  if (ctx.ring !== undefined) row.ring = ctx.ring;
  return row;
}

/** A notification (CloudEvent) with the rollout id and reason code in its data. */
export function notification(id: string, type: NotificationType, subject: string, time: string, data: Notification['data']): Notification {
  return { id, type, subject, time, data };
}

/** One 'planned' row per decision. */
export function plannedRows(decisions: readonly Decision[], ctx: RowContext): AuditRecord[] {
  return decisions.map((d) => ({
    rolloutId: ctx.rolloutId,
    clusterId: d.clusterId,
    extensionName: d.extensionName,
    extensionType: d.extensionType,
    kind: 'planned',
    from: d.from,
    to: d.to,
    moveKind: d.moveKind,
    code: d.code,
    reason: d.reason,
    trigger: ctx.trigger,
    at: ctx.at,
  }));
}

/**
 * Rows for notifications the topic did not take (code notification-undelivered). The hop (from, to) and the ring of
 * the notification are kept: they are part of the row's key, so two notifications at the same time (a ring's and the
 * rollout's completion, two hops of one extension) keep a row each.
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

/** The row an Event Grid event leaves (rollout id `event-<event id>` unless the event started a rollout). */
export function eventRow(ctx: RowContext, clusterId: string, code: ReasonCode, reason: string): AuditRecord {
  return levelRow(ctx, 'event', clusterId, code, reason);
}

/** The one wording of an approval, whoever records it (the approve route or the rollout). */
export function approvalReason(ring: string, approvedBy: string): string {
  return `Ring ${ring} approved by ${approvedBy}${approvedBy.startsWith('unauthenticated:') ? ' (unauthenticated claim: authentication is off)' : ''}.`;
}

/** The row of an accepted approval of a ring: one per ring of a rollout (the audit log keys it by rollout and ring). */
export function approvedRow(ctx: RowContext, ring: string, approvedBy: string): AuditRecord {
  return levelRow({ ...ctx, ring }, 'approved', '', 'approved', approvalReason(ring, approvedBy), { actor: approvedBy });
}

/** The row of a refused approval or hold clearance: `what` was refused with `status` for `problem`; `actor` when the caller is known. */
export function refusedRow(ctx: RowContext, what: string, status: number, problem: string, extra: Partial<AuditRecord> = {}): AuditRecord {
  return levelRow(ctx, 'refused', '', 'approval-refused', `${what} refused (${status}): ${problem}`, extra);
}

/** Issue 24: the audit row of a drift (kind `drift`, code `extension-drifted`), with its move kind when both versions are semver. */
export function driftRow(ctx: RowContext, d: Drift): AuditRecord {
  const [from, to] = [parseVersion(d.from), parseVersion(d.to)];
  return { rolloutId: ctx.rolloutId, clusterId: d.clusterId, extensionName: d.extensionName, extensionType: d.extensionType, kind: 'drift', from: d.from, to: d.to, moveKind: from && to ? moveKindOf(from, to) : null, code: 'extension-drifted', reason: driftReason(d), trigger: ctx.trigger, at: ctx.at };
}

/** Issue 24: the `ExtensionDrifted` notification of a drift (a bounded payload: ids, the two versions, Kubernetes, the breaks). */
export function driftNotification(ctx: RowContext, d: Drift): Notification {
  const id = `${ctx.rolloutId}:drift:${d.clusterId.toLowerCase()}/${d.extensionName}:${d.to}`;
  return notification(id, 'K8sExtensionReconciler.ExtensionDrifted', d.clusterId, ctx.at, {
    rolloutId: ctx.rolloutId,
    code: 'extension-drifted',
    clusterId: d.clusterId,
    extensionName: d.extensionName,
    extensionType: d.extensionType,
    from: d.from,
    to: d.to,
    kubernetesFrom: d.kubernetesFrom,
    kubernetesTo: d.kubernetesTo,
    brokeRule: d.breaks.length > 0,
    breaks: d.breaks,
  });
}
