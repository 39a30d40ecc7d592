/**
 * The audit log in Table storage (table ExtensionAudit). One partition per rollout; row keys derive from the row's
 * content, so appending the same rows twice upserts the same entities. Writes go in entity-group transactions
 * (<= 100 rows, well under 4 MiB) and are retried as a whole on transient failures.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { AuditKind, AuditLog, AuditQuery, AuditRecord } from '../../domain/ports';
import type { MoveKind } from '../../domain/model';
import type { ReasonCode } from '../../domain/reasonCodes';
import { sizedBatches } from '../shared/sizedBatches';
import { countingWriteFailures } from '../../telemetry/metrics';
import { inChildSpan } from '../../telemetry/rolloutTrace';
import { armIdKey, encodeKey, KEY_SEPARATOR } from './tableKeys';
import { tableReady, withTableRetry, type TableRetryOptions } from './tableRetry';

/** The audit table's name. */
export const AUDIT_TABLE = 'ExtensionAudit';

const MAX_BATCH_ROWS = 100;
const MAX_BATCH_BYTES = 3 * 1024 * 1024; // the service limit is 4 MiB; leave room for the multipart envelope
const MAX_TEXT = 16_000;
const PARALLEL_TRANSACTIONS = 4;
const KIND_ORDER: Record<AuditRecord['kind'], number> = { event: 0, planned: 1, approved: 2, applied: 3, failed: 3, skipped: 3, rollback: 3, hold: 3, halted: 4, ring: 5, rollout: 6, gate: 7 }; // transactions of one append in flight at once // a string property holds at most 64 KiB (32 K UTF-16 units)

type AuditEntity = Record<string, string> & { partitionKey: string; rowKey: string };

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** The deterministic row key: time first (rows sort by time in a partition), then a digest of what the row says. */
export function auditRowKey(row: AuditRecord): string {
  const identity = [row.clusterId.toLowerCase(), row.extensionName, row.kind, row.code, row.from ?? '', row.to ?? '', row.ring ?? '', row.actor ?? ''];
  const digest = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 24);
  return `${encodeKey(row.at, 64)}${KEY_SEPARATOR}${digest}`;
}

function toEntity(row: AuditRecord): AuditEntity {
  // Only the audit fields, named one by one: nothing else (never settings) reaches the table.
  const entity: AuditEntity = {
    partitionKey: encodeKey(row.rolloutId),
    rowKey: auditRowKey(row),
    rolloutId: row.rolloutId,
    clusterId: row.clusterId,
    clusterKey: armIdKey(row.clusterId),
    extensionName: row.extensionName,
    extensionType: row.extensionType,
    kind: row.kind,
    code: row.code,
    reason: clip(row.reason),
    trigger: row.trigger,
    at: row.at,
  };
  if (row.from !== null) entity.from = row.from;
  if (row.to !== null) entity.to = row.to;
  if (row.moveKind !== null) entity.moveKind = row.moveKind;
  if (row.armError !== undefined) entity.armError = clip(row.armError);
  if (row.actor !== undefined) entity.actor = row.actor;
  if (row.ring !== undefined) entity.ring = row.ring;
  return entity;
}

function str(entity: Record<string, unknown>, key: string): string | undefined {
  const value = entity[key];
  return typeof value === 'string' ? value : undefined;
}

function fromEntity(entity: Record<string, unknown>): AuditRecord {
  const code = str(entity, 'code') ?? '';
  const row: AuditRecord = {
    rolloutId: str(entity, 'rolloutId') ?? '',
    clusterId: str(entity, 'clusterId') ?? '',
    extensionName: str(entity, 'extensionName') ?? '',
    extensionType: str(entity, 'extensionType') ?? '',
    kind: (str(entity, 'kind') ?? 'event') as AuditKind,
    from: str(entity, 'from') ?? null,
    to: str(entity, 'to') ?? null,
    moveKind: (str(entity, 'moveKind') as MoveKind | undefined) ?? null,
    // Rows written by a newer version may carry codes this version does not know: keep the text as it is.
    code: code as ReasonCode,
    reason: str(entity, 'reason') ?? '',
    trigger: str(entity, 'trigger') ?? '',
    at: str(entity, 'at') ?? '',
  };
  const armError = str(entity, 'armError');
  if (armError !== undefined) row.armError = armError;
  const actor = str(entity, 'actor');
  if (actor !== undefined) row.actor = actor;
  const ring = str(entity, 'ring');
  if (ring !== undefined) row.ring = ring;
  return row;
}

/** AuditLog over a TableClient for the ExtensionAudit table. */
export class TableAuditLog implements AuditLog {
  /** Number of transactions submitted so far (for tests and metrics). */
  transactions = 0;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly client: TableClient,
    private readonly options: TableRetryOptions = {},
  ) {
    this.ensureTable = tableReady(client, options);
  }


  /** Upserts the rows, partition by partition, in transactions; idempotent for the same rows. */
  async append(rows: AuditRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await countingWriteFailures('audit', rows.length, () => this.ensureTable());
    const byPartition = new Map<string, Map<string, AuditEntity>>();
    for (const row of rows) {
      const entity = toEntity(row);
      const partition = byPartition.get(entity.partitionKey) ?? new Map<string, AuditEntity>();
      partition.set(entity.rowKey, entity); // a transaction may not touch one row twice
      byPartition.set(entity.partitionKey, partition);
    }
    // Transactions touch disjoint rows, so a few run side by side; each is retried on its own (upserts are idempotent).
    const pending = [...byPartition.values()].flatMap((partition) => sizedBatches([...partition.values()], { maxBytes: MAX_BATCH_BYTES, maxCount: MAX_BATCH_ROWS, overheadBytes: 512 }));
    const worker = async (): Promise<void> => {
      for (let batch = pending.shift(); batch; batch = pending.shift()) {
        const actions: TransactionAction[] = batch.map((entity) => ['upsert', entity, 'Replace']);
        const rows = batch.length;
        await inChildSpan('tables audit batch', () => countingWriteFailures('audit', rows, () => withTableRetry(() => this.client.submitTransaction(actions), this.options)), { 'reconciler.rows': rows });
        this.transactions++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_TRANSACTIONS, pending.length) }, worker));
  }

  /** Rows of a rollout and/or a cluster, oldest first; `limit` keeps the most recent ones. */
  async query(filter: AuditQuery): Promise<AuditRecord[]> {
    const clauses: string[] = [];
    if (filter.rolloutId !== undefined) clauses.push(odata`PartitionKey eq ${encodeKey(filter.rolloutId)}`);
    if (filter.clusterId !== undefined) clauses.push(odata`clusterKey eq ${armIdKey(filter.clusterId)}`);
    if (filter.kinds !== undefined && filter.kinds.length > 0) clauses.push(`(${filter.kinds.map((k) => odata`kind eq ${k}`).join(' or ')})`);
    await this.ensureTable();
    const rows = await withTableRetry(async () => {
      const found: AuditRecord[] = [];
      const query = clauses.length > 0 ? { filter: clauses.join(' and ') } : {};
      for await (const entity of this.client.listEntities<Record<string, unknown>>({ queryOptions: query })) {
        found.push(fromEntity(entity));
      }
      return found;
    }, this.options);
    // Rows written at one orchestration step share their time: order them as they happen (event, plan, action, outcome).
    rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.extensionName.localeCompare(b.extensionName)));
    return filter.limit !== undefined && filter.limit >= 0 ? rows.slice(Math.max(0, rows.length - filter.limit)) : rows;
  }
}
