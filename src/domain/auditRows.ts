/** Builders for the audit rows and notifications a rollout writes. Pure: ids and times are passed in. */
import type { Decision } from './model';
import type { AuditKind, AuditRecord, Notification, NotificationType } from './ports';
import type { ReasonCode } from './reasonCodes';

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
